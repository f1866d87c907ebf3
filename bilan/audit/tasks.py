from celery import shared_task

from .services import audit_purge_expired


@shared_task(name="bilan.audit.tasks.audit_purge_expired_task")
def audit_purge_expired_task() -> int:
    """Daily: drop audit events older than the retention limit (safe to run twice)."""
    return audit_purge_expired()
