"""Occupancy statistics (稼働率) per facility, room and month.

For one room and one month:

``bookable frames``  every frame of every day of the month, except days the facility is
                     closed (weekly closing day, a closure of the facility or the room),
                     frames blocked by a blackout (利用停止), and every frame while the
                     room or the facility is not taking bookings;
``booked frames``    bookable frames overlapped by an active (held or confirmed) booking
                     other than a blackout — a booking over 午前+午後 counts two frames;
``occupancy``        booked ÷ bookable, in per cent (rounded down to 0.1);
``revenue``          the fees of the month's active bookings that have been paid (by day
                     of use; cancellation fees are not counted).

Days are days of the city's time zone.  Closed days are not counted as unused.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from ..models import ACTIVE_STATES, Booking, BookingKind, Closure, Facility, Room
from ..policies import may_view
from ..services.slots import add_months, at
from .operations import facilities_for


@dataclass
class Figures:
    bookable: int = 0
    booked: int = 0
    revenue: int = 0

    @property
    def rate(self) -> float:
        """Occupancy in per cent, rounded down to one decimal."""
        if not self.bookable:
            return 0.0
        return (self.booked * 1000 // self.bookable) / 10

    def add(self, other: Figures) -> None:
        self.bookable += other.bookable
        self.booked += other.booked
        self.revenue += other.revenue


@dataclass
class RoomMonth:
    room: Room
    figures: Figures


@dataclass
class FacilityMonth:
    facility: Facility
    month: datetime.date
    rooms: list[RoomMonth] = field(default_factory=list)

    @property
    def figures(self) -> Figures:
        total = Figures()
        for row in self.rooms:
            total.add(row.figures)
        return total


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months = []
    month = first.replace(day=1)
    while month <= last.replace(day=1):
        months.append(month)
        month = add_months(month, 1)
    return months


def _days(month: datetime.date) -> list[datetime.date]:
    following = add_months(month, 1)
    return [month + datetime.timedelta(days=offset) for offset in range((following - month).days)]


def occupancy(
    user: Any,
    *,
    first_month: datetime.date,
    last_month: datetime.date,
    facilities: QuerySet[Facility] | None = None,
) -> list[FacilityMonth]:
    """Occupancy by facility and month (then by room), for the months from
    ``first_month`` to ``last_month`` inclusive."""
    if not may_view(user):
        raise PermissionDenied
    scope = facilities_for(user)
    if facilities is not None:
        scope = scope.filter(pk__in=facilities.values("pk"))
    months = months_between(first_month, last_month)
    if not months:
        return []
    period_start = at(months[0], datetime.time.min)
    period_end = at(add_months(months[-1], 1), datetime.time.min)
    result = []
    for facility in scope.prefetch_related("frames", "rooms"):
        frames = list(facility.frames.all())
        rooms = sorted(facility.rooms.all(), key=lambda room: room.code)
        closures = list(
            Closure.objects.filter(
                facility=facility,
                first_day__lt=add_months(months[-1], 1),
                last_day__gte=months[0],
            )
        )
        bookings_by_room: dict[int, list[Booking]] = defaultdict(list)
        for booking in Booking.objects.filter(
            room__facility=facility,
            state__in=ACTIVE_STATES,
            starts_at__lt=period_end,
            ends_at__gt=period_start,
        ).only("room_id", "starts_at", "ends_at", "kind", "fee", "paid_at"):
            bookings_by_room[booking.room_id].append(booking)
        for month in months:
            row = FacilityMonth(facility, month)
            days = _days(month)
            for room in rooms:
                row.rooms.append(
                    RoomMonth(
                        room,
                        _room_figures(
                            facility, room, frames, days, closures, bookings_by_room[room.pk]
                        ),
                    )
                )
            result.append(row)
    return result


def _room_figures(
    facility: Facility,
    room: Room,
    frames: list,
    days: list[datetime.date],
    closures: list[Closure],
    bookings: list[Booking],
) -> Figures:
    figures = Figures()
    if not room.is_active or not facility.is_active:
        return figures
    weekly = set(facility.closed_weekdays or [])
    room_closures = [c for c in closures if c.room_id in (None, room.pk)]
    blackouts = [b for b in bookings if b.kind == BookingKind.BLACKOUT]
    uses = [b for b in bookings if b.kind != BookingKind.BLACKOUT]
    for day in days:
        if day.isoweekday() in weekly:
            continue
        if any(c.first_day <= day <= c.last_day for c in room_closures):
            continue
        for frame in frames:
            starts, ends = at(day, frame.starts), at(day, frame.ends)
            if any(b.starts_at < ends and starts < b.ends_at for b in blackouts):
                continue
            figures.bookable += 1
            if any(b.starts_at < ends and starts < b.ends_at for b in uses):
                figures.booked += 1
    first, last = days[0], days[-1]
    start, end = (
        at(first, datetime.time.min),
        at(last + datetime.timedelta(days=1), datetime.time.min),
    )
    figures.revenue = sum(
        b.fee for b in uses if b.paid_at is not None and start <= b.starts_at < end
    )
    return figures


def totals(rows: list[FacilityMonth]) -> Figures:
    total = Figures()
    for row in rows:
        total.add(row.figures)
    return total
