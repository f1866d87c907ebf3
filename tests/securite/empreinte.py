"""A fingerprint of the whole database, to prove a refused request changed nothing.

Every table is read raw (no decryption, no model code), so an insert, a delete or an update
of any column anywhere shows; only the sessions' table is left out, because logging the
personas in writes there (domain.md, Confidentiality; issue 9).
"""

from __future__ import annotations

import hashlib

from django.db import connection

HORS_EMPREINTE = frozenset({"django_session"})


def empreinte_base() -> dict[str, str]:
    """{table: digest of its sorted rows} for every table but the sessions'."""
    empreinte = {}
    with connection.cursor() as cursor:
        for table in sorted(set(connection.introspection.table_names()) - HORS_EMPREINTE):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(repr(tuple(map(_valeur, row))) for row in cursor.fetchall())
            empreinte[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return empreinte


def tables_changees(avant: dict[str, str], apres: dict[str, str]) -> list[str]:
    return sorted(
        table for table in avant.keys() | apres.keys() if avant.get(table) != apres.get(table)
    )


def _valeur(value: object) -> object:
    # PostgreSQL hands binary columns as memoryview, whose repr is an address.
    return bytes(value) if isinstance(value, memoryview) else value
