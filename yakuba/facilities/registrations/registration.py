"""What the registration part registers: menu entries, cards, panels, periodic jobs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from yakuba.core.registries import MenuEntry, Panel, mypage_cards, staff_menu, staff_panels

from ..periodic import register
from ..policies import FACILITY_DEPARTMENTS


def _expire(now: Any) -> int:
    from ..services.registration import expire_registrations

    return expire_registrations(now)


def _mypage_card(request: HttpRequest) -> dict[str, Any] | None:
    from ..web.citizen.registration import mypage_card_context

    return mypage_card_context(request)


def _staff_panel(request: HttpRequest) -> dict[str, Any] | None:
    from ..web.staff.registration import dashboard_panel_context

    return dashboard_panel_context(request)


register("expire_registrations", _expire)

mypage_cards.register(
    Panel(
        key="facilities.registration",
        title=_("公共施設の利用者登録・団体登録"),
        template="facilities/registration/registration-card.html",
        context=_mypage_card,
        order=40,
    )
)

staff_menu.register(
    MenuEntry(
        key="facilities.registrations",
        title=_("施設の利用者登録"),
        url_name="console:facilities:registration_queue",
        order=410,
        departments=FACILITY_DEPARTMENTS,
        minimum_role="viewer",
    )
)

staff_panels.register(
    Panel(
        key="facilities.registrations",
        title=_("施設の利用者登録・団体登録"),
        template="facilities/staff/registration/dashboard-panel.html",
        context=_staff_panel,
        order=410,
        departments=FACILITY_DEPARTMENTS,
        minimum_role="viewer",
    )
)
