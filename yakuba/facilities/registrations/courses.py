"""What the courses part registers: menu entries, cards, panels, periodic jobs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yakuba.core.registries import (
    MenuEntry,
    Panel,
    ServiceEntry,
    mypage_cards,
    service_catalogue,
    staff_menu,
)

from .. import periodic
from ..policies import FACILITY_DEPARTMENTS


def _mypage_card(request):
    from ..web.citizen.courses import mypage_card

    return mypage_card(request)


def _close_lapsed_periods(now):
    from ..services.courses import close_lapsed_periods

    return close_lapsed_periods(now)


service_catalogue.register(
    ServiceEntry(
        key="facilities.courses",
        title=_("講座・スマートフォン教室の申し込み"),
        description=_(
            "生涯学習講座や、はじめての方向けのスマートフォン・タブレット教室に申し込めます。電話でも申し込めます。"
        ),
        url_name="portal:facilities:course_list",
        category=_("くらし・学び"),
        order=42,
    )
)

mypage_cards.register(
    Panel(
        key="facilities.courses",
        title=_("申し込んだ講座"),
        template="facilities/courses/course-mypage-card.html",
        context=_mypage_card,
        order=42,
    )
)

staff_menu.register(
    MenuEntry(
        key="facilities.courses",
        title=_("講座"),
        url_name="console:facilities:course_list",
        order=440,
        departments=FACILITY_DEPARTMENTS,
        minimum_role="viewer",
    )
)

periodic.register("close_course_applications", _close_lapsed_periods)
