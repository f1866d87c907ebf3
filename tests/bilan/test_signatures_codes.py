"""One-time signature codes: the issuance cap (domain.md, Attendance: one-time code, at
most 5 tries; asking for new codes must not renew them without end)."""

from __future__ import annotations

import datetime

import pytest

from bilan.signatures.codes import code_consume, code_issue
from bilan.signatures.errors import SignatureError
from bilan.signatures.models import CodeUnique
from tests.seances.outils import paris

pytestmark = pytest.mark.django_db

JOUR = datetime.date(2026, 12, 1)
OBJET = "tests.objet"


@pytest.fixture
def aller(time_machine):
    time_machine.move_to(paris(JOUR, "10:00"), tick=False)

    def move(heure: str, day: datetime.date = JOUR) -> None:
        time_machine.move_to(paris(day, heure), tick=False)

    return move


def _issue(user):
    return code_issue(user=user, objet=OBJET, empreinte="a" * 64)


def test_code_issue_fourth_code_within_ten_minutes_is_refused(aller, beneficiaire) -> None:
    codes = [_issue(beneficiaire) for _unused in range(3)]
    with pytest.raises(SignatureError) as exc:
        _issue(beneficiaire)
    assert exc.value.code == "code_too_many"
    assert exc.value.message == "Trop de codes demandés : réessayez à partir de 10:10."
    assert CodeUnique.objects.count() == 3
    # Nothing changed: the last code issued still signs.
    assert code_consume(user=beneficiaire, objet=OBJET, empreinte="a" * 64, code=codes[-1].code)


def test_code_issue_after_the_ten_minutes_is_allowed(aller, beneficiaire) -> None:
    for _unused in range(3):
        _issue(beneficiaire)
    aller("10:10")
    assert _issue(beneficiaire).code


def test_code_issue_cap_is_per_user_and_purpose(aller, beneficiaire, autre_beneficiaire):
    for _unused in range(3):
        _issue(beneficiaire)
    assert _issue(autre_beneficiaire).code
    assert code_issue(user=beneficiaire, objet="tests.autre", empreinte="a" * 64).code


def test_code_issue_eleventh_code_of_the_day_is_refused(aller, beneficiaire) -> None:
    for n in range(10):
        aller(f"{10 + n}:00")
        _issue(beneficiaire)
    aller("20:30")
    with pytest.raises(SignatureError) as exc:
        _issue(beneficiaire)
    assert exc.value.message == (
        "Trop de codes demandés : réessayez à partir du 02/12/2026 à 10:00."
    )
    assert CodeUnique.objects.count() == 10
    aller("10:00", JOUR + datetime.timedelta(days=1))
    assert _issue(beneficiaire).code


def test_code_issue_retry_time_is_rounded_up_to_the_minute(
    aller, time_machine, beneficiaire
) -> None:
    time_machine.move_to(paris(JOUR, "10:00") + 30, tick=False)
    for _unused in range(3):
        _issue(beneficiaire)
    with pytest.raises(SignatureError) as exc:
        _issue(beneficiaire)
    assert exc.value.message == "Trop de codes demandés : réessayez à partir de 10:11."
