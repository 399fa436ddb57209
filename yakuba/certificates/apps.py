from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """コンビニ交付: kiosks, certificates from the register, signed PDFs, public verification."""

    name = "yakuba.certificates"
    label = "certificates"
    verbose_name = _("証明書のコンビニ交付")

    def ready(self) -> None:
        from . import registrations  # noqa: F401
        from .handlers import connect

        connect()
