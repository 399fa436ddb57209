from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    """気象庁防災情報XML・CAP 受信: feeds polled, messages parsed, rules applied."""

    name = "yakuba.alerts.ingest"
    label = "alerts_ingest"
    verbose_name = _("防災情報の自動連携")

    def ready(self) -> None:
        from yakuba.alerts.policies import ALERT_DEPARTMENTS
        from yakuba.core.registries import MenuEntry, staff_menu

        staff_menu.register(
            MenuEntry(
                key="alerts_ingest.messages",
                title=_("防災情報の自動連携"),
                url_name="console:alerts_ingest:messages",
                order=302,
                departments=ALERT_DEPARTMENTS,
                minimum_role="viewer",
            )
        )
