from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VaultConfig(AppConfig):
    """My Number vault (個人番号の保管)."""

    name = "yakuba.vault"
    label = "vault"
    verbose_name = _("マイナンバー保管庫")
