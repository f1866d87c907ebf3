"""Sessions fixtures: a running bilan of the personas, its plan, a clock in Paris time."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from beneficiaires.models import Bilan
from bilan.comptes.models import User
from seances.models import Plan
from seances.services import plan_create
from tests.beneficiaires.factories import BilanFactory
from tests.seances.outils import JOUR_0, paris


@pytest.fixture(autouse=True)
def _programme_par_defaut(request: pytest.FixtureRequest) -> None:
    """The default template of migration 0002, back after a transactional test's flush
    (which empties every table, data migrations included)."""
    if "transactional_db" not in request.fixturenames:
        request.getfixturevalue("db")
    from seances.demo import programme_seed_ensure

    programme_seed_ensure()


@pytest.fixture
def horloge(time_machine) -> Callable[[datetime.date, str], None]:
    """Move the clock to a day and hour in Paris (as a timestamp: no 1 h surprise)."""
    time_machine.move_to(paris(JOUR_0, "08:00"), tick=False)

    def aller(day: datetime.date, heure: str = "10:00") -> None:
        time_machine.move_to(paris(day, heure), tick=False)

    return aller


@pytest.fixture
def en_cours(dossier, consultant, horloge) -> Bilan:
    """The personas' bilan, engaged (CPF funding) and in progress."""
    return BilanFactory(beneficiaire=dossier, consultant=consultant, etat="en_cours")


@pytest.fixture
def plan(en_cours: Bilan, consultant: User) -> Plan:
    from seances.demo import programme_seed_ensure

    programme_seed_ensure()
    return plan_create(bilan=en_cours, consultant=consultant)
