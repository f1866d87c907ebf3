"""Helpers of the questionnaires tests (the matrix's fixtures live in fixtures.py)."""

from __future__ import annotations

from django.db import connection


def brut(model, pk: int, colonne: str) -> str:
    """The value stored in the database, before the field decrypts it."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {colonne} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]
