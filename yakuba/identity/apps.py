from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    """Staff and citizen accounts, dated organisation units, roles, MFA."""

    name = "yakuba.identity"
    label = "identity"
    verbose_name = _("利用者と組織")

    def ready(self) -> None:
        from . import registrations  # noqa: F401
