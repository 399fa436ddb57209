"""What the waitlist part registers: the ``slot_freed`` handler, the periodic jobs
(waitlist offers that lapse, the safety net for freed times, reminder e-mails) and the
マイページ card of open waitlist entries and offers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from yakuba.core.registries import Panel, mypage_cards

from .. import handlers, periodic
from ..events import slot_freed
from ..services import reminders, waitlist

slot_freed.connect(handlers.offer_freed_slot, dispatch_uid="facilities.waitlist.offer_freed_slot")

periodic.register("lapse_waitlist_offers", waitlist.lapse_offers)
periodic.register("offer_waitlist_slots", waitlist.offer_freed_slots)
periodic.register("send_booking_reminders", reminders.send_booking_reminders)


def _waitlist_card(request: HttpRequest) -> dict[str, Any] | None:
    """The citizen's open entries; hidden when there are none."""
    from ..queries.waitlist import open_entries_for

    user = getattr(request, "user", None)
    if user is None or getattr(user, "kind", "") != "citizen":
        return None
    entries = open_entries_for(user)
    if not entries:
        return None
    return {
        "offers": [
            {
                "entry": entry,
                "when": waitlist.when_text(entry.starts_at, entry.ends_at),
                "deadline": waitlist.moment_text(entry.offer.offer_expires_at)
                if entry.offer is not None and entry.offer.offer_expires_at
                else "",
            }
            for entry in entries
            if entry.state == "offered"
        ],
        "waiting_count": sum(1 for entry in entries if entry.state == "waiting"),
    }


mypage_cards.register(
    Panel(
        key="facilities.waitlist",
        title=_("施設のキャンセル待ち"),
        template="facilities/waitlist/waitlist-card.html",
        context=_waitlist_card,
        order=45,
    )
)
