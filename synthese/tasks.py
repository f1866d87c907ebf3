"""The synthèse app's tasks: thin, taking ids, enqueued on commit (style.md, rule 5)."""

from __future__ import annotations

from celery import shared_task

from .partage import partage_lien_envoyer
from .services import synthese_code_send


@shared_task(
    name="synthese.tasks.synthese_code_send_task",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=3,
)
def synthese_code_send_task(*, code_id: int) -> bool:
    """E-mail a code to sign the synthèse (enqueued when its issue commits)."""
    return synthese_code_send(code_id=code_id)


@shared_task(
    name="synthese.tasks.partage_lien_envoyer_task",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def partage_lien_envoyer_task(*, lien_id: int) -> bool:
    """Send a share's download link to its recipient (enqueued when the share commits); the
    token is read, encrypted, from the link, never carried by the message."""
    return partage_lien_envoyer(lien_id=lien_id)
