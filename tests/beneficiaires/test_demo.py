"""The demo dossiers (bilan.demo): bilans in several states, reached through the life
cycle (domain.md, The life of a bilan), and a second run changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from beneficiaires.models import Beneficiaire, Bilan, BilanEvenement, BilanUserObjectPermission
from bilan.audit.models import AuditEvent
from bilan.demo import load_demo

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple:
    return (
        list(Beneficiaire.objects.order_by("pk").values_list("pk", "statut_professionnel")),
        list(Bilan.objects.order_by("pk").values_list("pk", "reference", "etat", "consultant")),
        BilanEvenement.objects.count(),
        BilanUserObjectPermission.objects.count(),
        AuditEvent.objects.count(),
    )


def test_demo_dossiers_put_bilans_in_several_states() -> None:
    load_demo()
    rows = {
        (b.beneficiaire.user.email, b.etat, b.consultant.email)
        for b in Bilan.objects.select_related("beneficiaire__user", "consultant")
    }
    assert rows == {
        ("lea.petit@exemple.test", "prealable", "claire.martin@exemple.test"),
        ("sophie.durand@exemple.test", "en_cours", "claire.martin@exemple.test"),
        ("karim.benali@exemple.test", "termine", "julien.bernard@exemple.test"),
        ("nadia.moreau@exemple.test", "engagement", "claire.martin@exemple.test"),
    }
    karim = Bilan.objects.get(beneficiaire__user__email="karim.benali@exemple.test")
    assert list(karim.evenements.values_list("vers", flat=True)) == [
        "engagement",
        "en_cours",
        "conclusion",
        "termine",
    ]


def test_demo_dossiers_twice_change_nothing() -> None:
    first_lines = load_demo()
    first = _snapshot()
    second_lines = load_demo()
    assert _snapshot() == first
    assert second_lines == first_lines
    assert len(first[1]) == 4


def test_demo_command_prints_the_bilans(capsys) -> None:
    call_command("demo")
    out = capsys.readouterr().out
    assert "Bilans de démonstration :" in out
    assert "Sophie Durand  (En cours, consultant : Claire Martin)" in out


def test_demo_nadia_waits_to_sign_her_convention_tripartite() -> None:
    """domain.md, Funding: provider and employer have signed, the employee has 10 days."""
    from django.utils import timezone

    from beneficiaires.models import LienSignature
    from beneficiaires.selectors import conventions_a_signer_par_beneficiaire

    load_demo()
    nadia = Bilan.objects.select_related("beneficiaire__user").get(
        beneficiaire__user__email="nadia.moreau@exemple.test"
    )
    assert (nadia.financement, nadia.beneficiaire.employeur_nom) == (
        "plan_developpement",
        "Transports Rivière",
    )
    convention = nadia.convention
    assert sorted(convention.signatures.values_list("role", flat=True)) == [
        "employeur",
        "prestataire",
    ]
    assert timezone.localdate(convention.transmise_at) == timezone.localdate()
    assert LienSignature.objects.filter(used_at__isnull=True).count() == 0
    assert list(conventions_a_signer_par_beneficiaire(user=nadia.beneficiaire.user)) == [nadia]
