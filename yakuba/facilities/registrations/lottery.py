"""What the lottery part registers: the service-catalogue entry, the マイページ card, the
staff menu entry and the periodic job ``lottery_rounds``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from yakuba.core.registries import (
    MenuEntry,
    Panel,
    ServiceEntry,
    mypage_cards,
    service_catalogue,
    staff_menu,
)

from ..periodic import register
from ..policies import FACILITY_DEPARTMENTS


def _rounds_job(now: Any) -> int:
    from ..services.lottery_rounds import ensure_rounds

    return ensure_rounds(now)


register("lottery_rounds", _rounds_job)

service_catalogue.register(
    ServiceEntry(
        key="facilities.lottery",
        title=_("公共施設の抽選申込"),
        description=_(
            "公民館・体育館などの再来月分の利用を、毎月の抽選で申し込めます。結果はメールとマイページでお知らせします。"
        ),
        url_name="portal:facilities:lottery_rounds",
        category=_("くらし・学び"),
        order=41,
    )
)


def _entries_card(request: HttpRequest) -> dict[str, Any] | None:
    from ..models import EntryState
    from ..queries.lottery import entries_for
    from ..web.citizen.lottery import entry_rows

    entries = entries_for(request.user).exclude(state=EntryState.WITHDRAWN)[:5]
    return {"rows": entry_rows(entries)}


mypage_cards.register(
    Panel(
        key="facilities.lottery",
        title=_("施設の抽選の申込と結果"),
        template="facilities/lottery/entries-card.html",
        context=_entries_card,
        order=41,
    )
)

staff_menu.register(
    MenuEntry(
        key="facilities.lottery",
        title=_("施設の抽選"),
        url_name="console:facilities:lottery_round_list",
        order=430,
        departments=FACILITY_DEPARTMENTS,
        minimum_role="viewer",
    )
)
