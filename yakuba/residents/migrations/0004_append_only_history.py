"""Make the history append-only (PostgreSQL and SQLite), and index names for substring search.

Triggers on ``residents_movement``, ``residents_personversion`` and
``residents_householdversion`` refuse every UPDATE, and every DELETE unless a
``residents_registerwipe`` row exists (only inside ``services.wipe_register``).
PostgreSQL's TRUNCATE (test-database flushes; a table-owner operation that
the application role must not have in production) does not fire row triggers.

On PostgreSQL, a trigram GIN index (``pg_trgm``) on ``name_search_key`` lets
``LIKE '%…%'`` use an index at millions of rows; SQLite keeps the scan.
"""

from django.db import migrations

TABLES = ("residents_movement", "residents_personversion", "residents_householdversion")

POSTGRESQL_UP = [
    """
    CREATE OR REPLACE FUNCTION residents_history_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM residents_registerwipe) THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only: ' || TG_OP || ' refused',
            ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql;
    """,
    *(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION residents_history_append_only();"
        for table in TABLES
    ),
    "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
    "CREATE INDEX IF NOT EXISTS person_name_search_trgm ON residents_person "
    "USING gin (name_search_key gin_trgm_ops);",
]
POSTGRESQL_DOWN = [
    "DROP INDEX IF EXISTS person_name_search_trgm;",
    *(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};" for table in TABLES),
    "DROP FUNCTION IF EXISTS residents_history_append_only();",
]
SQLITE_UP = [
    statement
    for table in TABLES
    for statement in (
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only (UPDATE refused)'); END;",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        "WHEN NOT EXISTS (SELECT 1 FROM residents_registerwipe) "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only (DELETE refused)'); END;",
    )
]
SQLITE_DOWN = [
    statement
    for table in TABLES
    for statement in (
        f"DROP TRIGGER IF EXISTS {table}_no_update;",
        f"DROP TRIGGER IF EXISTS {table}_no_delete;",
    )
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"no append-only triggers for database vendor {schema_editor.connection.vendor!r}"
            )
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("residents", "0003_initial_versions")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRESQL_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
