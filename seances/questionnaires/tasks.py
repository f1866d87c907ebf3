"""The questionnaires' tasks: thin, taking ids, enqueued on commit (style.md, rule 5)."""

from __future__ import annotations

from celery import shared_task

from .services.entourage import invitation_envoyer


@shared_task(
    name="seances.questionnaires.tasks.entourage_invitation_send_task",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def entourage_invitation_send_task(*, invitation_id: int) -> bool:
    """Send one 360° invitation; the token is read, encrypted, from the invitation row,
    never carried by the message."""
    return invitation_envoyer(invitation_id=invitation_id)
