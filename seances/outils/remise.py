"""Handing the investigation results over to the beneficiary (seed 003, Méthodes: every
result of the investigation is handed to the beneficiary).

Each kind of result registers, from its app's ``ready()``, a function that marks the bilan's
results handed over and says how many it handed; the one-click "remettre" of the consultant
calls them all in one transaction
(:func:`seances.outils.services.resultats_remettre`, audited ``outils.results_handed_over``).
A ``remettre`` runs inside that transaction: raising refuses the whole hand-over.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from beneficiaires.models import Bilan
    from bilan.comptes.models import User


@dataclass(frozen=True)
class Remise:
    libelle: str  # "Inventaire des compétences", "Questionnaires", "Documents"...
    remettre: Callable[[Bilan, User], int]  # marks them handed over; returns how many


_remises: list[Remise] = []


def register_remise(*, libelle: str, remettre: Callable[[Bilan, User], int]) -> None:
    entry = Remise(libelle=libelle, remettre=remettre)
    if entry not in _remises:
        _remises.append(entry)


def remises() -> list[Remise]:
    return list(_remises)
