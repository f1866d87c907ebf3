"""The life cycle of a bilan (domain.md, The life of a bilan): préalable → engagement →
en cours → conclusion → terminé (→ suivi) → clos, plus abandonné and refusé; "where a rule
says refuse, the platform refuses with a clear French message and changes nothing"."""

from __future__ import annotations

import itertools

import pytest

from beneficiaires import services
from beneficiaires.models import Bilan, BilanEvenement, Etat
from beneficiaires.services import (
    TRANSITIONS,
    BilanError,
    bilan_engagement_complete,
    bilan_transition,
)
from bilan.audit.models import AuditEvent
from tests.beneficiaires.factories import (
    BilanFactory,
    consentement_donne,
    financement_cpf,
    seances_tenues,
)

pytestmark = pytest.mark.django_db

ALLOWED = {(de, vers) for de, targets in TRANSITIONS.items() for vers in targets}
REFUSED = sorted(set(itertools.product(Etat.values, Etat.values)) - ALLOWED)


def _put(bilan: Bilan, etat: str) -> None:
    """Test set-up only: place the bilan in a state without the service."""
    Bilan.objects.filter(pk=bilan.pk).update(etat=etat)
    bilan.refresh_from_db()


def test_bilan_transition_allows_exactly_the_issue_map() -> None:
    assert ALLOWED == {
        ("prealable", "engagement"),
        ("prealable", "abandonne"),
        ("prealable", "refuse"),
        ("engagement", "en_cours"),
        ("engagement", "abandonne"),
        ("engagement", "refuse"),
        ("en_cours", "conclusion"),
        ("en_cours", "abandonne"),
        ("conclusion", "termine"),
        ("conclusion", "abandonne"),
        ("termine", "suivi"),
        ("termine", "clos"),
        ("suivi", "clos"),
    }


@pytest.mark.parametrize(("de", "vers"), sorted(ALLOWED))
def test_bilan_transition_allowed_changes_the_state(bilan, consultant, de, vers) -> None:
    consentement_donne(bilan)  # leaving préalable for engagement requires it (L6313-4)
    _put(bilan, "engagement")
    financement_cpf(bilan)  # leaving engagement for en cours requires it (Engagement)
    _put(bilan, de)
    if vers in ("conclusion", "termine"):
        seances_tenues(bilan)  # conclusion and closing require held, signed phases (seances)
    result = bilan_transition(bilan=bilan, vers=vers, by=consultant)
    assert result.etat == vers
    assert bilan.etat == vers  # the caller's instance follows
    assert Bilan.objects.get(pk=bilan.pk).etat == vers


@pytest.mark.parametrize(("de", "vers"), REFUSED)
def test_bilan_transition_outside_the_map_is_refused(bilan, consultant, de, vers) -> None:
    _put(bilan, de)
    changed_at = bilan.etat_changed_at
    audit_before = AuditEvent.objects.count()
    with pytest.raises(BilanError) as exc:
        bilan_transition(bilan=bilan, vers=vers, by=consultant)
    assert exc.value.code == "transition_refused"
    bilan.refresh_from_db()
    assert (bilan.etat, bilan.etat_changed_at) == (de, changed_at)
    assert BilanEvenement.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


@pytest.mark.parametrize(
    ("de", "vers", "message"),
    [
        ("prealable", "en_cours", "« Préalable » à l'état « En cours »"),
        ("en_cours", "refuse", "« En cours » à l'état « Refusé »"),
        ("termine", "abandonne", "« Terminé » à l'état « Abandonné »"),
        ("clos", "suivi", "« Clos » à l'état « Suivi »"),
    ],
)
def test_bilan_transition_refusal_names_both_states(bilan, de, vers, message) -> None:
    _put(bilan, de)
    with pytest.raises(BilanError) as exc:
        bilan_transition(bilan=bilan, vers=vers, by=None)
    assert exc.value.message == f"Le bilan ne peut pas passer de l'état {message}."


@pytest.mark.parametrize("etat", ["clos", "abandonne", "refuse"])
def test_bilan_transition_on_an_ended_bilan_is_refused_whatever_the_target(bilan, etat) -> None:
    _put(bilan, etat)
    for vers in Etat.values:
        with pytest.raises(BilanError) as exc:
            bilan_transition(bilan=bilan, vers=vers, by=None)
        assert exc.value.code == "transition_refused"
    assert Bilan.objects.get(pk=bilan.pk).etat == etat


def test_bilan_transition_to_an_unknown_state_is_refused(bilan) -> None:
    with pytest.raises(BilanError) as exc:
        bilan_transition(bilan=bilan, vers="suspendu", by=None)
    assert exc.value.code == "transition_refused"
    assert exc.value.message == (
        "Le bilan ne peut pas passer de l'état « Préalable » à l'état « suspendu »."
    )


def test_bilan_transition_reads_the_state_from_the_database(bilan) -> None:
    """A stale instance cannot replay a transition another request already made."""
    consentement_donne(bilan)
    stale = Bilan.objects.get(pk=bilan.pk)
    bilan_transition(bilan=bilan, vers="engagement", by=None)
    with pytest.raises(BilanError) as exc:
        bilan_transition(bilan=stale, vers="engagement", by=None)
    assert exc.value.code == "transition_refused"
    assert BilanEvenement.objects.count() == 1


def test_bilan_transition_writes_the_timeline(bilan, consultant) -> None:
    consentement_donne(bilan)
    for vers in ("engagement", "en_cours", "conclusion", "termine", "suivi", "clos"):
        if vers == "en_cours":
            financement_cpf(bilan)
        if vers == "conclusion":
            seances_tenues(bilan)
        bilan_transition(bilan=bilan, vers=vers, by=consultant)
    rows = list(bilan.evenements.values_list("de", "vers", "acteur_id"))
    assert rows == [
        ("prealable", "engagement", consultant.pk),
        ("engagement", "en_cours", consultant.pk),
        ("en_cours", "conclusion", consultant.pk),
        ("conclusion", "termine", consultant.pk),
        ("termine", "suivi", consultant.pk),
        ("suivi", "clos", consultant.pk),
    ]
    last = bilan.evenements.last()
    bilan.refresh_from_db()
    assert last.at == bilan.etat_changed_at


def test_bilan_transition_audits_the_change_without_values(bilan, consultant) -> None:
    before = AuditEvent.objects.count()
    bilan_transition(bilan=bilan, vers="abandonne", by=consultant, ip="198.51.100.7")
    rows = list(
        AuditEvent.objects.order_by("pk").values_list(
            "event", "actor_id", "target_type", "target_id", "ip"
        )
    )[before:]
    assert rows == [
        (
            "bilan.state_changed",
            consultant.pk,
            "beneficiaires.bilan",
            str(bilan.pk),
            "198.51.100.7",
        )
    ]


def test_bilan_transition_with_unmet_conditions_is_refused(bilan, monkeypatch) -> None:
    """The hook where consent, engagement completeness and the 13 h floor plug in."""
    monkeypatch.setattr(
        services, "_conditions_for", lambda bilan, vers: ["Le consentement n'est pas donné."]
    )
    with pytest.raises(BilanError) as exc:
        bilan_transition(bilan=bilan, vers="engagement", by=None)
    assert (exc.value.code, exc.value.message) == (
        "conditions_unmet",
        "Le consentement n'est pas donné.",
    )
    assert Bilan.objects.get(pk=bilan.pk).etat == "prealable"
    assert BilanEvenement.objects.count() == 0


@pytest.mark.parametrize("vers", ["abandonne", "refuse"])
def test_bilan_conditions_never_hold_back_an_early_end(bilan, vers) -> None:
    """Without entretien or consent, a bilan in préalable may still be abandoned or refused."""
    assert services._conditions_for(bilan, vers) == []


@pytest.mark.parametrize(
    ("etat", "complete"),
    [("prealable", False), ("engagement", False), ("en_cours", True), ("conclusion", True)],
)
def test_bilan_engagement_complete_once_the_funding_is_recorded(etat, complete) -> None:
    """domain.md, Engagement: no session of the bilan before the engagement is complete;
    the factory funds (CPF) every bilan it takes to en cours."""
    bilan = BilanFactory(etat=etat)
    assert bilan_engagement_complete(bilan=bilan) is complete
