"""Project-wide tasks."""

from celery import shared_task


@shared_task(name="bilan.tasks.ping_task", ignore_result=False)
def ping_task() -> str:
    """Answer "pong": proves that a worker consumes from the broker."""
    return "pong"
