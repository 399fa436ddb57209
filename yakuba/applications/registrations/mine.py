"""What the マイページ part registers: the 「電子申請」 card (the latest applications)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from yakuba.core.registries import Panel, mypage_cards

#: How many applications the card lists.
CARD_ROWS = 3


def _applications_card(request: HttpRequest) -> dict[str, Any] | None:
    """The signed-in citizen's latest applications and their status (hidden for anyone else)."""
    if getattr(request.user, "kind", None) != "citizen":
        return None
    from ..queries.mine import latest_for
    from ..web.citizen.mine import submission_row

    return {"rows": [submission_row(s) for s in latest_for(request.user, limit=CARD_ROWS)]}


mypage_cards.register(
    Panel(
        key="applications.mine",
        title=_("電子申請"),
        template="applications/mine/mine-card.html",
        context=_applications_card,
        order=35,
    )
)
