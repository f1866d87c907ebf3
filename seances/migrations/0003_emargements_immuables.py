"""Make attendance signatures immutable in the database, on SQLite and PostgreSQL
(domain.md, Attendance: once signed, a signature is immutable).

UPDATE is always refused. DELETE (and TRUNCATE on PostgreSQL) is refused unless a row of
seances_emargementpurgepermit covers the signature's bilan: the retention job's documented
path (seances.services.emargement.emargements_purge) inserts one inside its transaction.
"""

from django.db import migrations

MESSAGE = "emargement signe : immuable (modification et suppression refusees)"

SQLITE_UP = [
    f"""CREATE TRIGGER emargement_no_update BEFORE UPDATE ON seances_emargement
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER emargement_no_delete BEFORE DELETE ON seances_emargement
    WHEN NOT EXISTS (
        SELECT 1 FROM seances_emargementpurgepermit p WHERE p.bilan_id = OLD.bilan_id
    )
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS emargement_no_update;",
    "DROP TRIGGER IF EXISTS emargement_no_delete;",
]

POSTGRES_UP = [
    f"""CREATE FUNCTION emargement_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND EXISTS (
            SELECT 1 FROM seances_emargementpurgepermit p WHERE p.bilan_id = OLD.bilan_id
        ) THEN
            RETURN OLD;
        END IF;
        IF TG_OP = 'TRUNCATE' AND EXISTS (SELECT 1 FROM seances_emargementpurgepermit) THEN
            RETURN NULL;
        END IF;
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END;
    $$;""",
    """CREATE TRIGGER emargement_no_update_delete BEFORE UPDATE OR DELETE ON seances_emargement
    FOR EACH ROW EXECUTE FUNCTION emargement_guard();""",
    """CREATE TRIGGER emargement_no_truncate BEFORE TRUNCATE ON seances_emargement
    FOR EACH STATEMENT EXECUTE FUNCTION emargement_guard();""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS emargement_no_truncate ON seances_emargement;",
    "DROP TRIGGER IF EXISTS emargement_no_update_delete ON seances_emargement;",
    "DROP FUNCTION IF EXISTS emargement_guard();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"immutable signature triggers are not written for {schema_editor.connection.vendor}"
            )
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("seances", "0002_programme_par_defaut")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
