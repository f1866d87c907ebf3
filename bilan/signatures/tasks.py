from celery import shared_task

from .codes import codes_purge_expired


@shared_task(name="bilan.signatures.tasks.codes_purge_expired_task")
def codes_purge_expired_task() -> int:
    """Daily: delete the one-time codes past their use."""
    return codes_purge_expired()
