"""The follow-up's Celery tasks: thin, idempotent (style.md, rule 5)."""

from __future__ import annotations

from celery import shared_task

from .relances import relances_quotidiennes


@shared_task(name="suivi.tasks.suivi_relances_task")
def suivi_relances_task() -> dict[str, int]:
    """The daily reminders (beat: ``suivi-relances``); safe to run twice."""
    return relances_quotidiennes()
