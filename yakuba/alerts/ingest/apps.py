from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    """気象庁防災情報XML・CAP 受信: feeds polled, messages parsed, rules applied."""

    name = "yakuba.alerts.ingest"
    label = "alerts_ingest"
    verbose_name = _("防災情報の自動連携")
