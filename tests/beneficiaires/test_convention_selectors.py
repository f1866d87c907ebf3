"""What the dashboards read of a convention: the next step and what the beneficiary must
sign (domain.md, Funding; the portal shows "what is expected of them")."""

from __future__ import annotations

import pytest

from beneficiaires.convention import (
    convention_link_issue,
    convention_sign_beneficiaire,
    convention_sign_employer,
)
from beneficiaires.models import Bilan
from beneficiaires.selectors import (
    convention_etat,
    convention_of,
    conventions_a_signer_par_beneficiaire,
)
from tests.beneficiaires.factories import (
    bilan_engage,
    convention_record,
    convention_signee_organisme,
)

pytestmark = pytest.mark.django_db


def _etape(bilan: Bilan) -> str:
    fresh = Bilan.objects.get(pk=bilan.pk)
    return convention_etat(convention=convention_of(bilan=fresh), bilan=fresh).etape


def test_convention_etat_follows_the_signatures_in_order(bilan, beneficiaire) -> None:
    assert _etape(bilan) == "a_etablir"
    convention_record(bilan_engage(bilan))
    assert _etape(bilan) == "signature_organisme"
    convention_signee_organisme(bilan)  # already engaged: records again, then signs
    assert _etape(bilan) == "signature_employeur"
    convention_sign_employer(
        token=convention_link_issue(bilan=bilan, user=bilan.consultant), signataire_nom="M. R."
    )
    assert _etape(bilan) == "signature_beneficiaire"
    convention_sign_beneficiaire(bilan=bilan, user=beneficiaire)
    assert _etape(bilan) == "signee"


def test_conventions_a_signer_lists_a_tripartite_only_once_transmitted(bilan, beneficiaire):
    convention_signee_organisme(bilan)
    assert list(conventions_a_signer_par_beneficiaire(user=beneficiaire)) == []
    convention_sign_employer(
        token=convention_link_issue(bilan=bilan, user=bilan.consultant), signataire_nom="M. R."
    )
    assert list(conventions_a_signer_par_beneficiaire(user=beneficiaire)) == [bilan]
    convention_sign_beneficiaire(bilan=bilan, user=beneficiaire)
    assert list(conventions_a_signer_par_beneficiaire(user=beneficiaire)) == []


def test_conventions_a_signer_lists_another_funder_once_the_provider_signed(
    bilan, beneficiaire, autre_beneficiaire
) -> None:
    convention_signee_organisme(bilan, financement="autre_financeur")
    assert list(conventions_a_signer_par_beneficiaire(user=beneficiaire)) == [bilan]
    assert list(conventions_a_signer_par_beneficiaire(user=autre_beneficiaire)) == []


def test_conventions_a_signer_uses_one_query(
    bilan, beneficiaire, django_assert_num_queries
) -> None:
    convention_signee_organisme(bilan, financement="autre_financeur")
    with django_assert_num_queries(1):
        assert len(list(conventions_a_signer_par_beneficiaire(user=beneficiaire))) == 1
