"""Counter and phone bookings (窓口・電話予約) made by staff on behalf of a resident.

Staff find the resident's user registration (by name, kana, 利用者番号 or phone — a
registration made at the counter has no account), quote the fee, and book through the
same first-come :func:`~yakuba.facilities.services.reservations.reserve` as the web,
with ``kind=counter`` and ``booked_by`` = the staff member.  Staff may apply a
staff-only reduction (減免) after checking documents.  The booking is held until the
fee is paid (:func:`yakuba.facilities.services.payments.mark_paid`), or confirmed at
once when there is nothing to pay and no usage approval is needed.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied

from ..models import Booking, BookingKind, Equipment, Group, Room, UserRegistration
from ..policies import may_operate
from .fees import FeeQuote, quote_fee, user_class_for
from .reservations import require_valid_registration, reserve
from .slots import frames_range


def quote_counter_booking(
    staff: Any,
    *,
    registration: UserRegistration,
    room: Room,
    day: datetime.date,
    frame_codes: Sequence[str],
    group: Group | None = None,
    commercial: bool = False,
    equipment: Mapping[Equipment, int] | None = None,
    reduction_code: str = "",
) -> FeeQuote:
    """The fee the resident would pay, to read out before booking (writes nothing)."""
    if not may_operate(staff):
        raise PermissionDenied
    require_valid_registration(registration, group, on=day)
    _starts, _ends, frames = frames_range(room.facility, day, frame_codes)
    return quote_fee(
        room=room,
        frames=frames,
        user_class=user_class_for(registration, group, commercial=commercial),
        day=day,
        equipment=equipment,
        reduction_code=reduction_code,
    )


def book_at_counter(
    staff: Any,
    *,
    registration: UserRegistration,
    room: Room,
    day: datetime.date,
    frame_codes: Sequence[str],
    purpose: str,
    attendees: int,
    group: Group | None = None,
    commercial: bool = False,
    equipment: Mapping[Equipment, int] | None = None,
    reduction_code: str = "",
) -> Booking:
    """Book on behalf of ``registration`` (counter or phone); same rules as the web."""
    if not may_operate(staff):
        raise PermissionDenied
    return reserve(
        registration=registration,
        room=room,
        day=day,
        frame_codes=frame_codes,
        purpose=purpose,
        attendees=attendees,
        group=group,
        commercial=commercial,
        equipment=equipment,
        reduction_code=reduction_code,
        kind=BookingKind.COUNTER,
        booked_by=staff,
    )
