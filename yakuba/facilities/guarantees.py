"""The SQLite side of the no-double-booking guarantee, kept in place.

On SQLite the guarantee is two triggers (see migration 0002).  Any migration that
rebuilds ``facilities_booking`` (SQLite's way of altering a table) drops them, so they
are re-created, if missing, after every ``migrate`` (post_migrate) and by migration
0004.  ``CREATE TRIGGER IF NOT EXISTS`` makes this idempotent.
"""

from __future__ import annotations

from typing import Any

ACTIVE = "('held', 'confirmed')"
NAME = "facilities_booking_no_overlap"


def _trigger(event: str, new_row_filter: str) -> str:
    return f"""CREATE TRIGGER IF NOT EXISTS {NAME}_{event.lower()}
        BEFORE {event} ON facilities_booking
        FOR EACH ROW WHEN NEW.state IN {ACTIVE}
        BEGIN
            SELECT RAISE(ABORT, 'CHECK constraint failed: {NAME}')
            WHERE EXISTS (
                SELECT 1 FROM facilities_booking AS other
                WHERE other.room_id = NEW.room_id
                  AND other.state IN {ACTIVE}
                  AND other.starts_at < NEW.ends_at
                  AND NEW.starts_at < other.ends_at
                  {new_row_filter}
            );
        END"""


STATEMENTS = (_trigger("INSERT", ""), _trigger("UPDATE", "AND other.id <> NEW.id"))


def ensure_sqlite_overlap_triggers(connection: Any) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'facilities_booking'"
        )
        if cursor.fetchone() is None:
            return
        for statement in STATEMENTS:
            cursor.execute(statement)


def restore_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    ensure_sqlite_overlap_triggers(connections[using])
