"""Recurring staff reservations (市の使用, e.g. 毎週火曜の午前) and blackouts
(利用停止: maintenance of one room, a city event) as a :class:`BookingSeries`.

:func:`create_series` makes one booking per matching day through
:func:`~yakuba.facilities.services.booking.book_room` — so the database still refuses
any overlap — confirmed, free of charge, held in the name of the department.  Days that
are closed, past or already booked are **skipped and reported**, never forced: staff
see the list and settle those days by hand.

* a **staff** series books the chosen consecutive frames as one booking a day (a day
  with any of them taken is skipped);
* a **blackout** books each chosen frame on its own, so the free frames of a partly
  booked day are still blocked (the taken ones are reported).

:func:`create_blackout` is a blackout of every day of a range (one room, all frames by
default).  :func:`cancel_series` frees the series' bookings from a day on.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yakuba.identity.permissions import primary_unit

from ..models import (
    ACTIVE_STATES,
    Approval,
    Booking,
    BookingKind,
    BookingSeries,
    BookingState,
    Room,
)
from ..policies import may_approve
from .booking import SlotTaken, book_room, cancel_booking
from .slots import CLOSED, PAST, TAKEN, at, day_slots, frames_range

#: The longest range one series may cover.
MAX_DAYS = 366
SERIES_KINDS = (BookingKind.STAFF, BookingKind.BLACKOUT)
ALL_WEEKDAYS = (1, 2, 3, 4, 5, 6, 7)


@dataclass(frozen=True)
class Skipped:
    day: datetime.date
    frame_label: str
    reason: str


@dataclass
class SeriesResult:
    series: BookingSeries
    created: list[Booking] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def department_name(staff: Any) -> str:
    unit = primary_unit(staff)
    return unit.org_unit_name if unit else _("市")


def _reason(status: str, note: str = "") -> str:
    if status == CLOSED:
        return _("休館・休止（%(note)s）") % {"note": note} if note else _("休館・休止")
    if status == PAST:
        return _("過去の日時")
    if status == TAKEN:
        return _("既に予約があります")
    return status


def _validate(
    room: Room,
    weekdays: Sequence[int],
    frame_codes: Sequence[str],
    first_day: datetime.date,
    last_day: datetime.date,
    purpose: str,
    kind: str,
) -> None:
    errors: dict[str, str] = {}
    if kind not in SERIES_KINDS:
        errors["kind"] = _("種別は「市の使用」か「利用停止」を選んでください。")
    if not weekdays or any(day not in ALL_WEEKDAYS for day in weekdays):
        errors["weekdays"] = _("曜日を選んでください。")
    if not purpose.strip():
        errors["purpose"] = _("利用目的を入力してください。")
    if last_day < first_day:
        errors["last_day"] = _("終了日は開始日以降の日にしてください。")
    elif (last_day - first_day).days >= MAX_DAYS:
        errors["last_day"] = _("期間は1年以内にしてください。")
    elif first_day < timezone.localdate():
        errors["first_day"] = _("開始日は今日以降の日にしてください。")
    if errors:
        raise ValidationError(errors)
    frames_range(room.facility, first_day, frame_codes)  # unknown / not consecutive


def create_series(
    staff: Any,
    *,
    room: Room,
    weekdays: Sequence[int],
    frame_codes: Sequence[str],
    first_day: datetime.date,
    last_day: datetime.date,
    purpose: str,
    kind: str = BookingKind.STAFF,
    holder_name: str = "",
) -> SeriesResult:
    """Book ``frame_codes`` of ``room`` on every ``weekdays`` (ISO, 1 = Monday) from
    ``first_day`` to ``last_day``; returns the series, the bookings made and the skipped
    days with their reasons."""
    if not may_approve(staff):
        raise PermissionDenied
    weekdays = sorted({int(day) for day in weekdays})
    _validate(room, weekdays, frame_codes, first_day, last_day, purpose, kind)
    holder_name = holder_name.strip() or department_name(staff)
    codes = list(dict.fromkeys(frame_codes))
    with transaction.atomic():
        series = BookingSeries.objects.create(
            room=room,
            kind=kind,
            purpose=purpose.strip(),
            created_by=staff,
            rule={
                "weekdays": weekdays,
                "frames": codes,
                "first_day": first_day.isoformat(),
                "last_day": last_day.isoformat(),
                "holder_name": holder_name,
            },
        )
        result = SeriesResult(series)
        day = first_day
        while day <= last_day:
            if day.isoweekday() in weekdays:
                _book_day(staff, series, room, day, codes, holder_name, result)
            day += datetime.timedelta(days=1)
    return result


def _book_day(
    staff: Any,
    series: BookingSeries,
    room: Room,
    day: datetime.date,
    codes: list[str],
    holder_name: str,
    result: SeriesResult,
) -> None:
    _starts, _ends, frames = frames_range(room.facility, day, codes)
    slots = {slot.frame.code: slot for slot in day_slots(room, day)}
    groups = [[frame] for frame in frames] if series.kind == BookingKind.BLACKOUT else [frames]
    for group in groups:
        label = "・".join(frame.label for frame in group)
        blocked = next(
            (slots[frame.code] for frame in group if slots[frame.code].status in (CLOSED, PAST)),
            None,
        ) or next((slots[frame.code] for frame in group if slots[frame.code].status == TAKEN), None)
        if blocked is not None:
            result.skipped.append(Skipped(day, label, _reason(blocked.status, blocked.note)))
            continue
        try:
            booking = book_room(
                room=room,
                starts_at=at(day, group[0].starts),
                ends_at=at(day, group[-1].ends),
                holder_name=holder_name,
                booked_by=staff,
                purpose=series.purpose,
                state=BookingState.CONFIRMED,
                kind=series.kind,
                series=series,
                fee=0,
                approval=Approval.NOT_REQUIRED,
            )
        except SlotTaken:
            result.skipped.append(Skipped(day, label, _reason(TAKEN)))
        else:
            result.created.append(booking)


def create_blackout(
    staff: Any,
    *,
    room: Room,
    first_day: datetime.date,
    last_day: datetime.date,
    purpose: str,
    frame_codes: Sequence[str] | None = None,
    holder_name: str = "",
) -> SeriesResult:
    """Stop bookings of ``room`` (all its frames unless ``frame_codes``) on every day
    from ``first_day`` to ``last_day`` — maintenance, an event."""
    codes = (
        list(frame_codes)
        if frame_codes
        else list(room.facility.frames.values_list("code", flat=True))
    )
    return create_series(
        staff,
        room=room,
        weekdays=ALL_WEEKDAYS,
        frame_codes=codes,
        first_day=first_day,
        last_day=last_day,
        purpose=purpose,
        kind=BookingKind.BLACKOUT,
        holder_name=holder_name,
    )


def cancel_series(staff: Any, series: BookingSeries, from_day: datetime.date) -> int:
    """Cancel the series' bookings on ``from_day`` and later that have not started;
    returns how many were freed."""
    if not may_approve(staff):
        raise PermissionDenied
    start = max(at(from_day, datetime.time.min), timezone.now())
    count = 0
    with transaction.atomic():
        bookings = Booking.objects.select_for_update().filter(
            series=series, state__in=ACTIVE_STATES, starts_at__gte=start
        )
        for booking in bookings.order_by("starts_at"):
            cancel_booking(booking, state=BookingState.CANCELLED)
            count += 1
    return count
