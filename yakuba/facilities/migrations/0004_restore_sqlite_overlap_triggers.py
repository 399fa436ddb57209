"""Put back the SQLite overlap triggers of 0002.

SQLite cannot alter a table in place: Django rebuilds ``facilities_booking`` for 0003
(new columns with constraints), and a rebuilt table loses its triggers.  This migration
re-creates them; :mod:`yakuba.facilities.guarantees` also re-creates them after every
``migrate`` so a future rebuild cannot silently drop the guarantee.  PostgreSQL keeps
its exclusion constraint through ALTER TABLE, so nothing to do there.
"""

from django.db import migrations

from yakuba.facilities.guarantees import ensure_sqlite_overlap_triggers


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        ensure_sqlite_overlap_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("facilities", "0003_registration_fees_lottery_courses")]
    operations = [migrations.RunPython(restore, migrations.RunPython.noop)]
