"""Thin tasks: they take ids and call the services (style.md, rule 5)."""

from celery import shared_task


@shared_task(name="bilan.conservation.tasks.conservation_purge_task")
def conservation_purge_task() -> int:
    """Daily: destroy what is past its retention (R6313-7; safe to run twice)."""
    from .services import conservation_purger

    return conservation_purger().pk


@shared_task(name="bilan.conservation.tasks.export_preparer_task")
def export_preparer_task(*, export_id: int) -> None:
    """Build one beneficiary's data export (RGPD art. 15, 20)."""
    from .services import export_preparer

    export_preparer(export_id=export_id)
