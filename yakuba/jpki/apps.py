from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JpkiConfig(AppConfig):
    """My Number card authentication and signing (JPKI emulation)."""

    name = "yakuba.jpki"
    label = "jpki"
    verbose_name = _("マイナンバーカード認証")

    def ready(self) -> None:
        from yakuba.residents.events import movement_recorded

        from . import registrations  # noqa: F401
        from .handlers import on_movement_recorded

        movement_recorded.connect(on_movement_recorded, dispatch_uid="jpki.movement_recorded")
