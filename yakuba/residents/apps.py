from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    """Registry of residents and households (住民記録)."""

    name = "yakuba.residents"
    label = "residents"
    verbose_name = _("住民記録")

    def ready(self) -> None:
        from . import registrations  # noqa: F401
