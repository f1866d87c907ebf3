"""The retention registry (domain.md, Confidentiality and data: destruction, R6313-7).

Each app declares, from its ``apps.py``, what it keeps and under which category; the
retention engine (a daily beat job) reads this registry and never imports an app. The
engine is :mod:`bilan.conservation`; the audit log has its own purge
(:func:`bilan.audit.services.audit_purge_expired`), which the engine's daily job calls.

A registered model whose rows the database protects with delete triggers (attendance
signatures, seances 0003) names its permit model ``<Model>PurgePermit`` in the same app with
a ``bilan_id`` field: the engine inserts one per bilan inside the batch's transaction and
deletes it before the commit; nothing else in the platform writes such permits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

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


# The R6313-7 exceptions (the synthèse sent to the CEP at the beneficiary's request, the
# documents kept under the beneficiary's written agreement for the follow-up) last until the
# agreement's end, at most 3 years after the end of the action: the app that records the
# agreement tells the engine its end date through this hook.
Prolongation = Callable[[Any], date | None]
_prolongations: list[Prolongation] = []


def register_prolongation(fn: Prolongation) -> None:
    """Declare ``fn(bilan) -> date | None``: the end of the beneficiary's written agreement
    keeping this bilan's ``EXCEPTION_SUIVI`` rows (None: no agreement, destroyed at the end).

    The engine keeps the rows until the latest date any hook gives, never past the legal
    ceiling (:mod:`bilan.conservation.politique`).
    """
    if fn not in _prolongations:
        _prolongations.append(fn)


def prolongations() -> list[Prolongation]:
    return list(_prolongations)


# --- What the beneficiary's own data export gives (RGPD art. 15 and 20) -------------------
@dataclass(frozen=True)
class RegleExport:
    """What of ``model`` goes into the export: the rows matching ``filtre`` (None: all),
    without ``champs_exclus``; ``exclu``: none of it. It keeps out what the beneficiary does
    not read in the platform either (a consultant's private notes, results not handed over
    yet) and third parties' data (a consultant's IP address, the 360° respondents: art. 15,
    paragraph 4)."""

    filtre: models.Q | None = None
    champs_exclus: frozenset[str] = frozenset()
    exclu: bool = False


_export: dict[type[models.Model], RegleExport] = {}


def register_export(
    *,
    model: type[models.Model],
    filtre: models.Q | None = None,
    champs_exclus: frozenset[str] | set[str] = frozenset(),
    exclu: bool = False,
) -> None:
    """Declare how ``model`` goes into the beneficiary's export (call from ``ready()``)."""
    _export[model] = RegleExport(filtre=filtre, champs_exclus=frozenset(champs_exclus), exclu=exclu)


def regle_export(model: type[models.Model]) -> RegleExport:
    return _export.get(model, RegleExport())
