"""``created`` becomes part of the hashed record (set by record_access, not auto_now_add).

On SQLite, altering a column rebuilds the table, and the rebuild drops the
table's triggers; so this migration installs the append-only triggers again
afterwards (and again after a reverse rebuild). On PostgreSQL the change is
Python-only and the triggers are untouched.

Any later migration that alters ``audit_accessrecord`` must do the same.
"""

import django.utils.timezone
from django.db import migrations, models

SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS audit_accessrecord_no_update;",
    "DROP TRIGGER IF EXISTS audit_accessrecord_no_delete;",
    "CREATE TRIGGER audit_accessrecord_no_update BEFORE UPDATE ON audit_accessrecord "
    "BEGIN SELECT RAISE(ABORT, 'audit_accessrecord is append-only (UPDATE refused)'); END;",
    "CREATE TRIGGER audit_accessrecord_no_delete BEFORE DELETE ON audit_accessrecord "
    "BEGIN SELECT RAISE(ABORT, 'audit_accessrecord is append-only (DELETE refused)'); END;",
]


def reinstall_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        # Runs last when migrating backwards, after the reverse rebuild.
        migrations.RunPython(migrations.RunPython.noop, reinstall_sqlite_triggers),
        migrations.AlterField(
            model_name="accessrecord",
            name="created",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="作成日時"
            ),
        ),
        migrations.RunPython(reinstall_sqlite_triggers, migrations.RunPython.noop),
    ]
