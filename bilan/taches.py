"""Tasks are never lost when the broker is away (style.md, rule 5; issue: faults).

Every task of the platform is a :class:`bilan.celery.TacheSure`: when publishing a message
fails (Redis stopped, unreachable), the page that asked for it still answers, and the task
is written to the database (:class:`~bilan.models.TacheEnAttente`, ids only) instead. The
beat job :func:`taches_relancer`, every few minutes, hands the waiting tasks to the broker
again once it is back — the worker and beat reconnect by themselves.

Tasks enqueued this way must be idempotent (they take ids and check the state they act on):
a message accepted by the broker just as the connection broke may be published twice.
Work with a legal deadline does not depend on a message at all: the daily jobs query the
database for what is due.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from celery import current_app
from django.db.models import F
from django.utils import timezone

from .models import TacheEnAttente

logger = logging.getLogger(__name__)

LOT = 500


def tache_mettre_en_attente(
    *, nom: str, args: Any, kwargs: dict[str, Any] | None, erreur: BaseException
) -> TacheEnAttente | None:
    """Keep a task the broker refused; logged with its name only (ids may stay out of logs)."""
    logger.warning("broker injoignable (%s) : tâche %s mise en attente", type(erreur).__name__, nom)
    try:
        return TacheEnAttente.objects.create(nom=nom, args=list(args or []), kwargs=kwargs or {})
    except Exception:  # the database is away too: nothing more can be done here
        logger.exception("tâche %s perdue : ni le broker ni la base ne répondent", nom)
        return None


def taches_relancer(*, now: datetime | None = None) -> int:
    """Hand the waiting tasks to the broker again, oldest first; returns how many went."""
    now = now or timezone.now()
    remises = 0
    attente = list(
        TacheEnAttente.objects.filter(cree_le__lte=now).values_list("pk", "nom", "args", "kwargs")[
            :LOT
        ]
    )
    for pk, nom, args, kwargs in attente:
        try:
            # send_task, not the task's apply_async: a failure here must not write a new row.
            current_app.send_task(nom, args=args, kwargs=kwargs, retry=False)
        except Exception as exc:  # noqa: BLE001  (the broker is still away: next run)
            TacheEnAttente.objects.filter(pk=pk).update(
                tentatives=F("tentatives") + 1, derniere_tentative_le=now
            )
            logger.warning("broker toujours injoignable (%s)", type(exc).__name__)
            break
        TacheEnAttente.objects.filter(pk=pk).delete()
        remises += 1
    return remises


RELANCE_TOUTES = timedelta(minutes=5)
