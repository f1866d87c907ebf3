"""Day 11 (domain.md, Funding: "The employee has 10 days from the employer's transmission to
sign; silence means refusal (day 11: status refused)"; style.md, rule 5: a job that enforces
a legal deadline is safe to run twice)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from beneficiaires.convention import (
    convention_link_issue,
    convention_sign_beneficiaire,
    convention_sign_employer,
    conventions_expire,
)
from beneficiaires.errors import BilanError
from beneficiaires.models import Bilan, BilanEvenement
from beneficiaires.tasks import conventions_expire_task
from bilan.audit.models import AuditEvent
from tests.beneficiaires.factories import convention_signee_organisme

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def _instant(jour: int, heure: int = 10, minute: int = 0) -> float:
    """A Paris wall-clock time in December 2026, as a timestamp (no DST surprise)."""
    return datetime.datetime(2026, 12, jour, heure, minute, tzinfo=PARIS).timestamp()


def _transmise(bilan: Bilan, **overrides) -> None:
    if bilan.etat == "prealable":
        convention_signee_organisme(bilan, **overrides)
    token = convention_link_issue(bilan=bilan, user=bilan.consultant)
    convention_sign_employer(token=token, signataire_nom="Marc Rivière")


def _etat(bilan: Bilan) -> str:
    return Bilan.objects.get(pk=bilan.pk).etat


def _expirations() -> int:
    return AuditEvent.objects.filter(event="convention.expired").count()


def test_conventions_expire_refuses_on_day_11_not_before(bilan) -> None:
    with time_machine.travel(_instant(1), tick=False) as traveller:
        _transmise(bilan)  # transmitted on 01/12: the 10 days run to 11/12 inclusive
        traveller.move_to(_instant(11, 23, 59))
        assert conventions_expire() == 0
        assert _etat(bilan) == "engagement"
        traveller.move_to(_instant(12, 0, 1))
        assert conventions_expire() == 1
    assert _etat(bilan) == "refuse"
    event = AuditEvent.objects.get(event="convention.expired")
    assert (event.actor_id, event.target_type, event.target_id) == (
        None,
        "beneficiaires.convention",
        str(bilan.convention.pk),
    )
    assert list(BilanEvenement.objects.filter(bilan=bilan).values_list("de", "vers", "acteur_id"))[
        -1
    ] == ("engagement", "refuse", None)


def test_conventions_expire_twice_moves_and_audits_once(bilan) -> None:
    with time_machine.travel(_instant(1), tick=False) as traveller:
        _transmise(bilan)
        traveller.shift(datetime.timedelta(days=11))
        assert conventions_expire() == 1
        assert conventions_expire() == 0
        assert conventions_expire_task() == 0
    assert _etat(bilan) == "refuse"
    assert _expirations() == 1
    assert BilanEvenement.objects.filter(bilan=bilan, vers="refuse").count() == 1


def test_conventions_expire_counts_days_in_paris_time(bilan) -> None:
    """Transmitted at 23:30 on 01/12 in Paris (22:30 UTC): day 11 begins at midnight on 12/12."""
    with time_machine.travel(_instant(1, 23, 30), tick=False) as traveller:
        _transmise(bilan)
        traveller.move_to(_instant(11, 23, 59))
        assert conventions_expire() == 0
        traveller.move_to(_instant(12, 0, 0))
        assert conventions_expire() == 1


def test_conventions_expire_leaves_a_signed_convention_alone(bilan, beneficiaire) -> None:
    with time_machine.travel(_instant(1), tick=False) as traveller:
        _transmise(bilan)
        traveller.shift(datetime.timedelta(days=10))
        convention_sign_beneficiaire(bilan=bilan, user=beneficiaire)
        traveller.shift(datetime.timedelta(days=5))
        assert conventions_expire() == 0
    assert _etat(bilan) == "engagement"
    assert _expirations() == 0


def test_conventions_expire_leaves_another_funder_alone(bilan) -> None:
    """domain.md, Funding: another funder's convention, "without the 10-day rule"."""
    with time_machine.travel(_instant(1), tick=False) as traveller:
        _transmise(bilan, financement="autre_financeur")
        traveller.shift(datetime.timedelta(days=40))
        assert conventions_expire() == 0
    assert _etat(bilan) == "engagement"


def test_conventions_expire_leaves_an_untransmitted_convention_alone(bilan) -> None:
    with time_machine.travel(_instant(1), tick=False) as traveller:
        convention_signee_organisme(bilan)
        traveller.shift(datetime.timedelta(days=40))
        assert conventions_expire() == 0
    assert _etat(bilan) == "engagement"


def test_conventions_expire_leaves_an_ended_bilan_alone(bilan, consultant) -> None:
    from beneficiaires.services import bilan_transition

    with time_machine.travel(_instant(1), tick=False) as traveller:
        _transmise(bilan)
        bilan_transition(bilan=bilan, vers="abandonne", by=consultant)
        traveller.shift(datetime.timedelta(days=12))
        assert conventions_expire() == 0
    assert _etat(bilan) == "abandonne"
    assert _expirations() == 0


def test_convention_sign_beneficiaire_on_day_11_is_refused_even_before_the_job(
    bilan, beneficiaire
) -> None:
    with time_machine.travel(_instant(1), tick=False) as traveller:
        _transmise(bilan)
        traveller.move_to(_instant(12, 0, 1))
        with pytest.raises(BilanError) as exc:
            convention_sign_beneficiaire(bilan=bilan, user=beneficiaire)
    assert (exc.value.code, exc.value.message) == (
        "delai_depasse",
        "Le délai de 10 jours pour signer la convention est dépassé : l'absence de réponse "
        "vaut refus (article R6313-8 du Code du travail).",
    )
    assert bilan.convention.signatures.filter(role="beneficiaire").count() == 0


def test_convention_sign_beneficiaire_on_day_10_is_allowed(bilan, beneficiaire) -> None:
    with time_machine.travel(_instant(1), tick=False) as traveller:
        _transmise(bilan)
        traveller.move_to(_instant(11, 23, 59))
        assert convention_sign_beneficiaire(bilan=bilan, user=beneficiaire).role == "beneficiaire"


def test_conventions_expire_runs_daily_from_the_beat_schedule() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["conventions-expire"]
    assert entry["task"] == "beneficiaires.tasks.conventions_expire_task"
    assert entry["task"] == conventions_expire_task.name
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({0}, {15})


def test_conventions_expire_refuses_on_day_11_across_the_spring_dst_change(bilan) -> None:
    """Transmitted at 23:30 on 18/03/2027 (UTC+1), day 11 starts at 00:00 on 29/03 (UTC+2):
    less than 10 × 24 hours later, yet the convention is refused."""
    transmise = datetime.datetime(2027, 3, 18, 23, 30, tzinfo=PARIS).timestamp()
    job = datetime.datetime(2027, 3, 29, 0, 15, tzinfo=PARIS).timestamp()
    with time_machine.travel(transmise, tick=False) as traveller:
        _transmise(bilan)
        traveller.move_to(datetime.datetime(2027, 3, 28, 23, 59, tzinfo=PARIS).timestamp())
        assert conventions_expire() == 0
        traveller.move_to(job)
        assert conventions_expire() == 1
    assert _etat(bilan) == "refuse"
    assert _expirations() == 1
