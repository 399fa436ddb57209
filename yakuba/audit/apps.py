from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The personal-data access record: append-only, hash-chained, resident-visible."""

    name = "yakuba.audit"
    label = "audit"
    verbose_name = _("アクセス記録")

    def ready(self) -> None:
        from . import registrations  # noqa: F401
