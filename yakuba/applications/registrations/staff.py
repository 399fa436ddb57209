"""What the inbox part registers: the staff menu entry 「電子申請」 and the dashboard panel
(open, overdue and unassigned submissions of the user's departments)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yakuba.core.registries import MenuEntry, Panel, staff_menu, staff_panels

from ..policies import HANDLING_DEPARTMENTS


def _panel(request):
    from ..web.staff.inbox import dashboard_panel

    return dashboard_panel(request)


staff_menu.register(
    MenuEntry(
        key="applications.inbox",
        title=_("電子申請"),
        url_name="console:applications:inbox",
        order=300,
        departments=HANDLING_DEPARTMENTS,
        minimum_role="viewer",
    )
)
staff_panels.register(
    Panel(
        key="applications.inbox",
        title=_("電子申請"),
        template="applications/inbox/dashboard-panel.html",
        context=_panel,
        order=300,
        departments=HANDLING_DEPARTMENTS,
        minimum_role="viewer",
    )
)
