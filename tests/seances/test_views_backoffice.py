"""The consultant's screens of the sessions (domain.md, The life of a bilan, 3-6): the
plan and its progress, scheduling, notes, personal work. Every refusal shows the service's
French message and changes nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seances.models import (
    NoteSeance,
    Plan,
    Seance,
    SeanceEvenement,
    StatutSeance,
    StatutTravail,
    TravailPersonnel,
)
from seances.services import seance_remove, travail_assign, travail_report
from tests.seances.outils import Connecte, jour, planifier, seance_n, signer, tenir

pytestmark = pytest.mark.django_db


@pytest.fixture
def c(consultant, horloge) -> Connecte:
    return Connecte(consultant)


def _texte(response) -> str:
    return response.content.decode()


# ------------------------------------------------------------------------------- plan


def test_plan_without_plan_offers_the_templates(c, en_cours, horloge) -> None:
    from seances.demo import programme_seed_ensure

    programme_seed_ensure()
    response = c.get(reverse("backoffice:plan", args=[en_cours.pk]))
    assert response.status_code == 200
    assert "Ce bilan n'a pas encore de plan." in _texte(response)
    assert "Programme standard (8 séances)" in _texte(response)


def test_plan_creer_creates_the_eight_sessions_of_the_template(c, en_cours, horloge) -> None:
    from seances.demo import programme_seed_ensure
    from seances.models import PlanModele

    programme_seed_ensure()
    modele = PlanModele.objects.get(par_defaut=True)
    response = c.post(reverse("backoffice:plan_creer", args=[en_cours.pk]), {"modele": modele.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:plan", args=[en_cours.pk])
    assert Seance.objects.filter(bilan=en_cours).count() == 8
    assert Plan.objects.get(bilan=en_cours).minutes_accompagnement_prevues == 16 * 60


def test_plan_creer_on_a_bilan_in_prealable_is_refused_in_french(c, bilan) -> None:
    from seances.demo import programme_seed_ensure
    from seances.models import PlanModele

    programme_seed_ensure()
    modele = PlanModele.objects.get(par_defaut=True)
    response = c.post(reverse("backoffice:plan_creer", args=[bilan.pk]), {"modele": modele.pk})
    assert response.status_code == 200
    assert "Le plan de ce bilan ne peut pas changer dans son état actuel." in _texte(response)
    assert not Plan.objects.filter(bilan=bilan).exists()


def test_plan_shows_phases_hours_apart_and_a_progress_bar(c, plan, en_cours) -> None:
    response = c.get(reverse("backoffice:plan", args=[en_cours.pk]))
    texte = _texte(response)
    assert '<progress id="avancement" max="960" value="0"' in texte
    assert "0 h réalisées sur 16 h prévues (0 %)" in texte
    assert "Phase préliminaire" in texte and "Phase de conclusion" in texte
    assert "<td>6 h</td>" in texte  # personal work, apart from the accompaniment
    assert "<td>22 h</td>" in texte


def test_plan_progress_counts_only_sessions_signed_by_both(c, plan, en_cours, horloge) -> None:
    seance = planifier(seance_n(en_cours, 1), jour(1))
    horloge(jour(1), "10:00")
    tenir(seance)
    texte = _texte(c.get(reverse("backoffice:plan", args=[en_cours.pk])))
    assert '<progress id="avancement" max="960" value="120"' in texte
    assert "2 h réalisées sur 16 h prévues (12 %)" in texte


def test_plan_shows_the_span_warning(c, plan, en_cours) -> None:
    planifier(seance_n(en_cours, 1), jour(1))
    planifier(seance_n(en_cours, 2), jour(2))
    texte = _texte(c.get(reverse("backoffice:plan", args=[en_cours.pk])))
    assert "Les séances s&#x27;étendent sur moins de 3 semaines (du 02/12/2026 au 03/12/2026)" in (
        texte
    )


@pytest.mark.parametrize("garder", [1, 3, 8])
def test_plan_page_queries_do_not_grow_with_sessions(
    client_de, plan, en_cours, consultant, garder
) -> None:
    for numero in range(8, garder, -1):
        seance_remove(seance=seance_n(en_cours, numero), consultant=consultant)
    for numero in range(1, garder + 1):
        planifier(seance_n(en_cours, numero), jour(numero))
    c = client_de(consultant)
    c.get(reverse("backoffice:plan", args=[en_cours.pk]))  # warms the content-type cache
    with CaptureQueriesContext(connection) as queries:
        response = c.get(reverse("backoffice:plan", args=[en_cours.pk]))
    assert response.status_code == 200
    assert len(queries) == PLAN_QUERIES, "\n".join(q["sql"][:150] for q in queries)


# Session, user, bilan, plan, sessions + their signatures, the progression (5), the
# warnings: the same for 1, 3 or 8 sessions.
PLAN_QUERIES = 11


# ----------------------------------------------------------------- planned sessions


def test_seance_ajouter_adds_a_session_to_be_scheduled(c, plan, en_cours) -> None:
    response = c.post(
        reverse("backoffice:seance_ajouter", args=[en_cours.pk]),
        {"phase": "conclusion", "intitule": "Restitution", "duree_minutes": 60},
    )
    assert response.status_code == 302
    seance = Seance.objects.get(bilan=en_cours, numero=9)
    assert (seance.phase, seance.intitule, seance.statut) == (
        "conclusion",
        "Restitution",
        "a_planifier",
    )


def test_seance_ajouter_past_24_hours_is_refused(c, plan, en_cours) -> None:
    response = c.post(
        reverse("backoffice:seance_ajouter", args=[en_cours.pk]),
        {"phase": "conclusion", "intitule": "De trop", "duree_minutes": 180},
    )
    assert response.status_code == 200
    assert (
        "Le bilan ne peut pas dépasser 24 heures : 19 h d&#x27;accompagnement et 6 h de travail "
        "personnel feraient 25 h." in _texte(response)
    )
    assert Seance.objects.filter(bilan=en_cours).count() == 8


def test_seance_modifier_changes_a_session_to_be_scheduled(c, plan, en_cours) -> None:
    seance = seance_n(en_cours, 2)
    response = c.post(
        reverse("backoffice:seance_modifier", args=[seance.pk]),
        {"phase": "investigation", "intitule": "Tests d'intérêts", "duree_minutes": 90},
    )
    assert response.status_code == 302
    seance.refresh_from_db()
    assert (seance.intitule, seance.duree_minutes) == ("Tests d'intérêts", 90)


def test_seance_retirer_of_a_scheduled_session_is_refused(c, plan, en_cours) -> None:
    seance = planifier(seance_n(en_cours, 1), jour(1))
    response = c.post(reverse("backoffice:seance_retirer", args=[seance.pk]))
    assert response.status_code == 200
    assert "Une séance planifiée ne se retire pas du plan : annulez-la avec un motif." in (
        _texte(response)
    )
    assert Seance.objects.filter(pk=seance.pk).exists()


def test_seance_retirer_removes_a_session_to_be_scheduled(c, plan, en_cours) -> None:
    seance = seance_n(en_cours, 8)
    assert c.post(reverse("backoffice:seance_retirer", args=[seance.pk])).status_code == 302
    assert not Seance.objects.filter(pk=seance.pk).exists()


# -------------------------------------------------------------------------- scheduling


def _creneau(day, debut="09:00", fin="11:00", **extra):
    return {
        "date": day.isoformat(),
        "debut": debut,
        "fin": fin,
        "modalite": "presentiel",
        "lieu": "12 rue des Lilas, Nantes",
        **extra,
    }


def test_seance_planifier_schedules_the_session(c, plan, en_cours) -> None:
    seance = seance_n(en_cours, 1)
    response = c.post(reverse("backoffice:seance_planifier", args=[seance.pk]), _creneau(jour(3)))
    assert response["Location"] == reverse("backoffice:plan", args=[en_cours.pk])
    seance.refresh_from_db()
    assert (seance.statut, seance.date, seance.duree_minutes) == ("planifiee", jour(3), 120)


def test_seance_planifier_in_the_past_is_refused(c, plan, en_cours) -> None:
    seance = seance_n(en_cours, 1)
    response = c.post(reverse("backoffice:seance_planifier", args=[seance.pk]), _creneau(jour(-1)))
    assert (
        "Une séance d&#x27;un jour passé ne s&#x27;enregistre plus : l&#x27;émargement se signe "
        "le jour même de la séance." in _texte(response)
    )
    seance.refresh_from_db()
    assert seance.statut == StatutSeance.A_PLANIFIER


def test_seance_planifier_before_the_earlier_phase_is_refused(c, plan, en_cours) -> None:
    seance = seance_n(en_cours, 2)
    response = c.post(reverse("backoffice:seance_planifier", args=[seance.pk]), _creneau(jour(3)))
    assert (
        "Une séance de la phase d&#x27;investigation ne peut avoir lieu qu&#x27;après une séance "
        "de la phase préliminaire." in _texte(response)
    )
    seance.refresh_from_db()
    assert seance.date is None


def test_seance_planifier_remote_without_link_is_refused(c, plan, en_cours) -> None:
    seance = seance_n(en_cours, 1)
    data = _creneau(jour(3), modalite="distanciel", lieu="")
    response = c.post(reverse("backoffice:seance_planifier", args=[seance.pk]), data)
    assert "Indiquez le lien de visioconférence (adresse en https://)." in _texte(response)
    assert seance_n(en_cours, 1).statut == StatutSeance.A_PLANIFIER


def test_seance_reporter_needs_a_reason(c, plan, en_cours) -> None:
    seance = planifier(seance_n(en_cours, 1), jour(1))
    response = c.post(reverse("backoffice:seance_reporter", args=[seance.pk]), _creneau(jour(4)))
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in _texte(response)
    seance.refresh_from_db()
    assert seance.date == jour(1)


def test_seance_reporter_moves_the_session_and_keeps_the_reason(c, plan, en_cours) -> None:
    seance = planifier(seance_n(en_cours, 1), jour(1))
    data = _creneau(jour(4), motif="Indisponibilité du bénéficiaire")
    response = c.post(reverse("backoffice:seance_reporter", args=[seance.pk]), data)
    assert response.status_code == 302
    seance.refresh_from_db()
    assert seance.date == jour(4)
    evenement = SeanceEvenement.objects.get(seance=seance, type="reportee")
    assert (evenement.motif, evenement.ancienne_date) == (
        "Indisponibilité du bénéficiaire",
        jour(1),
    )


def test_seance_annuler_with_a_reason_frees_its_hours(c, plan, en_cours) -> None:
    seance = planifier(seance_n(en_cours, 1), jour(1))
    response = c.post(reverse("backoffice:seance_annuler", args=[seance.pk]), {"motif": "Maladie"})
    assert response.status_code == 302
    seance.refresh_from_db()
    assert seance.statut == StatutSeance.ANNULEE
    assert Plan.objects.get(bilan=en_cours).minutes_accompagnement_prevues == 14 * 60


def test_seance_absence_before_the_day_is_refused(c, plan, en_cours) -> None:
    seance = planifier(seance_n(en_cours, 1), jour(1))
    response = c.post(reverse("backoffice:seance_absence", args=[seance.pk]), {"motif": "Non venu"})
    assert "Une absence ne s&#x27;enregistre pas avant le jour de la séance." in _texte(response)
    assert seance_n(en_cours, 1).statut == StatutSeance.PLANIFIEE


def test_seance_absence_on_the_day_is_recorded(c, plan, en_cours, horloge) -> None:
    seance = planifier(seance_n(en_cours, 1), jour(1))
    horloge(jour(1), "12:00")
    response = c.post(
        reverse("backoffice:seance_absence", args=[seance.pk]),
        {"motif": "Non venu", "justifiee": "on"},
    )
    assert response["Location"] == reverse("backoffice:seance", args=[seance.pk])
    seance.refresh_from_db()
    assert (seance.statut, seance.absence_justifiee) == ("absence", True)


def test_seance_connexion_of_a_face_to_face_session_is_refused(c, plan, en_cours) -> None:
    seance = planifier(seance_n(en_cours, 1), jour(1))
    response = c.post(
        reverse("backoffice:seance_connexion", args=[seance.pk]),
        {"rejoint_a": "09:02", "quitte_a": "10:58"},
    )
    assert "Les heures de connexion ne concernent que les séances à distance." in _texte(response)


def test_seance_connexion_of_a_remote_session_is_recorded(c, plan, en_cours, horloge) -> None:
    seance = seance_n(en_cours, 1)
    data = _creneau(jour(1), modalite="distanciel", lieu="", lien_visio="https://visio.test/a")
    c.post(reverse("backoffice:seance_planifier", args=[seance.pk]), data)
    response = c.post(
        reverse("backoffice:seance_connexion", args=[seance.pk]),
        {"rejoint_a": "09:02", "quitte_a": "10:58"},
    )
    assert response.status_code == 302
    seance.refresh_from_db()
    assert f"{seance.connexion_debut:%H:%M}" == "08:02"  # UTC: 09:02 in Paris
    assert f"{seance.connexion_fin:%H:%M}" == "09:58"


# ------------------------------------------------------------------ the session's page


def test_seance_page_shows_the_slot_and_no_signature_yet(c, plan, en_cours) -> None:
    seance = planifier(seance_n(en_cours, 1), jour(1))
    texte = _texte(c.get(reverse("backoffice:seance", args=[seance.pk])))
    assert "09:00–11:00 (2 h)" in texte
    assert "Aucune signature pour l'instant." in texte
    assert reverse("backoffice:seance_ics", args=[seance.pk]) in texte


def test_seance_page_held_and_signed_by_both_says_so(c, plan, en_cours, horloge) -> None:
    """domain.md, Attendance: a signature is made once; nothing left to sign is offered."""
    seance = planifier(seance_n(en_cours, 1), jour(1))
    emarger = reverse("backoffice:emargement", args=[seance.pk])
    horloge(jour(1), "10:30")
    texte = _texte(c.get(reverse("backoffice:seance", args=[seance.pk])))
    assert " · Planifiée</p>" in texte
    assert emarger in texte
    signer(seance, en_cours.beneficiaire.user)
    texte = _texte(c.get(reverse("backoffice:seance", args=[seance.pk])))
    assert " · Émargée par le bénéficiaire, en attente du consultant</p>" in texte
    assert emarger in texte
    signer(seance, seance.consultant)
    texte = _texte(c.get(reverse("backoffice:seance", args=[seance.pk])))
    assert " · Tenue, émargée par les deux parties</p>" in texte
    assert " · Planifiée</p>" not in texte
    assert emarger not in texte


def test_seance_page_signed_by_the_consultant_only_offers_nothing_to_them(
    c, plan, en_cours, horloge
) -> None:
    seance = planifier(seance_n(en_cours, 1), jour(1))
    horloge(jour(1), "10:30")
    signer(seance, seance.consultant)
    texte = _texte(c.get(reverse("backoffice:seance", args=[seance.pk])))
    assert " · Émargée par le consultant, en attente du bénéficiaire</p>" in texte
    assert reverse("backoffice:emargement", args=[seance.pk]) not in texte


def test_seance_page_of_a_past_unsigned_day(c, plan, en_cours, horloge) -> None:
    seance = planifier(seance_n(en_cours, 1), jour(1))
    horloge(jour(2), "10:30")
    texte = _texte(c.get(reverse("backoffice:seance", args=[seance.pk])))
    assert " · Passée, non émargée</p>" in texte
    assert reverse("backoffice:emargement", args=[seance.pk]) not in texte


def test_plan_page_shows_each_sessions_attendance(c, plan, en_cours, horloge) -> None:
    s1 = planifier(seance_n(en_cours, 1), jour(1))
    planifier(seance_n(en_cours, 2), jour(8))
    horloge(jour(1), "10:30")
    tenir(s1)
    texte = _texte(c.get(reverse("backoffice:plan", args=[en_cours.pk])))
    assert "<td>Tenue, émargée par les deux parties</td>" in texte
    assert "<td>Planifiée</td>" in texte
    assert "<td>À planifier</td>" in texte


def test_seance_note_is_saved_confidential_by_default(c, plan, en_cours) -> None:
    seance = seance_n(en_cours, 1)
    response = c.post(
        reverse("backoffice:seance_note", args=[seance.pk]), {"texte": "Motivé, piste RH."}
    )
    assert response.status_code == 302
    note = NoteSeance.objects.get(seance=seance)
    assert (note.texte, note.partagee) == ("Motivé, piste RH.", False)
    assert "Motivé, piste RH." in _texte(c.get(reverse("backoffice:seance", args=[seance.pk])))


def test_seance_note_shared_with_the_beneficiary(c, plan, en_cours) -> None:
    seance = seance_n(en_cours, 1)
    c.post(
        reverse("backoffice:seance_note", args=[seance.pk]),
        {"texte": "À relire", "partagee": "on"},
    )
    assert NoteSeance.objects.get(seance=seance).partagee is True


def test_seance_note_empty_is_refused(c, plan, en_cours) -> None:
    seance = seance_n(en_cours, 1)
    response = c.post(reverse("backoffice:seance_note", args=[seance.pk]), {"texte": "  "})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in _texte(response)
    assert not NoteSeance.objects.exists()


def test_seance_note_beyond_twenty_thousand_characters_is_refused(c, plan, en_cours) -> None:
    """Two megabytes of notes were accepted: a free text has a ceiling (issue 9)."""
    seance = seance_n(en_cours, 1)
    response = c.post(reverse("backoffice:seance_note", args=[seance.pk]), {"texte": "a" * 20_001})
    assert response.status_code == 200
    assert "au plus 20000 caractères" in _texte(response)
    assert not NoteSeance.objects.exists()
    response = c.post(reverse("backoffice:seance_note", args=[seance.pk]), {"texte": "a" * 20_000})
    assert response.status_code == 302
    assert len(NoteSeance.objects.get(seance=seance).texte) == 20_000


def test_seance_ics_is_a_calendar_without_content(c, plan, en_cours) -> None:
    seance = planifier(seance_n(en_cours, 1), jour(1))
    response = c.get(reverse("backoffice:seance_ics", args=[seance.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="seance-{seance.pk}.ics"'
    body = response.content.decode()
    assert "DTSTART:20261202T080000Z" in body
    assert "SUMMARY:Séance de bilan" in body
    assert "Engagement" not in body


def test_seance_ics_of_an_unscheduled_session_is_404(c, plan, en_cours) -> None:
    seance = seance_n(en_cours, 1)
    assert c.get(reverse("backoffice:seance_ics", args=[seance.pk])).status_code == 404


# ------------------------------------------------------------------------ personal work


def test_travail_assign_lists_the_work(c, plan, en_cours) -> None:
    response = c.post(
        reverse("backoffice:travail_liste", args=[en_cours.pk]),
        {
            "consignes": "Lire la fiche métier",
            "echeance": jour(7).isoformat(),
            "minutes_prevues": 90,
        },
    )
    assert response["Location"] == reverse("backoffice:travail_liste", args=[en_cours.pk])
    texte = _texte(c.get(reverse("backoffice:travail_liste", args=[en_cours.pk])))
    assert "Lire la fiche métier" in texte
    assert "1 h 30" in texte


def test_travail_assign_over_the_plan_is_refused(c, plan, en_cours) -> None:
    response = c.post(
        reverse("backoffice:travail_liste", args=[en_cours.pk]),
        {"consignes": "Tout", "echeance": jour(7).isoformat(), "minutes_prevues": 400},
    )
    assert "Le travail personnel assigné dépasserait les 6 h prévues au plan." in _texte(response)
    assert not TravailPersonnel.objects.exists()


def test_travail_valider_a_reported_work(c, plan, en_cours, consultant, beneficiaire) -> None:
    travail = travail_assign(
        bilan=en_cours,
        consultant=consultant,
        consignes="Lire",
        echeance=jour(7),
        minutes_prevues=60,
    )
    travail_report(travail=travail, beneficiaire_user=beneficiaire, compte_rendu="Lu", minutes=50)
    response = c.post(
        reverse("backoffice:travail_valider", args=[travail.pk]), {"minutes_validees": 45}
    )
    assert response.status_code == 302
    travail.refresh_from_db()
    assert (travail.statut, travail.minutes_validees) == (StatutTravail.VALIDE, 45)
    assert Plan.objects.get(bilan=en_cours).minutes_travail_realisees == 45


def test_travail_valider_before_the_report_is_refused(c, plan, en_cours, consultant) -> None:
    travail = travail_assign(
        bilan=en_cours,
        consultant=consultant,
        consignes="Lire",
        echeance=jour(7),
        minutes_prevues=60,
    )
    response = c.post(reverse("backoffice:travail_valider", args=[travail.pk]), {})
    assert "Seul un travail rendu et non validé se valide." in _texte(response)
    travail.refresh_from_db()
    assert travail.statut == StatutTravail.ASSIGNE


def test_plan_travail_below_the_assigned_work_is_refused(c, plan, en_cours, consultant) -> None:
    travail_assign(
        bilan=en_cours,
        consultant=consultant,
        consignes="Lire",
        echeance=jour(7),
        minutes_prevues=120,
    )
    response = c.post(reverse("backoffice:plan_travail", args=[en_cours.pk]), {"minutes": 60})
    assert "Le travail personnel déjà assigné dépasse ce temps." in _texte(response)
    assert Plan.objects.get(bilan=en_cours).minutes_travail_prevues == 360


def test_plan_page_shows_the_24_hours_total_and_each_phase(c, plan, en_cours) -> None:
    # Issue (sessions, 8): hours done / planned as a progress bar, phase by phase.
    from django.urls import reverse

    html = c.get(reverse("backoffice:plan", args=[en_cours.pk])).content.decode()
    assert '<progress id="avancement-total" max="1320" value="0"' in html
    assert "0 h réalisées sur 22 h prévues (0 %)" in html
    assert '<th scope="row">dont Phase préliminaire</th><td>2 h</td><td>0 h</td>' in html
    assert '<th scope="row">dont Phase de conclusion</th><td>2 h</td><td>0 h</td>' in html
