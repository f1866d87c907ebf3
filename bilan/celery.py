"""The Celery application: configured from the Django settings (CELERY_* names).

Every task is a :class:`TacheSure`: if the broker refuses a message, the task waits in the
database instead of failing the page (:mod:`bilan.taches`).
"""

import os

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bilan.settings")


class TacheSure(Task):
    """A task whose publishing never fails the caller: refused messages wait in the DB."""

    abstract = True

    def apply_async(
        self,
        args=None,
        kwargs=None,
        task_id=None,
        producer=None,
        link=None,
        link_error=None,
        shadow=None,
        **options,
    ):  # noqa: ANN001, ANN201, ANN003
        from kombu.exceptions import OperationalError

        try:
            return super().apply_async(
                args, kwargs, task_id, producer, link, link_error, shadow, **options
            )
        except (OperationalError, ConnectionError, OSError) as exc:
            if self.app.conf.task_always_eager:
                raise
            from bilan.taches import tache_mettre_en_attente

            tache_mettre_en_attente(nom=self.name, args=args, kwargs=kwargs, erreur=exc)
            return None


app = Celery("bilan", task_cls=TacheSure)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
