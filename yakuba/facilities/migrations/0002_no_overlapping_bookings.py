"""The database guarantee against double booking (see yakuba/facilities/models/booking.py).

PostgreSQL: exclusion constraint with btree_gist; SQLite: triggers on insert and update.
"""

from django.db import migrations

ACTIVE = "('held', 'confirmed')"
NAME = "facilities_booking_no_overlap"

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"""ALTER TABLE facilities_booking ADD CONSTRAINT {NAME}
        EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
        WHERE (state IN {ACTIVE})""",
]
POSTGRES_REVERSE = [f"ALTER TABLE facilities_booking DROP CONSTRAINT {NAME}"]


def _sqlite_trigger(event: str, new_row_filter: str) -> str:
    return f"""CREATE TRIGGER {NAME}_{event.lower()}
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


SQLITE = [
    _sqlite_trigger("INSERT", ""),
    _sqlite_trigger("UPDATE", "AND other.id <> NEW.id"),
]
SQLITE_REVERSE = [f"DROP TRIGGER {NAME}_insert", f"DROP TRIGGER {NAME}_update"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("facilities", "0001_initial")]
    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
