from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    """電子申請: procedures, staff-built forms (JSON Schema + UI schema), submissions, workflow."""

    name = "yakuba.applications"
    label = "applications"
    verbose_name = _("電子申請")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import checks, handlers, registrations  # noqa: F401
        from .guarantees import restore_after_migrate

        post_migrate.connect(restore_after_migrate, sender=self)
