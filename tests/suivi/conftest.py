"""Follow-up fixtures: a clock in Paris time, a bilan ended on day 0, the daily job."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core import mail

from tests.seances.outils import paris

# A Monday; the bilan of these tests ends on it at 10:00, Europe/Paris.
FIN = datetime.date(2026, 6, 1)


def jour(n: int) -> datetime.date:
    return FIN + datetime.timedelta(days=n)


@pytest.fixture
def horloge(time_machine) -> Callable[[int, str], None]:
    """Move the clock to day ``n`` after the end, at a Paris hour (as a timestamp)."""
    time_machine.move_to(paris(FIN, "10:00"), tick=False)

    def aller(n: int, heure: str = "08:30") -> None:
        time_machine.move_to(paris(jour(n), heure), tick=False)

    return aller


@pytest.fixture
def fini(horloge, dossier, consultant, suivi_seed):
    """The personas' bilan, ended on day 0 (its sessions held and signed before)."""
    from tests.beneficiaires.factories import BilanFactory

    return BilanFactory(beneficiaire=dossier, consultant=consultant, etat="termine")


@pytest.fixture
def job() -> Callable[[], list[str]]:
    """Run the daily beat job twice (as a duplicate run would) and return the subjects of
    the mails it sent, emptying the outbox."""
    from suivi.tasks import suivi_relances_task

    def run() -> list[str]:
        suivi_relances_task()
        suivi_relances_task()
        sujets = [m.subject for m in mail.outbox]
        mail.outbox.clear()
        return sujets

    return run
