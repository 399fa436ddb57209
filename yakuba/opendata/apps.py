from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """オープンデータ: dataset catalogue, CKAN-compatible Action API, DCAT, live standard datasets."""

    name = "yakuba.opendata"
    label = "opendata"
    verbose_name = _("オープンデータ")

    def ready(self) -> None:
        import yakuba.opendata.handlers  # noqa: F401

        from . import registrations  # noqa: F401
        from .search_cache import connect

        connect()
