from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    """The staff console shell: dashboard of registered panels, navigation."""

    name = "yakuba.console"
    label = "console"
    verbose_name = _("職員コンソール")

    def ready(self) -> None:
        from yakuba.core.registries import MenuEntry, staff_menu

        staff_menu.register(
            MenuEntry(
                key="console.privacy_register",
                title=_("個人情報ファイル簿"),
                url_name="console:privacy_register",
                order=950,
            )
        )
