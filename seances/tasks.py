from celery import shared_task

from .services.emargement import emargement_code_send


@shared_task(
    name="seances.tasks.emargement_code_send_task",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=3,
)
def emargement_code_send_task(*, code_id: int, seance_id: int) -> bool:
    """E-mail a signing code (enqueued when its issue commits; a dead code is not sent)."""
    return emargement_code_send(code_id=code_id, seance_id=seance_id)
