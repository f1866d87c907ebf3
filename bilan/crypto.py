"""Encryption at rest of confidential content (domain.md, Confidentiality and data).

One field type, :class:`EncryptedTextField`, holds every confidential text (notes,
synthèse sections, personal work). The keys come from ``CONTENT_ENCRYPTION_KEYS``, never
from ``SECRET_KEY``: the first key encrypts, all of them decrypt, so a new key is put
first and ``manage.py rotate_content_keys`` re-encrypts the rows before the old key goes.
Outside production, with no key configured, a key is generated once under ``var/``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction

PREFIX = "fernet:"


def _dev_key() -> str:
    path = Path(settings.VAR_DIR) / "cle-contenu.key"
    try:
        # Exclusive creation, private from the start: web, worker and beat may race here.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as fh:
            fh.write(Fernet.generate_key().decode())
    return path.read_text().strip()


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    keys = list(settings.CONTENT_ENCRYPTION_KEYS) or [_dev_key()]
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "CONTENT_ENCRYPTION_KEYS : chaque clé doit être une clé Fernet "
            "(32 octets en base64 url-safe)."
        ) from exc


def reset_key_cache() -> None:
    """Forget the loaded keys (after the settings changed)."""
    _fernet.cache_clear()


def encrypt_text(text: str) -> str:
    return PREFIX + _fernet().encrypt(text.encode()).decode()


def decrypt_text(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    try:
        return _fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "Un contenu chiffré ne peut être lu avec aucune des clés CONTENT_ENCRYPTION_KEYS."
        ) from exc


def encrypt_bytes(data: bytes) -> bytes:
    """A file's bytes, encrypted with the first key (Fernet token)."""
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return _fernet().decrypt(token)


def rotate_bytes(token: bytes) -> bytes:
    return _fernet().rotate(token)


# Encrypted files are rotated by their app (they live in storage, not in a column).
_file_rotations: list[Callable[[], int]] = []


def register_file_rotation(rotate: Callable[[], int]) -> None:
    """``rotate()`` re-encrypts an app's files with the first key; ``rotate_all`` calls it."""
    if rotate not in _file_rotations:
        _file_rotations.append(rotate)


def rotate_text(stored: str) -> str:
    """Re-encrypt with the first key."""
    return PREFIX + _fernet().rotate(stored[len(PREFIX) :].encode()).decode()


class EncryptedTextField(models.TextField):
    """Confidential text, encrypted before it reaches the database; empty stays empty."""

    description = "Texte confidentiel chiffré"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt_text(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value in (None, ""):
            return value
        return decrypt_text(value)

    def get_lookup(self, lookup_name: str) -> Any:
        # Ciphertext is randomised: equality would silently never match. Only NULL is asked.
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)


def encrypted_fields() -> Iterator[tuple[type[models.Model], list[str]]]:
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            yield model, names


def rotate_all(batch_size: int = 500) -> int:
    """Re-encrypt every encrypted column with the first key; return the rows touched."""
    count = 0
    for model, names in encrypted_fields():
        columns = [model._meta.get_field(n).column for n in names]
        table = model._meta.db_table
        pk = model._meta.pk.column
        last = None
        while True:
            qs = model._base_manager.order_by("pk")
            if last is not None:
                qs = qs.filter(pk__gt=last)
            # Raw values: the field would decrypt them on the way out.
            rows = list(qs.values_list("pk", flat=True)[:batch_size])
            if not rows:
                break
            with transaction.atomic(), _raw_cursor() as cursor:
                for row_pk in rows:
                    cursor.execute(
                        f"SELECT {', '.join(columns)} FROM {table} WHERE {pk} = %s",  # noqa: S608
                        [row_pk],
                    )
                    values = cursor.fetchone()
                    new = [rotate_text(v) if v else v for v in values]
                    sets = ", ".join(f"{c} = %s" for c in columns)
                    cursor.execute(
                        f"UPDATE {table} SET {sets} WHERE {pk} = %s",  # noqa: S608
                        [*new, row_pk],
                    )
                    count += 1
            last = rows[-1]
    return count + _rotate_mfa_secrets() + sum(rotate() for rotate in _file_rotations)


def _rotate_mfa_secrets() -> int:
    """TOTP secrets and recovery-code seeds use the same keys (comptes.adapters.MfaAdapter)."""
    from allauth.mfa.models import Authenticator

    count = 0
    for auth in Authenticator.objects.iterator():
        fields = [k for k in ("secret", "seed") if str(auth.data.get(k, "")).startswith(PREFIX)]
        for name in fields:
            auth.data[name] = rotate_text(auth.data[name])
        if fields:
            auth.save(update_fields=["data"])
            count += 1
    return count


def check_content_keys(**kwargs: Any) -> list[Any]:
    """System check: malformed keys stop the start, not the first write."""
    from django.core.checks import Error

    try:
        for key in settings.CONTENT_ENCRYPTION_KEYS:
            Fernet(key.encode())
    except ValueError:
        return [
            Error(
                "CONTENT_ENCRYPTION_KEYS : chaque clé doit être une clé Fernet "
                "(32 octets en base64 url-safe).",
                id="bilan.E001",
            )
        ]
    return []


def _raw_cursor() -> Any:
    from django.db import connection

    return connection.cursor()
