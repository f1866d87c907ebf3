"""Deployment check: the sealing certificate is there and opens (``check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


def certificat_lisible(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not settings.PRODUCTION:
        return []
    from . import certificat

    try:
        certificat.signer()
    except Exception as exc:  # noqa: BLE001  (any failure is reported the same way)
        return [
            checks.Error(
                "Le certificat de scellement des PDF ne peut pas être ouvert "
                f"({exc.__class__.__name__}).",
                hint="Vérifiez SCELLES_PKCS12_PATH et SCELLES_PKCS12_PASSWORD.",
                id="scelles.E001",
            )
        ]
    return []
