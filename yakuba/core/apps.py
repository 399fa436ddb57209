from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared ground with no domain knowledge: base models, registries, conventions."""

    name = "yakuba.core"
    label = "core"
    verbose_name = _("基盤")
