"""What the catalogue part registers: the service-catalogue entry on the citizens' home
page and the staff menu entries of the setup pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yakuba.core.registries import MenuEntry, ServiceEntry, service_catalogue, staff_menu

from ..policies import FACILITY_DEPARTMENTS

service_catalogue.register(
    ServiceEntry(
        key="facilities.catalogue",
        title=_("公共施設の予約"),
        description=_(
            "公民館・体育館・ホール・運動場などの施設の案内、使用料、空き状況の確認と予約ができます。"
        ),
        url_name="portal:facilities:facility_list",
        category=_("くらし・学び"),
        order=40,
    )
)

staff_menu.register(
    MenuEntry(
        key="facilities.setup",
        title=_("施設の設定"),
        url_name="console:facilities:setup_facility_list",
        order=420,
        departments=FACILITY_DEPARTMENTS,
        minimum_role="viewer",
    )
)
staff_menu.register(
    MenuEntry(
        key="facilities.fee_schedules",
        title=_("料金表"),
        url_name="console:facilities:setup_schedule_list",
        order=421,
        departments=FACILITY_DEPARTMENTS,
        minimum_role="viewer",
    )
)
