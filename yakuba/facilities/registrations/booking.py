"""What the booking part registers: the マイページ card 「施設の予約」."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from yakuba.core.registries import Panel, mypage_cards

#: How many upcoming bookings the card lists.
CARD_ROWS = 3


def _bookings_card(request: HttpRequest) -> dict[str, Any] | None:
    """The signed-in citizen's next bookings (hidden for anyone else)."""
    if getattr(request.user, "kind", None) != "citizen":
        return None
    from ..queries.booking import upcoming_bookings_for
    from ..web.citizen.booking_mine import booking_row

    return {
        "rows": [
            booking_row(booking) for booking in upcoming_bookings_for(request.user, limit=CARD_ROWS)
        ]
    }


mypage_cards.register(
    Panel(
        key="facilities.bookings",
        title=_("施設の予約"),
        template="facilities/booking/booking-card.html",
        context=_bookings_card,
        order=40,
    )
)
