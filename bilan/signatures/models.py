"""One-time codes that authenticate a signature (domain.md, Attendance: Code civil 1366-1367).

A code belongs to one user, one purpose (``objet``, e.g. ``"seances.emargement"``) and one
digest of what is to be signed (``empreinte``): it cannot sign anything else. It is kept
encrypted until it is used, invalidated or expired, so that the e-mail task can read it
from its id; then it is blanked.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from bilan.crypto import EncryptedTextField

CODE_ESSAIS_MAX = 5


class CodeUnique(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="codes_signature"
    )
    objet = models.CharField(max_length=64)
    empreinte = models.CharField(max_length=64)
    code = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    essais = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    invalidated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        indexes = [models.Index(fields=["user", "objet", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(essais__lte=CODE_ESSAIS_MAX), name="code_unique_essais_max"
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="code_unique_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"code {self.pk} ({self.objet})"
