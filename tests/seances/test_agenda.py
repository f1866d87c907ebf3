"""Scheduling (domain.md, The life of a bilan, 2-3; seed programme, Amplitude et durée)."""

from __future__ import annotations

import pytest

from bilan.audit.models import AuditEvent
from seances.errors import SeanceError
from seances.models import Seance, SeanceEvenement
from seances.services import (
    plan_avertissements,
    plan_create,
    seance_cancel,
    seance_reschedule,
    seance_schedule,
)
from tests.beneficiaires.factories import BilanFactory
from tests.seances.outils import jour, planifier, seance_n, t, tenir

pytestmark = pytest.mark.django_db


def test_seance_schedule_sets_the_slot_and_audits(plan, en_cours, consultant) -> None:
    seance = planifier(seance_n(en_cours, 1), jour(1), "09:00", "11:30")
    assert (seance.statut, seance.date, seance.duree_minutes) == ("planifiee", jour(1), 150)
    plan.refresh_from_db()
    assert plan.minutes_accompagnement_prevues == 990
    assert AuditEvent.objects.filter(event="seance.scheduled", target_id=str(seance.pk)).exists()


def test_seance_schedule_before_the_engagement_is_complete_is_refused(
    dossier, consultant, horloge
) -> None:
    bilan = BilanFactory(beneficiaire=dossier, consultant=consultant, etat="engagement")
    plan_create(bilan=bilan, consultant=consultant)  # no funding recorded yet
    with pytest.raises(SeanceError) as exc:
        planifier(seance_n(bilan, 1), jour(1))
    assert exc.value.message == (
        "Aucune séance ne peut être planifiée avant que l'engagement soit complet."
    )
    assert seance_n(bilan, 1).statut == "a_planifier"


def test_seance_schedule_phase_out_of_order_is_refused(plan, en_cours) -> None:
    planifier(seance_n(en_cours, 1), jour(7))
    with pytest.raises(SeanceError) as exc:
        planifier(seance_n(en_cours, 2), jour(2))  # investigation before the préliminaire
    assert exc.value.code == "phase_order"
    assert exc.value.message == (
        "Une séance de la phase d'investigation ne peut avoir lieu qu'après une séance de la "
        "phase préliminaire."
    )
    assert seance_n(en_cours, 2).statut == "a_planifier"


def test_seance_reschedule_of_the_preliminaire_after_investigation_is_refused(
    plan, en_cours, consultant
) -> None:
    planifier(seance_n(en_cours, 1), jour(1))
    planifier(seance_n(en_cours, 2), jour(8))
    with pytest.raises(SeanceError) as exc:
        seance_reschedule(
            seance=seance_n(en_cours, 1),
            consultant=consultant,
            date=jour(9),
            debut=t("09:00"),
            fin=t("11:00"),
            modalite="presentiel",
            lieu="Nantes",
            motif="Indisponibilité",
        )
    assert exc.value.code == "phase_order"
    assert seance_n(en_cours, 1).date == jour(1)


def test_seance_schedule_overlapping_another_bilan_is_refused(
    plan, en_cours, consultant, autre_beneficiaire
) -> None:
    from tests.beneficiaires.factories import DossierFactory

    autre = BilanFactory(
        beneficiaire=DossierFactory(user=autre_beneficiaire), consultant=consultant, etat="en_cours"
    )
    plan_create(bilan=autre, consultant=consultant)
    planifier(seance_n(en_cours, 1), jour(1), "09:00", "11:00")
    with pytest.raises(SeanceError) as exc:
        planifier(seance_n(autre, 1), jour(1), "10:30", "12:00")
    assert exc.value.message == (
        "Ce créneau chevauche une autre de vos séances (le 02/12/2026 de 09:00 à 11:00)."
    )
    assert seance_n(autre, 1).statut == "a_planifier"
    planifier(seance_n(autre, 1), jour(1), "11:00", "12:00")  # back to back is fine


def test_seance_schedule_in_the_past_is_refused(plan, en_cours) -> None:
    with pytest.raises(SeanceError) as exc:
        planifier(seance_n(en_cours, 1), jour(-1))
    assert exc.value.code == "creneau_past"
    assert exc.value.message == (
        "Une séance d'un jour passé ne s'enregistre plus : l'émargement se signe le jour même "
        "de la séance."
    )
    assert seance_n(en_cours, 1).statut == "a_planifier"


def test_seance_schedule_today_once_started_is_recorded_and_signed(plan, en_cours, horloge):
    """A session held today but not entered beforehand is recorded after its start, or even
    after its end, and both still sign it on its day (domain.md, Attendance)."""
    horloge(jour(1), "11:30")
    seance = planifier(seance_n(en_cours, 1), jour(1), "09:00", "11:00")
    assert (seance.statut, seance.date) == ("planifiee", jour(1))
    tenir(seance)
    assert seance.emargements.count() == 2


def test_seance_schedule_remote_without_a_link_is_refused(plan, en_cours, consultant) -> None:
    with pytest.raises(SeanceError) as exc:
        seance_schedule(
            seance=seance_n(en_cours, 1),
            consultant=consultant,
            date=jour(1),
            debut=t("09:00"),
            fin=t("11:00"),
            modalite="distanciel",
        )
    assert exc.value.code == "lien_required"


def test_seance_schedule_past_24h_is_refused(plan, en_cours) -> None:
    # 16 h planned + 6 h of personal work: the first session may grow by 2 h, not more.
    with pytest.raises(SeanceError) as exc:
        planifier(seance_n(en_cours, 1), jour(1), "08:00", "12:30")
    assert exc.value.code == "plan_over_24h"
    assert seance_n(en_cours, 1).statut == "a_planifier"


def test_seance_reschedule_keeps_the_reason_and_the_old_slot(plan, en_cours, consultant) -> None:
    planifier(seance_n(en_cours, 1), jour(1))
    seance_reschedule(
        seance=seance_n(en_cours, 1),
        consultant=consultant,
        date=jour(2),
        debut=t("14:00"),
        fin=t("16:00"),
        modalite="presentiel",
        lieu="Nantes",
        motif="Grève des transports",
    )
    event = SeanceEvenement.objects.get(type="reportee")
    assert (event.motif, event.ancienne_date, event.ancien_debut) == (
        "Grève des transports",
        jour(1),
        t("09:00"),
    )
    assert AuditEvent.objects.filter(event="seance.rescheduled").count() == 1


def test_seance_reschedule_without_a_reason_is_refused(plan, en_cours, consultant) -> None:
    planifier(seance_n(en_cours, 1), jour(1))
    with pytest.raises(SeanceError) as exc:
        seance_reschedule(
            seance=seance_n(en_cours, 1),
            consultant=consultant,
            date=jour(2),
            debut=t("14:00"),
            fin=t("16:00"),
            modalite="presentiel",
            lieu="Nantes",
            motif="  ",
        )
    assert exc.value.message == "Indiquez le motif."
    assert seance_n(en_cours, 1).date == jour(1)


def test_seance_cancel_takes_its_hours_out_of_the_plan(plan, en_cours, consultant) -> None:
    planifier(seance_n(en_cours, 1), jour(1))
    seance_cancel(seance=seance_n(en_cours, 1), consultant=consultant, motif="Maladie")
    plan.refresh_from_db()
    assert plan.minutes_accompagnement_prevues == 840
    assert seance_n(en_cours, 1).statut == "annulee"
    assert AuditEvent.objects.filter(event="seance.cancelled").count() == 1


def test_plan_avertissements_warns_outside_3_weeks_to_4_months(plan, en_cours) -> None:
    planifier(seance_n(en_cours, 1), jour(1))
    planifier(seance_n(en_cours, 2), jour(8))
    assert plan_avertissements(bilan_id=en_cours.pk) == [
        "Les séances s'étendent sur moins de 3 semaines (du 02/12/2026 au 09/12/2026) : le "
        "programme prévoit 3 semaines à 4 mois."
    ]
    planifier(seance_n(en_cours, 8), jour(30))
    assert plan_avertissements(bilan_id=en_cours.pk) == []
    planifier(seance_n(en_cours, 3), jour(130))
    assert plan_avertissements(bilan_id=en_cours.pk)[0].startswith(
        "Les séances s'étendent sur plus de 4 mois"
    )
    assert Seance.objects.filter(bilan=en_cours, statut="planifiee").count() == 4


def test_seance_absence_record_keeps_the_reason_and_leaves_the_plan(
    plan, en_cours, consultant, horloge
) -> None:
    from seances.services import seance_absence_record

    planifier(seance_n(en_cours, 1), jour(1))
    with pytest.raises(SeanceError) as exc:
        seance_absence_record(
            seance=seance_n(en_cours, 1),
            consultant=consultant,
            motif="Enfant malade",
            justifiee=True,
        )
    assert exc.value.code == "absence_in_advance"
    horloge(jour(1), "12:00")
    seance = seance_absence_record(
        seance=seance_n(en_cours, 1), consultant=consultant, motif="Enfant malade", justifiee=True
    )
    assert (seance.statut, seance.absence_justifiee) == ("absence", True)
    assert SeanceEvenement.objects.get(type="absence").motif == "Enfant malade"
    plan.refresh_from_db()
    assert plan.minutes_accompagnement_prevues == 840


def test_seance_connexion_record_for_a_remote_session(plan, en_cours, consultant) -> None:
    import datetime

    from django.utils import timezone

    from seances.services import seance_connexion_record

    seance = seance_schedule(
        seance=seance_n(en_cours, 1),
        consultant=consultant,
        date=jour(1),
        debut=t("09:00"),
        fin=t("11:00"),
        modalite="distanciel",
        lien_visio="https://visio.exemple.test/salle-12",
    )
    rejoint = timezone.make_aware(datetime.datetime.combine(jour(1), t("08:58")))
    quitte = timezone.make_aware(datetime.datetime.combine(jour(1), t("11:02")))
    seance = seance_connexion_record(
        seance=seance, consultant=consultant, rejoint_a=rejoint, quitte_a=quitte
    )
    assert (seance.connexion_debut, seance.connexion_fin) == (rejoint, quitte)
    with pytest.raises(SeanceError) as exc:
        seance_connexion_record(
            seance=seance, consultant=consultant, rejoint_a=quitte, quitte_a=rejoint
        )
    assert exc.value.code == "connexion_invalid"


def test_seance_connexion_record_after_a_signature_is_refused(
    plan, en_cours, consultant, beneficiaire, horloge
) -> None:
    """domain.md, Attendance: once signed, a session's data (its connection times
    included) never changes."""
    import datetime

    from django.utils import timezone

    from seances.services import seance_connexion_record
    from tests.seances.outils import signer

    seance = seance_schedule(
        seance=seance_n(en_cours, 1),
        consultant=consultant,
        date=jour(1),
        debut=t("09:00"),
        fin=t("11:00"),
        modalite="distanciel",
        lien_visio="https://visio.exemple.test/salle-12",
    )
    horloge(jour(1), "10:00")
    signer(seance, beneficiaire)
    rejoint = timezone.make_aware(datetime.datetime.combine(jour(1), t("08:58")))
    quitte = timezone.make_aware(datetime.datetime.combine(jour(1), t("11:02")))
    with pytest.raises(SeanceError) as exc:
        seance_connexion_record(
            seance=seance, consultant=consultant, rejoint_a=rejoint, quitte_a=quitte
        )
    assert exc.value.code == "seance_signed"
    assert exc.value.message == (
        "Cette séance a déjà été émargée : elle ne peut plus être modifiée."
    )
    seance.refresh_from_db()
    assert (seance.connexion_debut, seance.connexion_fin) == (None, None)
    assert not AuditEvent.objects.filter(event="seance.connection_recorded").exists()
