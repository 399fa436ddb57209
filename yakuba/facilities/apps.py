from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    """公共施設予約: facilities, rooms, bookings (never two on one room at one time), lottery."""

    name = "yakuba.facilities"
    label = "facilities"
    verbose_name = _("公共施設予約")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import registrations  # noqa: F401
        from .guarantees import restore_after_migrate

        post_migrate.connect(restore_after_migrate, sender=self)
