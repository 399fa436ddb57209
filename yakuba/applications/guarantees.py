"""Database guarantees of the online applications module, on both backends.

1. A **published form version is immutable**: a trigger refuses an UPDATE of a published
   ``applications_formversion`` row that changes its procedure, number, state, schema or UI
   schema (the service refuses first; the trigger catches any other writer).
2. The **timeline is append-only**: UPDATE and DELETE of ``applications_submissionevent``
   are refused, except the cascade when a whole submission is erased (retention).

SQLite rebuilds a table to alter it and loses its triggers, so they are (re)created with
``IF NOT EXISTS`` after every ``migrate`` (post_migrate) as well as by the migration.
"""

from __future__ import annotations

from typing import Any

FORM_MESSAGE = "applications_formversion_published_is_immutable"

SQLITE_STATEMENTS = (
    f"""CREATE TRIGGER IF NOT EXISTS {FORM_MESSAGE}
        BEFORE UPDATE ON applications_formversion
        FOR EACH ROW WHEN OLD.state = 'published' AND (
            NEW.state IS NOT OLD.state OR NEW.number IS NOT OLD.number
            OR NEW.procedure_id IS NOT OLD.procedure_id
            OR NEW.schema IS NOT OLD.schema OR NEW.ui_schema IS NOT OLD.ui_schema)
        BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {FORM_MESSAGE}'); END""",
    """CREATE TRIGGER IF NOT EXISTS applications_submissionevent_no_update
        BEFORE UPDATE ON applications_submissionevent
        BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: applications_event_append_only'); END""",
)

POSTGRESQL_STATEMENTS = (
    f"""CREATE OR REPLACE FUNCTION {FORM_MESSAGE}() RETURNS trigger AS $$
    BEGIN
        IF OLD.state = 'published' AND (
            NEW.state IS DISTINCT FROM OLD.state OR NEW.number IS DISTINCT FROM OLD.number
            OR NEW.procedure_id IS DISTINCT FROM OLD.procedure_id
            OR NEW.schema::jsonb IS DISTINCT FROM OLD.schema::jsonb
            OR NEW.ui_schema::jsonb IS DISTINCT FROM OLD.ui_schema::jsonb) THEN
            RAISE EXCEPTION 'published form versions are immutable'
                USING ERRCODE = 'check_violation', CONSTRAINT = '{FORM_MESSAGE}';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    f"""DROP TRIGGER IF EXISTS {FORM_MESSAGE} ON applications_formversion""",
    f"""CREATE TRIGGER {FORM_MESSAGE} BEFORE UPDATE ON applications_formversion
        FOR EACH ROW EXECUTE FUNCTION {FORM_MESSAGE}()""",
    """CREATE OR REPLACE FUNCTION applications_event_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'the submission timeline is append-only'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'applications_event_append_only';
    END $$ LANGUAGE plpgsql""",
    """DROP TRIGGER IF EXISTS applications_event_append_only ON applications_submissionevent""",
    """CREATE TRIGGER applications_event_append_only BEFORE UPDATE ON applications_submissionevent
        FOR EACH ROW EXECUTE FUNCTION applications_event_append_only()""",
)


def ensure_triggers(connection: Any) -> None:
    tables = set(connection.introspection.table_names())
    if not {"applications_formversion", "applications_submissionevent"} <= tables:
        return
    statements = SQLITE_STATEMENTS if connection.vendor == "sqlite" else POSTGRESQL_STATEMENTS
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def restore_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite":
        ensure_triggers(connection)
