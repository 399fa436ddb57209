from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """情報提供サービス: subscriptions, composing and approval, national-warning link, delivery."""

    name = "yakuba.alerts"
    label = "alerts"
    verbose_name = _("情報提供サービス")

    def ready(self) -> None:
        from . import registrations  # noqa: F401
        from .channels import vapid  # noqa: F401  (its system checks)
