"""Bookable slots: a room's frames on a day and whether each can be booked now.

A slot is one :class:`~yakuba.facilities.models.TimeFrame` of one room on one day.
Its status, in the order checked:

``closed``   the facility's weekly closing day, a :class:`Closure` of the facility or
             the room, or the room is not taking bookings;
``past``     it has started;
``taken``    an active booking overlaps it;
``not_yet``  first-come booking for its month has not opened yet (the month is still in
             its lottery, or beyond the booking horizon);
``free``     bookable first-come now.

When first-come booking opens for a month: with the lottery, at the round's
``first_come_opens_at`` (or, before the round exists, on ``first_come_opens_day`` of
the month before last at 9:00); without it, on the 1st of the month
``booking_horizon_months - 1`` months earlier at 9:00.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ACTIVE_STATES, Booking, Closure, Facility, LotteryRound, Room, TimeFrame

FREE = "free"
TAKEN = "taken"
CLOSED = "closed"
PAST = "past"
NOT_YET = "not_yet"

OPENING_HOUR = datetime.time(9, 0)


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """``day`` at ``time`` in the city's time zone (aware)."""
    return datetime.datetime.combine(day, time, tzinfo=local_zone())


def add_months(month: datetime.date, count: int) -> datetime.date:
    """The first day of the month ``count`` months after ``month`` (negative: before)."""
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class LotteryWindow:
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    draw_at: datetime.datetime
    first_come_opens_at: datetime.datetime


def lottery_window(facility: Facility, month: datetime.date) -> LotteryWindow:
    """The default periods of ``facility``'s lottery for ``month`` (from its day settings):
    applications from ``lottery_opens_day`` 9:00 to the end of ``lottery_closes_day`` of
    the month before last, draw on ``lottery_draw_day`` at 10:00, first-come from
    ``first_come_opens_day`` at 9:00."""
    base = add_months(month.replace(day=1), -2)
    return LotteryWindow(
        opens_at=at(base.replace(day=facility.lottery_opens_day), OPENING_HOUR),
        closes_at=at(base.replace(day=facility.lottery_closes_day), datetime.time.min)
        + datetime.timedelta(days=1),
        draw_at=at(base.replace(day=facility.lottery_draw_day), datetime.time(10, 0)),
        first_come_opens_at=at(base.replace(day=facility.first_come_opens_day), OPENING_HOUR),
    )


def first_come_opens_at(facility: Facility, month: datetime.date) -> datetime.datetime:
    month = month.replace(day=1)
    if facility.lottery_enabled:
        round_opens = (
            LotteryRound.objects.filter(facility=facility, month=month)
            .values_list("first_come_opens_at", flat=True)
            .first()
        )
        return round_opens or lottery_window(facility, month).first_come_opens_at
    return at(add_months(month, -(max(facility.booking_horizon_months, 1) - 1)), OPENING_HOUR)


@dataclass(frozen=True)
class Slot:
    room_id: int
    frame: TimeFrame
    day: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: str
    #: Why it is closed (the closure's reason), for the calendar.
    note: str = ""

    @property
    def is_free(self) -> bool:
        return self.status == FREE


def _closures(room: Room, first: datetime.date, last: datetime.date) -> list[Closure]:
    return list(
        Closure.objects.filter(
            facility_id=room.facility_id, first_day__lte=last, last_day__gte=first
        ).filter(room__isnull=True)
        | Closure.objects.filter(room=room, first_day__lte=last, last_day__gte=first)
    )


def room_slots(
    room: Room,
    first: datetime.date,
    last: datetime.date,
    *,
    now: datetime.datetime | None = None,
    frames: Sequence[TimeFrame] | None = None,
) -> dict[datetime.date, list[Slot]]:
    """Every slot of ``room`` from ``first`` to ``last`` (inclusive), by day, in three
    queries whatever the range."""
    now = now or timezone.now()
    facility = room.facility
    frames = list(frames if frames is not None else facility.frames.all())
    closures = _closures(room, first, last)
    window_start = at(first, datetime.time.min)
    window_end = at(last, datetime.time.min) + datetime.timedelta(days=1)
    taken = list(
        Booking.objects.filter(
            room=room, state__in=ACTIVE_STATES, starts_at__lt=window_end, ends_at__gt=window_start
        ).values_list("starts_at", "ends_at")
    )
    opens_by_month: dict[datetime.date, datetime.datetime] = {}
    result: dict[datetime.date, list[Slot]] = {}
    day = first
    while day <= last:
        month = day.replace(day=1)
        if month not in opens_by_month:
            opens_by_month[month] = first_come_opens_at(facility, month)
        closure = next((c for c in closures if c.first_day <= day <= c.last_day), None)
        weekly_closed = day.isoweekday() in (facility.closed_weekdays or [])
        slots = []
        for frame in frames:
            starts_at, ends_at = at(day, frame.starts), at(day, frame.ends)
            note = ""
            if not room.is_active or not facility.is_active:
                status = CLOSED
            elif closure is not None:
                status, note = CLOSED, closure.reason
            elif weekly_closed:
                status, note = CLOSED, _("休館日")
            elif starts_at <= now:
                status = PAST
            elif any(s < ends_at and starts_at < e for s, e in taken):
                status = TAKEN
            elif now < opens_by_month[month] or room.lottery_only:
                status = NOT_YET
            else:
                status = FREE
            slots.append(Slot(room.pk, frame, day, starts_at, ends_at, status, note))
        result[day] = slots
        day += datetime.timedelta(days=1)
    return result


def day_slots(room: Room, day: datetime.date, **options) -> list[Slot]:
    return room_slots(room, day, day, **options)[day]


def frames_range(
    facility: Facility, day: datetime.date, frame_codes: Iterable[str]
) -> tuple[datetime.datetime, datetime.datetime, list[TimeFrame]]:
    """The time range covered by consecutive frames (in the facility's frame order) on
    ``day``; e.g. 午前+午後 is 9:00–17:00.  Raises ValidationError for unknown codes or
    frames that are not consecutive."""
    codes = list(dict.fromkeys(frame_codes))
    frames = list(facility.frames.all())
    order = [frame.code for frame in frames]
    if not codes:
        raise ValidationError({"frames": _("利用する時間帯を選んでください。")})
    if any(code not in order for code in codes):
        raise ValidationError({"frames": _("選んだ時間帯はこの施設にありません。")})
    positions = sorted(order.index(code) for code in codes)
    if positions != list(range(positions[0], positions[0] + len(positions))):
        raise ValidationError({"frames": _("続いている時間帯を選んでください。")})
    chosen = [frames[position] for position in positions]
    return at(day, chosen[0].starts), at(day, chosen[-1].ends), chosen
