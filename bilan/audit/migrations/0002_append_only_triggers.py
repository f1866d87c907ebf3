"""Make the audit table append-only in the database itself, on SQLite and PostgreSQL.

UPDATE is always refused. DELETE (and TRUNCATE on PostgreSQL) is refused unless a row of
audit_auditpurgepermit covers it: the retention job's documented path
(bilan.audit.services.audit_purge_expired) inserts one inside its own transaction.
"""

from django.db import migrations

MESSAGE = "journal d''audit : ajout seul (modification et suppression refusees)"

SQLITE_UP = [
    f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
    WHEN NOT EXISTS (SELECT 1 FROM audit_auditpurgepermit p WHERE OLD.at < p.cutoff)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_event_no_update;",
    "DROP TRIGGER IF EXISTS audit_event_no_delete;",
]

POSTGRES_UP = [
    f"""CREATE FUNCTION audit_event_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND EXISTS (
            SELECT 1 FROM audit_auditpurgepermit p WHERE OLD.at < p.cutoff
        ) THEN
            RETURN OLD;
        END IF;
        IF TG_OP = 'TRUNCATE' AND EXISTS (SELECT 1 FROM audit_auditpurgepermit) THEN
            RETURN NULL;
        END IF;
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END;
    $$;""",
    """CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_guard();""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_guard();""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;",
    "DROP TRIGGER IF EXISTS audit_event_no_update_delete ON audit_auditevent;",
    "DROP FUNCTION IF EXISTS audit_event_guard();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"append-only audit triggers are not written for {schema_editor.connection.vendor}"
            )
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
