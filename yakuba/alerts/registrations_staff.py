"""Staff-side registrations: the console menu entries and the dashboard panel."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yakuba.core.registries import MenuEntry, Panel, staff_menu, staff_panels

from .policies import ALERT_DEPARTMENTS


def _panel(request):
    from .web.staff.listing import dashboard_panel

    return dashboard_panel(request)


staff_menu.register(
    MenuEntry(
        key="alerts.list",
        title=_("情報配信"),
        url_name="console:alerts:list",
        order=300,
        departments=ALERT_DEPARTMENTS,
        minimum_role="viewer",
    )
)
staff_menu.register(
    MenuEntry(
        key="alerts.settings",
        title=_("配信の設定"),
        url_name="console:alerts:settings",
        order=301,
        departments=ALERT_DEPARTMENTS,
        minimum_role="admin",
    )
)
staff_panels.register(
    Panel(
        key="alerts.status",
        title=_("情報配信"),
        template="alerts/staff/dashboard-panel.html",
        context=_panel,
        order=300,
        departments=ALERT_DEPARTMENTS,
        minimum_role="viewer",
    )
)
