"""Reactions of the facilities module to its own and other modules' events.

``slot_freed`` → the waitlist: an offer whose booking was freed some other way is
settled, then the freed time is offered to the next ones waiting
(:func:`yakuba.facilities.services.waitlist.offer_next`).  Connected in
``registrations/waitlist.py``.  A failure is logged and never reaches the person whose
cancellation sent the event; the periodic job ``offer_waitlist_slots`` offers any freed
time a failed handler missed.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from .models import Room
from .services import waitlist

logger = logging.getLogger(__name__)


def offer_freed_slot(
    sender: Any,
    *,
    booking_id: int,
    room_id: int,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    **kwargs: Any,
) -> None:
    try:
        waitlist.settle_freed_offer(booking_id)
        room = Room.objects.select_related("facility").get(pk=room_id)
        waitlist.offer_next(room, starts_at, ends_at)
    except Exception:  # noqa: BLE001 - logged; the periodic safety net retries
        logger.exception("facilities waitlist offer failed", extra={"booking_id": booking_id})
