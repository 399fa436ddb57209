import django.utils.timezone
from django.db import migrations, models


def _timestamps(model_name: str) -> list:
    return [
        migrations.AddField(
            model_name=model_name,
            name="created",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="作成日時"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name=model_name,
            name="updated",
            field=models.DateTimeField(auto_now=True, verbose_name="更新日時"),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("alerts_ingest", "0002_default_rules")]

    operations = [*_timestamps("feedstate"), *_timestamps("warningstate")]
