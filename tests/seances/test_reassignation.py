"""A change of consultant moves the sessions and the right to sign them (domain.md,
Confidentiality: "a change of consultant moves the access")."""

from __future__ import annotations

import pytest

from beneficiaires.services import bilan_assign_consultant
from bilan.signatures.models import CodeUnique
from seances.errors import SeanceError
from seances.models import Emargement
from seances.selectors import agenda_consultant
from seances.services import (
    emargement_code_request,
    emargement_sign,
    emargement_verifier,
    flux_create,
    ics_flux,
)
from tests.seances.outils import jour, planifier, seance_n, signer, tenir

pytestmark = pytest.mark.django_db

NOT_SIGNER = "Seuls le bénéficiaire et le consultant de la séance signent, chacun pour soi."


@pytest.fixture
def reassigne(plan, en_cours, consultant, autre_consultant, admin):
    """Two sessions scheduled by Claire Martin, then the bilan given to Julien Bernard."""
    planifier(seance_n(en_cours, 1), jour(1))
    planifier(seance_n(en_cours, 2), jour(8))
    bilan_assign_consultant(bilan=en_cours, consultant=autre_consultant, by=admin)
    return en_cours


def test_reassignment_moves_the_unsigned_sessions(reassigne, autre_consultant) -> None:
    assert {seance_n(reassigne, n).consultant_id for n in (1, 2)} == {autre_consultant.pk}


def test_reassignment_old_consultant_cannot_request_a_code(reassigne, consultant, horloge) -> None:
    horloge(jour(1), "10:00")
    with pytest.raises(SeanceError) as exc:
        emargement_code_request(
            seance=seance_n(reassigne, 1), signataire=consultant, demi_journee="matin"
        )
    assert exc.value.code == "not_signer"
    assert exc.value.message == NOT_SIGNER
    assert not CodeUnique.objects.exists()


def test_reassignment_old_consultant_cannot_sign(reassigne, consultant, horloge) -> None:
    horloge(jour(1), "10:00")
    with pytest.raises(SeanceError) as exc:
        emargement_sign(
            seance=seance_n(reassigne, 1),
            signataire=consultant,
            demi_journee="matin",
            code="123456",
        )
    assert exc.value.message == NOT_SIGNER
    assert not Emargement.objects.exists()


def test_reassignment_new_consultant_signs(reassigne, autre_consultant, horloge) -> None:
    horloge(jour(1), "10:00")
    signature = signer(seance_n(reassigne, 1), autre_consultant)
    assert (signature.role, signature.signataire_id) == ("consultant", autre_consultant.pk)


def test_reassignment_moves_the_agenda(reassigne, consultant, autre_consultant) -> None:
    assert list(agenda_consultant(consultant=consultant, du=jour(0), au=jour(30))) == []
    assert [
        s.numero for s in agenda_consultant(consultant=autre_consultant, du=jour(0), au=jour(30))
    ] == [1, 2]


def test_reassignment_moves_the_calendar_feed(reassigne, consultant, autre_consultant):
    assert ics_flux(jeton=flux_create(consultant=consultant)).count("BEGIN:VEVENT") == 0
    assert ics_flux(jeton=flux_create(consultant=autre_consultant)).count("BEGIN:VEVENT") == 2


def test_reassignment_keeps_a_signed_session_with_its_consultant(
    plan, en_cours, consultant, autre_consultant, admin, horloge
) -> None:
    """A signature binds the consultant's name: a held session does not move."""
    seance1 = planifier(seance_n(en_cours, 1), jour(1))
    planifier(seance_n(en_cours, 2), jour(8))
    horloge(jour(1), "10:00")
    tenir(seance1)
    bilan_assign_consultant(bilan=en_cours, consultant=autre_consultant, by=admin)
    assert seance_n(en_cours, 1).consultant_id == consultant.pk
    assert seance_n(en_cours, 2).consultant_id == autre_consultant.pk
    assert {emargement_verifier(emargement=e) for e in Emargement.objects.all()} == {"intact"}
    assert list(agenda_consultant(consultant=consultant, du=jour(0), au=jour(30))) == []


def test_reassignment_hook_that_refuses_cancels_the_whole_change(
    plan, en_cours, consultant, autre_consultant, admin, monkeypatch
) -> None:
    """The hooks run inside the reassignment's transaction: one refusal, nothing changed."""
    from beneficiaires import services
    from beneficiaires.errors import BilanError
    from seances.services.agenda import seances_consultant_change

    planifier(seance_n(en_cours, 1), jour(1))

    def refuse(**kwargs) -> None:
        raise BilanError("test_refus", "Refusé.")

    monkeypatch.setattr(services, "_consultant_changes", [seances_consultant_change, refuse])
    with pytest.raises(BilanError):
        bilan_assign_consultant(bilan=en_cours, consultant=autre_consultant, by=admin)
    en_cours.refresh_from_db()
    assert en_cours.consultant_id == consultant.pk
    assert seance_n(en_cours, 1).consultant_id == consultant.pk


def test_register_consultant_change_twice_registers_once(monkeypatch) -> None:
    from beneficiaires import services

    monkeypatch.setattr(services, "_consultant_changes", [])

    def hook(**kwargs) -> None:
        return None

    services.register_consultant_change(hook)
    services.register_consultant_change(hook)
    assert services._consultant_changes == [hook]


def test_reassignment_onto_an_overlapping_session_is_refused(
    plan, en_cours, consultant, autre_consultant, admin, autre_beneficiaire, horloge
) -> None:
    """Scheduling refuses two sessions of one consultant at once; so does reassignment."""
    from beneficiaires.errors import BilanError
    from seances.services import plan_create
    from tests.beneficiaires.factories import BilanFactory

    planifier(seance_n(en_cours, 1), jour(1), "09:00", "11:00")
    autre = BilanFactory(
        beneficiaire__user=autre_beneficiaire, consultant=autre_consultant, etat="en_cours"
    )
    plan_create(bilan=autre, consultant=autre_consultant)
    planifier(seance_n(autre, 1), jour(1), "10:00", "12:00")
    with pytest.raises(BilanError) as exc:
        bilan_assign_consultant(bilan=en_cours, consultant=autre_consultant, by=admin)
    assert exc.value.code == "consultant_overlap"
    assert exc.value.message == (
        "Julien Bernard a déjà une séance qui chevauche celle du 02/12/2026 de 09:00 à 11:00 "
        "de ce bilan : déplacez l'une d'elles avant de changer de consultant."
    )
    en_cours.refresh_from_db()
    assert en_cours.consultant_id == consultant.pk
    assert seance_n(en_cours, 1).consultant_id == consultant.pk
