from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VaultConfig(AppConfig):
    """My Number vault (個人番号の保管): encrypted numbers, audited reveals, key rotation."""

    name = "yakuba.vault"
    label = "vault"
    verbose_name = _("マイナンバー保管庫")

    def ready(self) -> None:
        from . import checks, registrations  # noqa: F401
