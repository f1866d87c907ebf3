"""The dossiers' tasks: thin, taking ids, enqueued on commit (style.md, rule 5)."""

from __future__ import annotations

from celery import shared_task

from .convention import convention_lien_send, conventions_expire
from .reassignation import consultant_change_mails_send


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


@shared_task(
    name="beneficiaires.tasks.consultant_change_mails_task",
    # OSError covers smtplib's errors (a 4xx, a dropped connection): the notice must not be
    # lost unseen. A retry after the first mail left sends that one again: a notice twice
    # beats none.
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def consultant_change_mails_task(*, bilan_id: int, ancien_id: int, nouveau_id: int, le: str) -> int:
    """Tell the beneficiary and the previous consultant that the bilan changed consultant
    (enqueued when the reassignment commits; ids and the date only)."""
    return consultant_change_mails_send(
        bilan_id=bilan_id, ancien_id=ancien_id, nouveau_id=nouveau_id, le=le
    )
