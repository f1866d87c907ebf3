"""The policy in code; settings shorten, never lengthen (domain.md: no override)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from bilan.conservation.errors import ConservationError
from bilan.conservation.politique import (
    accord_fin_verifier,
    duree_jours,
    durees_legales,
    exception_echeance,
)
from bilan.retention import Categorie

FIN = date(2026, 3, 1)


def test_durations_by_default_are_the_laws() -> None:
    assert duree_jours(Categorie.CONTENU) == 0
    assert duree_jours(Categorie.EXCEPTION_SUIVI) == 1096
    assert duree_jours(Categorie.PREUVE) == 1461
    assert duree_jours(Categorie.FACTURE) == 3652
    assert durees_legales() == []


@pytest.mark.parametrize(
    ("reglage", "valeur"),
    [
        ("CONSERVATION_EXCEPTION_SUIVI_JOURS", 10_000),
        ("CONSERVATION_EXCEPTION_SUIVI_JOURS", 1097),
        ("CONSERVATION_EXCEPTION_SUIVI_JOURS", -1),
        ("CONSERVATION_PREUVE_JOURS", 5000),
        ("CONSERVATION_PREUVE_JOURS", 30),
        ("CONSERVATION_FACTURE_JOURS", 99_999),
        ("AUDIT_RETENTION_DAYS", 400),
    ],
)
def test_a_setting_outside_the_law_is_a_start_up_error(reglage: str, valeur: int) -> None:
    with override_settings(**{reglage: valeur}):
        erreurs = durees_legales()
        assert [e.id for e in erreurs] == ["conservation.E001"]
        assert reglage in erreurs[0].msg
        assert "Aucun réglage ne prolonge la conservation au-delà de la loi" in erreurs[0].msg
        with pytest.raises(SystemCheckError, match="durée de conservation refusée"):
            call_command("check")


def test_a_shorter_exception_ceiling_is_accepted_and_applied() -> None:
    with override_settings(CONSERVATION_EXCEPTION_SUIVI_JOURS=365):
        assert durees_legales() == []
        assert exception_echeance(fin=FIN, accord_fin=date(2028, 1, 1)) == date(2027, 3, 1)


@pytest.mark.django_db
def test_the_purge_refuses_to_run_with_a_setting_past_the_law() -> None:
    from bilan.conservation.models import Execution
    from bilan.conservation.services import conservation_purger

    with override_settings(CONSERVATION_EXCEPTION_SUIVI_JOURS=5000):
        with pytest.raises(ConservationError) as exc:
            conservation_purger()
    assert exc.value.code == "reglage_illegal"
    assert not Execution.objects.exists()


def test_the_exception_lasts_until_the_agreement_never_past_three_years() -> None:
    assert exception_echeance(fin=FIN, accord_fin=None) == FIN
    assert exception_echeance(fin=FIN, accord_fin=date(2027, 6, 30)) == date(2027, 6, 30)
    assert exception_echeance(fin=FIN, accord_fin=date(2035, 1, 1)) == date(2029, 3, 1)


def test_an_agreement_ending_past_three_years_is_refused() -> None:
    accord_fin_verifier(fin_action=FIN, accord_fin=date(2029, 3, 1))
    with pytest.raises(ConservationError) as exc:
        accord_fin_verifier(fin_action=FIN, accord_fin=date(2029, 3, 2))
    assert exc.value.code == "accord_trop_long"
    assert "3 ans au plus après la fin du bilan" in exc.value.message
    with pytest.raises(ConservationError) as exc:
        accord_fin_verifier(fin_action=FIN, accord_fin=date(2026, 2, 1))
    assert exc.value.code == "accord_avant_fin"
