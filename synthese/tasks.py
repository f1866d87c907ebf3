"""The synthèse app's tasks: thin, taking ids (style.md, rule 5)."""

from celery import shared_task

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
