"""The SQLite triggers of the audit log, checked in every run.

CI runs the suite on PostgreSQL, so the SQLite triggers of the migration would otherwise
only be exercised on developers' machines: here they are installed on a scratch SQLite
database (the stdlib driver) and tried directly.
"""

from __future__ import annotations

import importlib
import sqlite3

import pytest

migration = importlib.import_module("bilan.audit.migrations.0002_append_only_triggers")

SCHEMA = [
    "CREATE TABLE audit_auditevent (id INTEGER PRIMARY KEY, at TEXT NOT NULL, event TEXT)",
    "CREATE TABLE audit_auditpurgepermit (id INTEGER PRIMARY KEY, cutoff TEXT NOT NULL)",
]


@pytest.fixture
def sqlite_db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    for sql in SCHEMA + migration.SQLITE_UP:
        conn.execute(sql)
    conn.execute("INSERT INTO audit_auditevent (at, event) VALUES ('2025-01-01 10:00:00', 'a.old')")
    conn.execute("INSERT INTO audit_auditevent (at, event) VALUES ('2026-11-01 10:00:00', 'a.new')")
    return conn


def test_sqlite_trigger_refuses_update(sqlite_db) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="ajout seul"):
        sqlite_db.execute("UPDATE audit_auditevent SET event = 'a.changed'")


def test_sqlite_trigger_refuses_delete_without_permit(sqlite_db) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="ajout seul"):
        sqlite_db.execute("DELETE FROM audit_auditevent")
    assert sqlite_db.execute("SELECT count(*) FROM audit_auditevent").fetchone() == (2,)


def test_sqlite_trigger_allows_only_events_older_than_the_permit(sqlite_db) -> None:
    sqlite_db.execute("BEGIN")
    sqlite_db.execute("INSERT INTO audit_auditpurgepermit (cutoff) VALUES ('2025-11-01 00:00:00')")
    sqlite_db.execute("DELETE FROM audit_auditevent WHERE event = 'a.old'")
    with pytest.raises(sqlite3.IntegrityError):
        sqlite_db.execute("DELETE FROM audit_auditevent WHERE event = 'a.new'")
    sqlite_db.execute("DELETE FROM audit_auditpurgepermit")
    sqlite_db.execute("COMMIT")
    assert sqlite_db.execute("SELECT event FROM audit_auditevent").fetchall() == [("a.new",)]
