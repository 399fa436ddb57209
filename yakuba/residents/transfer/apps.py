from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    """Moving the resident register in and out: CSV import/export, sync, statistics.

    A separate app (label ``residents_transfer``) inside the residents module so
    that its job rows have their own tables and migrations; it belongs to the
    residents module for the layer rules (docs/modules/residents-transfer.md).
    """

    name = "yakuba.residents.transfer"
    label = "residents_transfer"
    verbose_name = _("住民記録の移行・連携")

    def ready(self) -> None:
        from . import registrations  # noqa: F401
