"""Reads of bilans, scoped to the user (domain.md, The people; style.md, rule 3)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from beneficiaires.models import Bilan, Etat
from beneficiaires.selectors import (
    bilan_counts_per_state,
    bilans_for_administration,
    bilans_for_consultant,
)
from beneficiaires.services import bilan_assign_consultant
from tests.beneficiaires.factories import BilanFactory, DossierFactory
from tests.factories import BeneficiaireFactory

pytestmark = pytest.mark.django_db


def _bilan(consultant, *, first_name="Nina", last_name="Roux", etat="prealable") -> Bilan:
    user = BeneficiaireFactory(first_name=first_name, last_name=last_name)
    return BilanFactory(beneficiaire=DossierFactory(user=user), consultant=consultant, etat=etat)


def test_bilans_for_consultant_lists_their_own_newest_first(consultant, autre_consultant) -> None:
    first, second = _bilan(consultant), _bilan(consultant)
    _bilan(autre_consultant)
    assert list(bilans_for_consultant(user=consultant)) == [second, first]


@pytest.mark.parametrize(
    "persona", ["beneficiaire", "autre_consultant", "admin", "superuser", "anonyme"]
)
def test_bilans_for_consultant_shows_nothing_to_others(bilan, request, persona) -> None:
    """domain.md, The people: administrators and superusers never see content."""
    user = request.getfixturevalue(persona) or AnonymousUser()
    assert list(bilans_for_consultant(user=user)) == []


def test_bilans_for_consultant_follows_a_reassignment(
    bilan, consultant, autre_consultant, admin
) -> None:
    bilan_assign_consultant(bilan=bilan, consultant=autre_consultant, by=admin)
    assert list(bilans_for_consultant(user=consultant)) == []
    assert list(bilans_for_consultant(user=autre_consultant)) == [bilan]


def test_bilans_for_consultant_needs_the_permission_as_well_as_the_assignment(
    bilan, consultant, autre_consultant
) -> None:
    Bilan.objects.filter(pk=bilan.pk).update(consultant=autre_consultant)  # no grant
    assert list(bilans_for_consultant(user=autre_consultant)) == []
    assert list(bilans_for_consultant(user=consultant)) == []


def test_bilans_for_consultant_filters_by_state(consultant) -> None:
    _bilan(consultant)
    en_cours = _bilan(consultant, etat="en_cours")
    assert list(bilans_for_consultant(user=consultant, etat="en_cours")) == [en_cours]


def test_bilans_for_consultant_filters_by_funding(consultant) -> None:
    bilan = _bilan(consultant)
    _bilan(consultant)
    Bilan.objects.filter(pk=bilan.pk).update(financement="cpf")
    assert list(bilans_for_consultant(user=consultant, financement="cpf")) == [bilan]


def test_bilans_for_consultant_searches_names_and_references(consultant) -> None:
    roux = _bilan(consultant, first_name="Nina", last_name="Roux")
    faure = _bilan(consultant, first_name="Paul", last_name="Faure")
    assert list(bilans_for_consultant(user=consultant, search="roux")) == [roux]
    assert list(bilans_for_consultant(user=consultant, search="paul FAURE")) == [faure]
    assert list(bilans_for_consultant(user=consultant, search=faure.reference)) == [faure]
    assert list(bilans_for_consultant(user=consultant, search="Nina Faure")) == []


@pytest.mark.parametrize("count", [1, 3])
def test_bilans_for_consultant_uses_constant_queries(
    consultant, count, django_assert_num_queries
) -> None:
    """style.md: every list has a query-count test for 1 and 3 items."""
    for _ in range(count):
        _bilan(consultant)
    with django_assert_num_queries(1):
        rows = list(bilans_for_consultant(user=consultant, search="Roux"))
        names = [str(row.beneficiaire) for row in rows]
    assert len(names) == count


def test_bilans_for_administration_lists_every_bilan(consultant, autre_consultant, admin) -> None:
    first, second = _bilan(consultant), _bilan(autre_consultant)
    assert list(bilans_for_administration(user=admin)) == [second, first]
    assert list(bilans_for_administration(user=admin, search="Roux", etat="prealable")) == [
        second,
        first,
    ]


@pytest.mark.parametrize("persona", ["beneficiaire", "consultant", "autre_consultant", "anonyme"])
def test_bilans_for_administration_shows_nothing_to_others(bilan, request, persona) -> None:
    user = request.getfixturevalue(persona) or AnonymousUser()
    assert list(bilans_for_administration(user=user)) == []


def test_bilans_for_administration_loads_metadata_only(bilan, admin) -> None:
    """domain.md, The people: metadata only (names, dates, statuses); never contact data."""
    row = bilans_for_administration(user=admin).get()
    assert "telephone" in row.beneficiaire.get_deferred_fields()
    assert "email" in row.beneficiaire.user.get_deferred_fields()


@pytest.mark.parametrize("count", [1, 3])
def test_bilans_for_administration_uses_constant_queries(
    consultant, admin, count, django_assert_num_queries
) -> None:
    for _ in range(count):
        _bilan(consultant)
    with django_assert_num_queries(1):
        rows = list(bilans_for_administration(user=admin))
        names = [(str(row.beneficiaire.user), str(row.consultant), row.etat) for row in rows]
    assert len(names) == count


def test_bilan_counts_per_state_counts_the_consultants_bilans(consultant, autre_consultant) -> None:
    _bilan(consultant)
    _bilan(consultant, etat="en_cours")
    _bilan(consultant, etat="en_cours")
    _bilan(autre_consultant, etat="termine")
    expected = dict.fromkeys(Etat.values, 0) | {"prealable": 1, "en_cours": 2}
    assert bilan_counts_per_state(user=consultant) == expected


def test_bilan_counts_per_state_counts_every_bilan_for_an_administrator(
    consultant, autre_consultant, admin
) -> None:
    _bilan(consultant)
    _bilan(autre_consultant, etat="termine")
    expected = dict.fromkeys(Etat.values, 0) | {"prealable": 1, "termine": 1}
    assert bilan_counts_per_state(user=admin) == expected


@pytest.mark.parametrize("count", [1, 3])
def test_bilan_counts_per_state_uses_one_query(consultant, count, django_assert_num_queries):
    for _ in range(count):
        _bilan(consultant)
    with django_assert_num_queries(1):
        counts = bilan_counts_per_state(user=consultant)
    assert counts["prealable"] == count


def test_bilans_visible_to_gives_the_owner_and_the_assigned_consultant_only(
    bilan, beneficiaire, consultant, autre_beneficiaire, autre_consultant, admin, superuser
) -> None:
    from beneficiaires.selectors import bilans_visible_to, entretiens_visible_to
    from tests.beneficiaires.factories import entretien_record

    entretien_record(bilan)
    for user in (beneficiaire, consultant):
        assert list(bilans_visible_to(user=user)) == [bilan]
        assert entretiens_visible_to(user=user).count() == 1
    for user in (autre_beneficiaire, autre_consultant, admin, superuser):
        assert list(bilans_visible_to(user=user)) == []
        assert entretiens_visible_to(user=user).count() == 0


def test_bilans_visible_to_follows_the_reassignment(bilan, consultant, autre_consultant) -> None:
    from beneficiaires.selectors import bilans_visible_to
    from beneficiaires.services import bilan_assign_consultant

    bilan_assign_consultant(bilan=bilan, consultant=autre_consultant, by=None)
    assert list(bilans_visible_to(user=consultant)) == []
    assert list(bilans_visible_to(user=autre_consultant)) == [bilan]
