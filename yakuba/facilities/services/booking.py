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

from ..events import booking_created, slot_freed
from ..models import ACTIVE_STATES, Booking, BookingState, Room
from ..models.booking import OVERLAP_CONSTRAINT

#: The longest single booking (a whole day's frames).
MAX_LENGTH = datetime.timedelta(hours=16)


#: First key of the per-room advisory lock ("FAC1"); the second is the room id.
ROOM_LOCK_NAMESPACE = 0x46414331


def _queue_for_room(room_id: int) -> None:
    """On PostgreSQL, wait for other transactions inserting a booking of the same room.

    The exclusion constraint alone keeps the guarantee, but when many transactions insert
    overlapping rows at the same instant each waits for the others' uncommitted rows and
    PostgreSQL may break the cycle with "deadlock detected" instead of the constraint
    error (seen by bench/facilities.py).  Queuing the inserts of one room on a
    transaction-scoped advisory lock turns every loser into a plain constraint refusal
    (:class:`SlotTaken`); bookings of different rooms do not wait for each other.
    SQLite serialises writers anyway.
    """
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [ROOM_LOCK_NAMESPACE, room_id])


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
    **fields: Any,
) -> Booking:
    """Book ``room`` from ``starts_at`` to ``ends_at`` (half-open) for a citizen account
    (``holder``) or, at the counter or by phone, for a named person (``holder_name``,
    ``booked_by`` = the staff member).  Raises :class:`SlotTaken` when the time is taken.

    This is the engine's single insert; ``fields`` are further :class:`Booking` fields
    (kind, registration, fee columns, …) set by the callers that compute them
    (:func:`yakuba.facilities.services.reservations.reserve` and the staff, lottery,
    waitlist and course services)."""
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
        **fields,
    )
    try:
        with transaction.atomic():
            _queue_for_room(room.pk)
            booking.save()
    except IntegrityError as error:
        if OVERLAP_CONSTRAINT in str(error):
            raise SlotTaken(
                _("この時間帯は既に予約されています。別の時間帯を選んでください。"),
                code="slot_taken",
            ) from error
        raise
    transaction.on_commit(lambda: booking_created.send(Booking, booking_id=booking.pk))
    return booking


@transaction.atomic
def cancel_booking(
    booking: Booking,
    *,
    cancellation_fee: int = 0,
    state: str = BookingState.CANCELLED,
    reason: str = "",
) -> Booking:
    """Free the slot (the row stays, for the record and the fee rules); ``state`` is
    ``cancelled`` or, for an unpaid booking or a lapsed offer, ``expired``.  Sends
    :data:`~yakuba.facilities.events.slot_freed` after commit (the waitlist listens)."""
    if state not in (BookingState.CANCELLED, BookingState.EXPIRED):
        raise ValueError("a booking is freed as cancelled or expired")
    now = timezone.now()
    updated = Booking.objects.filter(pk=booking.pk, state__in=ACTIVE_STATES).update(
        state=state,
        cancelled_at=now,
        cancellation_fee=cancellation_fee,
        cancellation_reason=reason.strip()[:300],
        updated=now,
    )
    if not updated:
        raise ValidationError(_("この予約は既に取り消されているか、期限が切れています。"))
    booking.refresh_from_db()
    transaction.on_commit(
        lambda: slot_freed.send(
            Booking,
            booking_id=booking.pk,
            room_id=booking.room_id,
            starts_at=booking.starts_at,
            ends_at=booking.ends_at,
        )
    )
    return booking
