from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JpkiConfig(AppConfig):
    """My Number card authentication and signing (JPKI emulation)."""

    name = "yakuba.jpki"
    label = "jpki"
    verbose_name = _("マイナンバーカード認証")
