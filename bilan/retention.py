"""The retention registry (domain.md, Confidentiality and data: destruction, R6313-7).

Each app declares, from its ``apps.py``, what it keeps and under which category; the
retention engine (a daily beat job) reads this registry and never imports an app. The
engine itself comes with the retention issue; the audit log already has its own purge
(:func:`bilan.audit.services.audit_purge_expired`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import models


class Categorie(StrEnum):
    """What the law says about how long a kind of document lives."""

    CONTENU = "contenu"  # bilan content: destroyed when the action ends
    EXCEPTION_SUIVI = "exception_suivi"  # kept under written agreement, 3 years at most
    PREUVE = "preuve"  # administrative proof: 4 years by default
    FACTURE = "facture"  # invoices: 10 years


@dataclass(frozen=True)
class Registration:
    model: type[models.Model]
    categorie: Categorie
    bilan_path: str  # lookup from the model to its bilan, e.g. "seance__bilan"
    # Only the rows matching this filter (one model may hold several categories, e.g. the
    # sealed documents: the synthèse is content, the attestations are proof).
    filtre: models.Q | None = None


_registry: list[Registration] = []


def register(
    *,
    model: type[models.Model],
    categorie: Categorie,
    bilan_path: str,
    filtre: models.Q | None = None,
) -> None:
    """Declare ``model`` to the retention engine (call it from the app's ``ready()``).

    Files: every ``FileField`` of a registered model is deleted with its row by the engine.
    """
    entry = Registration(model=model, categorie=categorie, bilan_path=bilan_path, filtre=filtre)
    if entry not in _registry:
        _registry.append(entry)


def registrations() -> list[Registration]:
    return list(_registry)
