"""Session notes and guided personal work: content for the beneficiary and the assigned
consultant only (domain.md, Confidentiality); only validated time counts (seed programme)."""

from __future__ import annotations

import datetime

import pytest

from bilan.crypto import PREFIX
from seances.errors import SeanceError
from seances.models import NoteSeance
from seances.selectors import bilan_progression, notes_visible_to, travaux_visible_to
from seances.services import note_seance_set, travail_assign, travail_report, travail_validate
from tests.seances.outils import jour, seance_n

pytestmark = pytest.mark.django_db


def test_notes_are_the_consultants_until_shared(
    plan, en_cours, consultant, beneficiaire, autre_consultant, admin, superuser
) -> None:
    note = note_seance_set(
        seance=seance_n(en_cours, 1),
        consultant=consultant,
        texte="Hésite entre deux pistes.",
        partagee=False,
    )
    assert list(notes_visible_to(consultant)) == [note]
    for other in (beneficiaire, autre_consultant, admin, superuser):
        assert list(notes_visible_to(other)) == []
    note_seance_set(
        seance=seance_n(en_cours, 1),
        consultant=consultant,
        texte="Hésite entre deux pistes.",
        partagee=True,
    )
    assert [n.texte for n in notes_visible_to(beneficiaire)] == ["Hésite entre deux pistes."]


def test_notes_are_encrypted_at_rest(plan, en_cours, consultant) -> None:
    from django.db import connection

    note = note_seance_set(
        seance=seance_n(en_cours, 1), consultant=consultant, texte="Confidentiel", partagee=False
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT texte FROM seances_noteseance WHERE id = %s", [note.pk])
        assert cursor.fetchone()[0].startswith(PREFIX)


def test_notes_by_another_consultant_are_refused(plan, en_cours, autre_consultant) -> None:
    with pytest.raises(SeanceError) as exc:
        note_seance_set(
            seance=seance_n(en_cours, 1), consultant=autre_consultant, texte="x", partagee=False
        )
    assert exc.value.code == "not_assigned"


def test_notes_beyond_twenty_thousand_characters_are_refused_by_the_service(
    plan, en_cours, consultant
) -> None:
    """Whoever calls the service, not only the form (issue 9)."""
    with pytest.raises(SeanceError) as exc:
        note_seance_set(
            seance=seance_n(en_cours, 1), consultant=consultant, texte="a" * 20_001, partagee=False
        )
    assert exc.value.code == "note_too_long"
    assert "au plus 20\u00a0000 caractères" in exc.value.message
    assert not NoteSeance.objects.exists()


def test_personal_work_counts_only_once_validated(
    plan, en_cours, consultant, beneficiaire, autre_beneficiaire
) -> None:
    travail = travail_assign(
        bilan=en_cours,
        consultant=consultant,
        consignes="Inventaire des compétences",
        echeance=jour(7),
        minutes_prevues=120,
    )
    assert list(travaux_visible_to(beneficiaire)) == [travail]
    assert list(travaux_visible_to(autre_beneficiaire)) == []
    travail_report(
        travail=travail,
        beneficiaire_user=beneficiaire,
        compte_rendu="Fait, vingt compétences listées.",
        minutes=150,
    )
    assert bilan_progression(bilan=en_cours).minutes_travail_realisees == 0
    travail_validate(travail=travail, consultant=consultant, minutes_validees=120)
    assert bilan_progression(bilan=en_cours).minutes_travail_realisees == 120
    plan.refresh_from_db()
    assert plan.minutes_travail_realisees == 120


def test_personal_work_reported_by_someone_else_is_refused(
    plan, en_cours, consultant, autre_beneficiaire
) -> None:
    travail = travail_assign(
        bilan=en_cours,
        consultant=consultant,
        consignes="Lire",
        echeance=jour(7),
        minutes_prevues=60,
    )
    with pytest.raises(SeanceError) as exc:
        travail_report(
            travail=travail, beneficiaire_user=autre_beneficiaire, compte_rendu="x", minutes=60
        )
    assert exc.value.message == "Ce travail personnel n'est pas le vôtre."


def test_personal_work_beyond_the_plan_is_refused(plan, en_cours, consultant) -> None:
    with pytest.raises(SeanceError) as exc:
        travail_assign(
            bilan=en_cours,
            consultant=consultant,
            consignes="Tout",
            echeance=jour(7),
            minutes_prevues=361,
        )
    assert exc.value.message == "Le travail personnel assigné dépasserait les 6 h prévues au plan."


def test_personal_work_validation_above_the_declared_time_is_refused(
    plan, en_cours, consultant, beneficiaire
) -> None:
    travail = travail_assign(
        bilan=en_cours,
        consultant=consultant,
        consignes="Lire",
        echeance=jour(7),
        minutes_prevues=60,
    )
    travail_report(travail=travail, beneficiaire_user=beneficiaire, compte_rendu="Lu", minutes=60)
    with pytest.raises(SeanceError) as exc:
        travail_validate(travail=travail, consultant=consultant, minutes_validees=61)
    assert exc.value.code == "minutes_invalid"
    travail.refresh_from_db()
    assert travail.statut == "rendu"


def test_echeance_in_the_past_is_refused(plan, en_cours, consultant) -> None:
    with pytest.raises(SeanceError) as exc:
        travail_assign(
            bilan=en_cours,
            consultant=consultant,
            consignes="Lire",
            echeance=jour(0) - datetime.timedelta(days=1),
            minutes_prevues=60,
        )
    assert exc.value.code == "echeance_past"


def test_personal_work_validation_above_the_assigned_time_is_refused(
    plan, en_cours, consultant, beneficiaire
) -> None:
    """domain.md, Duration: validated personal work stays within the time assigned."""
    travail = travail_assign(
        bilan=en_cours,
        consultant=consultant,
        consignes="Lire",
        echeance=jour(7),
        minutes_prevues=60,
    )
    travail_report(travail=travail, beneficiaire_user=beneficiaire, compte_rendu="Lu", minutes=90)
    for asked in (None, 61):
        with pytest.raises(SeanceError) as exc:
            travail_validate(travail=travail, consultant=consultant, minutes_validees=asked)
        assert exc.value.code == "minutes_over_assigned"
        assert exc.value.message == (
            "Le temps validé ne peut pas dépasser le temps prévu pour ce travail (1 h) : "
            "corrigez-le à la baisse."
        )
    travail.refresh_from_db()
    assert (travail.statut, travail.minutes_validees) == ("rendu", 0)
    plan.refresh_from_db()
    assert plan.minutes_travail_realisees == 0
    travail_validate(travail=travail, consultant=consultant, minutes_validees=60)
    plan.refresh_from_db()
    assert plan.minutes_travail_realisees == 60


def test_personal_work_validated_above_the_assigned_time_is_refused_by_the_database(
    plan, en_cours, consultant
) -> None:
    from django.db import IntegrityError, transaction

    travail = travail_assign(
        bilan=en_cours,
        consultant=consultant,
        consignes="Lire",
        echeance=jour(7),
        minutes_prevues=60,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        type(travail).objects.filter(pk=travail.pk).update(statut="valide", minutes_validees=61)
    travail.refresh_from_db()
    assert travail.minutes_validees == 0
