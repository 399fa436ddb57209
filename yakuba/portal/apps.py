from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The citizens' site shell: home with the service catalogue, マイページ, static pages."""

    name = "yakuba.portal"
    label = "portal"
    verbose_name = _("市民ポータル")
