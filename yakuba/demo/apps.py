from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The deterministic demo city (武蔵村山市): generator, loader and ``demo_data`` command."""

    name = "yakuba.demo"
    label = "demo"
    verbose_name = _("デモデータ")
