"""Booking a room, and cancelling: the database decides who gets a contested slot.

:func:`book_room` inserts; it never checks availability first.  When another booking
of the same room overlaps, the database refuses the row (exclusion constraint on
PostgreSQL, trigger on SQLite, migration 0002) and the caller gets
:class:`SlotTaken` with a clear message — however many requests race for the slot,
exactly one wins.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ACTIVE_STATES, Booking, BookingState, Room
from .models.booking import OVERLAP_CONSTRAINT

#: The longest single booking (a whole day's frames).
MAX_LENGTH = datetime.timedelta(hours=16)


class SlotTaken(ValidationError):
    """The room is already booked for (part of) this time."""


def _validate(starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    errors = {}
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValueError("booking times must be timezone-aware")
    if ends_at <= starts_at:
        errors["ends_at"] = _("終了日時は開始日時より後にしてください。")
    elif ends_at - starts_at > MAX_LENGTH:
        errors["ends_at"] = _("1回の予約は16時間までです。")
    if starts_at < timezone.now():
        errors["starts_at"] = _("過去の日時は予約できません。")
    if errors:
        raise ValidationError(errors)


def book_room(
    *,
    room: Room,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    holder: Any = None,
    holder_name: str = "",
    booked_by: Any = None,
    purpose: str = "",
    state: str = BookingState.HELD,
) -> Booking:
    """Book ``room`` from ``starts_at`` to ``ends_at`` (half-open) for a citizen account
    (``holder``) or, at the counter or by phone, for a named person (``holder_name``,
    ``booked_by`` = the staff member).  Raises :class:`SlotTaken` when the time is taken."""
    _validate(starts_at, ends_at)
    if holder is None and not holder_name.strip():
        raise ValidationError({"holder_name": _("利用者の氏名を入力してください。")})
    if state not in ACTIVE_STATES:
        raise ValueError("a new booking is held or confirmed")
    booking = Booking(
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        holder=holder,
        holder_name=holder_name.strip(),
        booked_by=booked_by,
        purpose=purpose.strip(),
        state=state,
    )
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        if OVERLAP_CONSTRAINT in str(error):
            raise SlotTaken(
                _("この時間帯は既に予約されています。別の時間帯を選んでください。"),
                code="slot_taken",
            ) from error
        raise
    return booking


@transaction.atomic
def cancel_booking(booking: Booking) -> Booking:
    """Free the slot (the row stays, for the record and the fee rules)."""
    updated = Booking.objects.filter(pk=booking.pk, state__in=ACTIVE_STATES).update(
        state=BookingState.CANCELLED, updated=timezone.now()
    )
    if not updated:
        raise ValidationError(_("この予約は既に取り消されているか、期限が切れています。"))
    booking.refresh_from_db()
    return booking
