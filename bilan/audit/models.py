"""Audit events: who did what to which object, when, from where; never a value.

The table is append-only in the database: triggers refuse every UPDATE, and every DELETE
(and, on PostgreSQL, TRUNCATE) unless a row of :class:`AuditPurgePermit` covers it. Such a
permit exists only inside the transaction of :func:`bilan.audit.services.audit_purge_expired`,
the retention job's documented path, which deletes events older than the retention limit.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    event = models.CharField(max_length=64, db_index=True)
    # Plain ids, not foreign keys: an event outlives what it names, and is never updated.
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.event}"


class AuditPurgePermit(models.Model):
    """Lets the purge delete events older than ``cutoff``, for one transaction only."""

    cutoff = models.DateTimeField()

    def __str__(self) -> str:
        return f"purge avant {self.cutoff:%Y-%m-%d}"
