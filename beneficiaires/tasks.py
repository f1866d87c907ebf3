"""The dossiers' tasks: thin, taking ids, enqueued on commit (style.md, rule 5)."""

from __future__ import annotations

from celery import shared_task

from .convention import convention_lien_send, conventions_expire


@shared_task(name="beneficiaires.tasks.conventions_expire_task")
def conventions_expire_task() -> int:
    """Daily: refuse the conventions tripartites left unsigned past 10 days (R6313-8)."""
    return conventions_expire()


@shared_task(
    name="beneficiaires.tasks.convention_lien_send_task",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def convention_lien_send_task(*, lien_id: int) -> bool:
    """Send the employer's or funder's signing link (enqueued when its issue commits); the
    token is read, encrypted, from the link, never carried by the message."""
    return convention_lien_send(lien_id=lien_id)
