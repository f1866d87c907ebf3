"""The one way to write the audit log, and the one way to shorten it."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import AuditEvent, AuditPurgePermit

EVENT_RE = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")
PURGE_BATCH = 1000
# CNIL 2021: kept 6 to 12 months (domain.md, Confidentiality and data).
AUDIT_RETENTION_MIN_DAYS = 183
AUDIT_RETENTION_MAX_DAYS = 365

Target = models.Model | tuple[str, object] | None


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address; behind ``TRUSTED_PROXY_COUNT`` proxies, from X-Forwarded-For.

    Used by the audit log and by django-axes, so the lockout is per client, not per proxy.
    Only the hops the trusted proxies appended are believed: a client cannot forge its own.
    """
    if request is None:
        return None
    proxies = int(settings.TRUSTED_PROXY_COUNT)
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    event: str,
    actor: models.Model | None = None,
    target: Target = None,
    ip: str | None = None,
) -> AuditEvent:
    """Append one event: a dotted name, the actor, the target type and id, the IP.

    Never a value (domain.md): the event name must be an identifier such as
    ``"synthese.signed"``, so a sentence or a field value cannot be slipped in.
    """
    if not EVENT_RE.match(event) or len(event) > 64:
        raise ValueError(f"audit event name must look like 'app.action': {event!r}")
    target_type, target_id = _target(target)
    return AuditEvent.objects.create(
        event=event,
        actor_id=getattr(actor, "pk", None),
        target_type=target_type,
        target_id=target_id,
        ip=ip,
    )


def _target(target: Target) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, tuple):
        kind, ident = target
        return str(kind), str(ident)
    return target._meta.label_lower, str(target.pk)


def audit_retention_days() -> int:
    """The configured retention, held inside the legal range whatever the setting says."""
    days = int(settings.AUDIT_RETENTION_DAYS)
    return max(AUDIT_RETENTION_MIN_DAYS, min(days, AUDIT_RETENTION_MAX_DAYS))


def audit_purge_expired(*, now: datetime | None = None) -> int:
    """Delete events past the retention limit, in short batches; return how many went.

    Idempotent and resumable: each batch is its own transaction holding a permit that the
    database triggers check, and that is gone when the transaction ends.
    """
    cutoff = (now or timezone.now()) - timedelta(days=audit_retention_days())
    return _purge_before(cutoff)


def _purge_before(cutoff: datetime) -> int:
    """Delete the events older than ``cutoff`` through the permit path (see models)."""
    total = 0
    while True:
        with transaction.atomic():
            ids = list(
                AuditEvent.objects.filter(at__lt=cutoff)
                .order_by("pk")
                .values_list("pk", flat=True)[:PURGE_BATCH]
            )
            if not ids:
                return total
            permit = AuditPurgePermit.objects.create(cutoff=cutoff)
            deleted, _unused = AuditEvent.objects.filter(pk__in=ids).delete()
            permit.delete()
        total += deleted
