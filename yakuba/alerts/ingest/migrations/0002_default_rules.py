"""Seed the default rules (特別警報・危険警報・警報 → send now, 注意報 → approval, 解除 →
follow-up, 震度4以上 → send now, 震度3 → approval)."""

from django.db import migrations

from yakuba.alerts.ingest.rules import seed


class Migration(migrations.Migration):
    dependencies = [("alerts_ingest", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
