"""Reads of the catalogue: the citizens' facility list and facility pages (public data,
no personal data), and the staff setup lists (scoped by the facilities policy).

The citizen reads show only active facilities and rooms.  Texts come in the page
language: English shows ``name_en``/``description_en``/… where they are filled in and
falls back to Japanese otherwise.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from yakuba.core.japanese import name_search_key

from ..models import (
    ACTIVE_STATES,
    Booking,
    Closure,
    Equipment,
    EquipmentFee,
    Facility,
    FacilityKind,
    FeeRate,
    FeeSchedule,
    Reduction,
    Room,
    TimeFrame,
    UserClass,
)
from ..policies import may_view
from ..services.fees import FeeNotSet, schedule_on

#: How far ahead the facility page lists closures.
CLOSURES_AHEAD = datetime.timedelta(days=366)


def is_english() -> bool:
    return (get_language() or "ja").startswith("en")


def localized(instance: Any, name: str) -> str:
    """``instance.<name>_en`` on an English page when it is filled in, else ``<name>``."""
    if is_english():
        english = getattr(instance, f"{name}_en", "")
        if english:
            return english
    return getattr(instance, name)


# ------------------------------------------------------------------------- citizen


def catalogue_facilities(*, kind: str = "", text: str = "") -> list[Facility]:
    """Active facilities in the order of the kinds (公民館, 体育館, …), optionally of one kind, matching ``text`` in their name,
    reading (kana), English name or address — width-, kana- and space-insensitive
    (こうみんかん finds 公民館 by its reading コウミンカン)."""
    facilities = Facility.objects.filter(is_active=True).order_by("name_kana", "code")
    if kind:
        facilities = facilities.filter(kind=kind)
    key = name_search_key(text)
    kinds = list(FacilityKind.values)
    result = sorted(
        facilities, key=lambda f: kinds.index(f.kind) if f.kind in kinds else len(kinds)
    )
    if key:
        result = [
            facility
            for facility in result
            if any(
                key in name_search_key(value)
                for value in (facility.name, facility.name_kana, facility.name_en, facility.address)
            )
        ]
    return result


def get_catalogue_facility(code: str) -> Facility:
    facility = Facility.objects.filter(code=code, is_active=True).first()
    if facility is None:
        raise Http404("no such facility")
    return facility


@dataclass(frozen=True)
class FeeRow:
    room: Room
    frame: TimeFrame
    amounts: list[int | None]


@dataclass(frozen=True)
class FeeTable:
    """The fees of one facility on one day, from the published schedule then in force."""

    schedule: FeeSchedule | None
    classes: list[tuple[str, str]]
    rows: list[FeeRow] = field(default_factory=list)
    equipment: list[tuple[Equipment, int | None]] = field(default_factory=list)
    reductions: list[Reduction] = field(default_factory=list)


def fee_table_on(facility: Facility, day: datetime.date) -> FeeTable:
    """Rooms × frames × user classes of ``facility`` from the schedule in force on ``day``;
    an empty table (``schedule`` None) when no schedule is published for that day."""
    classes = [(value, str(label)) for value, label in UserClass.choices]
    try:
        schedule = schedule_on(day)
    except FeeNotSet:
        return FeeTable(schedule=None, classes=classes)
    rooms = list(facility.rooms.filter(is_active=True))
    frames = list(facility.frames.all())
    amounts = {
        (rate.room_id, rate.frame_id, rate.user_class): rate.amount
        for rate in FeeRate.objects.filter(schedule=schedule, room__in=rooms)
    }
    rows = [
        FeeRow(room, frame, [amounts.get((room.pk, frame.pk, value)) for value, _ in classes])
        for room in rooms
        for frame in frames
    ]
    fees = {
        fee.equipment_id: fee.amount
        for fee in EquipmentFee.objects.filter(schedule=schedule, equipment__facility=facility)
    }
    equipment = [(item, fees.get(item.pk)) for item in facility.lendables.all()]
    return FeeTable(
        schedule=schedule,
        classes=classes,
        rows=rows,
        equipment=equipment,
        reductions=list(schedule.reductions.all()),
    )


def upcoming_closures(facility: Facility, today: datetime.date | None = None) -> list[Closure]:
    today = today or timezone.localdate()
    return list(
        Closure.objects.filter(
            facility=facility, last_day__gte=today, first_day__lte=today + CLOSURES_AHEAD
        )
        .select_related("room")
        .order_by("first_day", "pk")
    )


# --------------------------------------------------------------------------- staff


def require_viewer(user: Any) -> None:
    if not may_view(user):
        raise PermissionDenied


def facilities_for(user: Any) -> QuerySet[Facility]:
    """Every facility (active or not) for staff who may view the facilities module."""
    require_viewer(user)
    return Facility.objects.order_by("code")


def get_facility_for(user: Any, pk: int) -> Facility:
    facility = facilities_for(user).filter(pk=pk).first()
    if facility is None:
        raise Http404("no such facility")
    return facility


def get_room_for(user: Any, facility: Facility, pk: int) -> Room:
    require_viewer(user)
    room = Room.objects.filter(facility=facility, pk=pk).first()
    if room is None:
        raise Http404("no such room")
    return room


def get_frame_for(user: Any, facility: Facility, pk: int) -> TimeFrame:
    require_viewer(user)
    frame = TimeFrame.objects.filter(facility=facility, pk=pk).first()
    if frame is None:
        raise Http404("no such frame")
    return frame


def get_equipment_for(user: Any, facility: Facility, pk: int) -> Equipment:
    require_viewer(user)
    item = Equipment.objects.filter(facility=facility, pk=pk).first()
    if item is None:
        raise Http404("no such equipment")
    return item


def get_closure_for(user: Any, facility: Facility, pk: int) -> Closure:
    require_viewer(user)
    closure = Closure.objects.filter(facility=facility, pk=pk).first()
    if closure is None:
        raise Http404("no such closure")
    return closure


def closures_of(facility: Facility, *, include_past: bool = False) -> QuerySet[Closure]:
    closures = Closure.objects.filter(facility=facility).select_related("room")
    if not include_past:
        closures = closures.filter(last_day__gte=timezone.localdate())
    return closures.order_by("first_day", "pk")


def bookings_in_closure(closure: Closure) -> list[Booking]:
    """Active bookings (held or confirmed) of the closed facility or room on the closed
    days.  Only times, rooms and states are shown from these: no personal data."""
    from ..services.slots import at

    bookings = Booking.objects.filter(
        room__facility_id=closure.facility_id,
        state__in=ACTIVE_STATES,
        starts_at__lt=at(closure.last_day, datetime.time.min) + datetime.timedelta(days=1),
        ends_at__gt=at(closure.first_day, datetime.time.min),
    )
    if closure.room_id is not None:
        bookings = bookings.filter(room_id=closure.room_id)
    return list(bookings.select_related("room").order_by("starts_at", "pk"))


def schedules_for(user: Any) -> QuerySet[FeeSchedule]:
    require_viewer(user)
    return FeeSchedule.objects.select_related("published_by").order_by("-valid_from", "-pk")


def get_schedule_for(user: Any, pk: int) -> FeeSchedule:
    schedule = schedules_for(user).filter(pk=pk).first()
    if schedule is None:
        raise Http404("no such schedule")
    return schedule


def get_reduction_for(user: Any, schedule: FeeSchedule, pk: int) -> Reduction:
    require_viewer(user)
    reduction = Reduction.objects.filter(schedule=schedule, pk=pk).first()
    if reduction is None:
        raise Http404("no such reduction")
    return reduction


def schedule_in_force_today() -> FeeSchedule | None:
    try:
        return schedule_on(timezone.localdate())
    except FeeNotSet:
        return None


def schedule_rates(schedule: FeeSchedule, facility: Facility) -> dict[tuple[int, int, str], int]:
    return {
        (rate.room_id, rate.frame_id, rate.user_class): rate.amount
        for rate in FeeRate.objects.filter(schedule=schedule, room__facility=facility)
    }


def schedule_equipment_fees(schedule: FeeSchedule, facility: Facility) -> dict[int, int]:
    return {
        fee.equipment_id: fee.amount
        for fee in EquipmentFee.objects.filter(schedule=schedule, equipment__facility=facility)
    }


def rate_counts(schedule: FeeSchedule) -> dict[int, int]:
    """Facility id → number of rates in ``schedule``."""
    counts: dict[int, int] = {}
    for facility_id in FeeRate.objects.filter(schedule=schedule).values_list(
        "room__facility_id", flat=True
    ):
        counts[facility_id] = counts.get(facility_id, 0) + 1
    return counts
