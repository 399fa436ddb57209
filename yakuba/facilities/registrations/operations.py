"""What the operations part registers: staff menu entries, the dashboard panel and the
periodic expiry of unpaid bookings."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yakuba.core.registries import MenuEntry, Panel, staff_menu, staff_panels

from .. import periodic
from ..policies import FACILITY_DEPARTMENTS
from ..services.payments import expire_unpaid_bookings


def _panel(request):
    from ..web.staff.operations import dashboard_panel

    return dashboard_panel(request)


staff_menu.register(
    MenuEntry(
        key="facilities.operations",
        title=_("施設予約の窓口業務"),
        url_name="console:facilities:operations_home",
        order=400,
        departments=FACILITY_DEPARTMENTS,
        minimum_role="viewer",
    )
)
staff_menu.register(
    MenuEntry(
        key="facilities.counter",
        title=_("窓口・電話予約"),
        url_name="console:facilities:counter_booking",
        order=401,
        departments=FACILITY_DEPARTMENTS,
        minimum_role="operator",
    )
)
staff_menu.register(
    MenuEntry(
        key="facilities.statistics",
        title=_("施設の稼働率"),
        url_name="console:facilities:occupancy",
        order=402,
        departments=FACILITY_DEPARTMENTS,
        minimum_role="viewer",
    )
)
staff_panels.register(
    Panel(
        key="facilities.operations",
        title=_("公共施設予約（今日）"),
        template="facilities/staff/operations/dashboard-panel.html",
        context=_panel,
        order=400,
        departments=FACILITY_DEPARTMENTS,
        minimum_role="viewer",
    )
)

periodic.register("expire_unpaid_bookings", expire_unpaid_bookings)
