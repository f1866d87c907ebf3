"""Project-wide tasks."""

from celery import shared_task

from .taches import taches_relancer


@shared_task(name="bilan.tasks.ping_task", ignore_result=False)
def ping_task() -> str:
    """Answer "pong": proves that a worker consumes from the broker."""
    return "pong"


@shared_task(name="bilan.tasks.taches_relancer_task")
def taches_relancer_task() -> int:
    """Every few minutes: hand over the tasks the broker refused while it was away."""
    return taches_relancer()
