"""Reads of the first-come booking part: a citizen's own registration, groups and
bookings, the bookable rooms, and the month / week availability of a room."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import (
    ACTIVE_STATES,
    Booking,
    Group,
    RegistrationState,
    Room,
    UserRegistration,
)
from ..services.slots import CLOSED, FREE, NOT_YET, PAST, TAKEN, Slot, local_zone, room_slots

# ------------------------------------------------------------------ registration


def registration_of(user: Any) -> UserRegistration | None:
    """The user's own 利用者登録 (any state), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        from .registration import registration_for  # the registration part's reader
    except ImportError:
        return UserRegistration.objects.filter(user_id=user.pk).first()
    return registration_for(user)


def is_approved(registration: UserRegistration | None, on: datetime.date | None = None) -> bool:
    on = on or timezone.localdate()
    return (
        registration is not None
        and registration.state == RegistrationState.APPROVED
        and registration.valid_until is not None
        and registration.valid_until >= on
    )


def approved_groups_of(registration: UserRegistration | None) -> QuerySet[Group]:
    """Approved groups, valid today, the registration represents or belongs to."""
    if registration is None:
        return Group.objects.none()
    try:
        from .registration import groups_of  # the registration part's reader
    except ImportError:
        groups = Group.objects.filter(
            Q(representative=registration) | Q(members__registration=registration),
            state=RegistrationState.APPROVED,
        ).distinct()
    else:
        groups = groups_of(registration)
    return groups.filter(valid_until__gte=timezone.localdate()).order_by("name_kana", "pk")


# ------------------------------------------------------------------ rooms


def bookable_rooms() -> QuerySet[Room]:
    return (
        Room.objects.filter(is_active=True, facility__is_active=True)
        .select_related("facility")
        .order_by("facility__code", "code")
    )


def get_room_for_booking(room_id: int) -> Room:
    """A room shown on the booking pages (raises Room.DoesNotExist)."""
    return Room.objects.select_related("facility").get(pk=room_id, facility__is_active=True)


# ------------------------------------------------------------------ bookings


def bookings_for(user: Any) -> QuerySet[Booking]:
    """The user's own bookings (as holder), newest day of use last."""
    if not getattr(user, "is_authenticated", False):
        return Booking.objects.none()
    return (
        Booking.objects.filter(holder_id=user.pk)
        .select_related("room__facility", "group", "fee_schedule", "reduction")
        .order_by("starts_at", "pk")
    )


def upcoming_bookings_for(
    user: Any, *, now: datetime.datetime | None = None, limit: int | None = None
) -> list[Booking]:
    now = now or timezone.now()
    rows = bookings_for(user).filter(state__in=ACTIVE_STATES, ends_at__gt=now)
    return list(rows[:limit] if limit else rows)


def past_bookings_for(user: Any, *, now: datetime.datetime | None = None) -> list[Booking]:
    """Bookings that are over, cancelled or expired, most recent first."""
    now = now or timezone.now()
    return list(
        bookings_for(user)
        .filter(Q(ends_at__lte=now) | ~Q(state__in=ACTIVE_STATES))
        .order_by("-starts_at", "-pk")[:100]
    )


def get_booking_for(user: Any, pk: int) -> Booking:
    """One of the user's own bookings (raises Booking.DoesNotExist for anyone else's)."""
    return bookings_for(user).prefetch_related("lendables__equipment").get(pk=pk)


def recent_duplicate(
    user: Any, room: Room, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> Booking | None:
    """The user's active booking of exactly this room and time made in the last few
    minutes: a second submit of the same confirmation is recognised as the first."""
    since = timezone.now() - datetime.timedelta(minutes=10)
    return (
        bookings_for(user)
        .filter(
            room=room,
            starts_at=starts_at,
            ends_at=ends_at,
            state__in=ACTIVE_STATES,
            created__gte=since,
        )
        .first()
    )


# ------------------------------------------------------------------ calendars

#: Day statuses of the month view.
DAY_FREE = "free"
DAY_FULL = "full"
DAY_CLOSED = "closed"
DAY_NOT_YET = "not_yet"
DAY_PAST = "past"


def day_status(slots: Sequence[Slot]) -> str:
    statuses = {slot.status for slot in slots}
    if not slots or statuses == {CLOSED}:
        return DAY_CLOSED
    if FREE in statuses:
        return DAY_FREE
    if statuses <= {PAST, CLOSED}:
        return DAY_PAST
    if NOT_YET in statuses:
        return DAY_NOT_YET
    return DAY_FULL


@dataclass(frozen=True)
class CalendarDay:
    day: datetime.date
    status: str
    free_count: int
    slots: list[Slot]


def month_days(
    room: Room, month: datetime.date, *, now: datetime.datetime | None = None
) -> list[list[CalendarDay | None]]:
    """Weeks (Sunday first) of the month; None pads the days of other months.  One
    :func:`room_slots` call for the whole month."""
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    slots = room_slots(room, first, last, now=now)
    cells: list[CalendarDay | None] = [None] * ((first.weekday() + 1) % 7)
    for day, day_slots in slots.items():
        cells.append(
            CalendarDay(
                day=day,
                status=day_status(day_slots),
                free_count=sum(1 for slot in day_slots if slot.status == FREE),
                slots=day_slots,
            )
        )
    cells += [None] * (-len(cells) % 7)
    return [cells[index : index + 7] for index in range(0, len(cells), 7)]


def week_days(
    room: Room, first: datetime.date, *, now: datetime.datetime | None = None
) -> list[CalendarDay]:
    slots = room_slots(room, first, first + datetime.timedelta(days=6), now=now)
    return [
        CalendarDay(
            day=day,
            status=day_status(day_slots),
            free_count=sum(1 for slot in day_slots if slot.status == FREE),
            slots=day_slots,
        )
        for day, day_slots in slots.items()
    ]


def local_date(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(local_zone()).date()


__all__ = [
    "DAY_CLOSED",
    "DAY_FREE",
    "DAY_FULL",
    "DAY_NOT_YET",
    "DAY_PAST",
    "TAKEN",
    "CalendarDay",
    "approved_groups_of",
    "bookable_rooms",
    "bookings_for",
    "day_status",
    "get_booking_for",
    "get_room_for_booking",
    "is_approved",
    "local_date",
    "month_days",
    "past_bookings_for",
    "recent_duplicate",
    "registration_of",
    "upcoming_bookings_for",
    "week_days",
]
