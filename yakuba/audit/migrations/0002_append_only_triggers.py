"""Database triggers that make the access record append-only, on PostgreSQL and SQLite.

Row-level UPDATE and DELETE are refused. TRUNCATE (PostgreSQL) is a table-owner
operation used by test-database flushes; in production the application's role
must not own the tables (docs/modules/audit.md), so it cannot truncate either.
"""

from django.db import migrations

POSTGRESQL_UP = [
    """
    CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION USING MESSAGE = 'audit_accessrecord is append-only: ' || TG_OP || ' refused',
            ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER audit_accessrecord_append_only
    BEFORE UPDATE OR DELETE ON audit_accessrecord
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
    """,
    """
    CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' OR NEW.last_sequence < OLD.last_sequence THEN
            RAISE EXCEPTION 'audit chain head may only move forward'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER audit_chainhead_forward_only
    BEFORE UPDATE OR DELETE ON audit_chainhead
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
    """,
]
POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS audit_chainhead_forward_only ON audit_chainhead;",
    "DROP FUNCTION IF EXISTS audit_head_forward_only();",
    "DROP TRIGGER IF EXISTS audit_accessrecord_append_only ON audit_accessrecord;",
    "DROP FUNCTION IF EXISTS audit_refuse_change();",
]
SQLITE_UP = [
    "CREATE TRIGGER audit_accessrecord_no_update BEFORE UPDATE ON audit_accessrecord "
    "BEGIN SELECT RAISE(ABORT, 'audit_accessrecord is append-only (UPDATE refused)'); END;",
    "CREATE TRIGGER audit_accessrecord_no_delete BEFORE DELETE ON audit_accessrecord "
    "BEGIN SELECT RAISE(ABORT, 'audit_accessrecord is append-only (DELETE refused)'); END;",
    "CREATE TRIGGER audit_chainhead_forward_only BEFORE UPDATE ON audit_chainhead "
    "WHEN NEW.last_sequence < OLD.last_sequence "
    "BEGIN SELECT RAISE(ABORT, 'audit chain head may only move forward'); END;",
    "CREATE TRIGGER audit_chainhead_no_delete BEFORE DELETE ON audit_chainhead "
    "BEGIN SELECT RAISE(ABORT, 'audit chain head may only move forward'); END;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_chainhead_no_delete;",
    "DROP TRIGGER IF EXISTS audit_chainhead_forward_only;",
    "DROP TRIGGER IF EXISTS audit_accessrecord_no_delete;",
    "DROP TRIGGER IF EXISTS audit_accessrecord_no_update;",
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
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRESQL_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
