from celery import shared_task

from .services import sessions_clear_expired, user_invitation_send


@shared_task(name="bilan.comptes.tasks.sessions_clear_expired_task")
def sessions_clear_expired_task() -> int:
    """Daily: forget the sessions that have expired."""
    return sessions_clear_expired()


@shared_task(
    name="bilan.comptes.tasks.user_invitation_send_task",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def user_invitation_send_task(*, user_id: int) -> None:
    """Send the invitation of a new account (enqueued when its creation commits)."""
    user_invitation_send(user_id=user_id)
