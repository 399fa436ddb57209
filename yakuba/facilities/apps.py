from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    """公共施設予約: facilities, rooms, bookings (never two on one room at one time), lottery."""

    name = "yakuba.facilities"
    label = "facilities"
    verbose_name = _("公共施設予約")
