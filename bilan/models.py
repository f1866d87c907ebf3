"""The project's own rows: the tasks waiting for the broker (``bilan.taches``)."""

from __future__ import annotations

from django.db import models


class TacheEnAttente(models.Model):
    """A task the broker could not take (Redis away): :func:`bilan.taches.taches_relancer`
    hands it over again and deletes the row (style.md, rule 5: a stopped broker delays work,
    never loses it)."""

    nom = models.CharField(max_length=200)  # the Celery task's registered name
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)  # ids only, never content
    cree_le = models.DateTimeField(auto_now_add=True)
    tentatives = models.PositiveSmallIntegerField(default=0)
    derniere_tentative_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cree_le", "pk"]
        indexes = [models.Index(fields=["cree_le"])]

    def __str__(self) -> str:
        return f"{self.nom} {self.kwargs}"
