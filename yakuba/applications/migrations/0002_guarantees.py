"""Triggers: published form versions are immutable; the submission timeline is
append-only (see yakuba/applications/guarantees.py)."""

from django.db import migrations

from yakuba.applications.guarantees import ensure_triggers


def create(apps, schema_editor):
    ensure_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("applications", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
