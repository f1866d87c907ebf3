from celery import shared_task

from .services import sessions_clear_expired


@shared_task(name="bilan.comptes.tasks.sessions_clear_expired_task")
def sessions_clear_expired_task() -> int:
    """Daily: forget the sessions that have expired."""
    return sessions_clear_expired()
