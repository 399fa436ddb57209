"""Reads of the staff side of daily operations (文化振興課の窓口): today's figures,
booking search, one booking, the usage-approval queue, the daily usage sheet (使用日報),
recurring series, the CSV export and the registration search of the counter.

Every read starts from what the staff member may see (:func:`facilities_for`); pages
showing holders' names record the access with
:func:`yakuba.facilities.access.record_user_reads` (see :func:`registration_ids`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from yakuba.core.japanese import normalize_kana, normalize_width

from ..models import (
    ACTIVE_STATES,
    Approval,
    Booking,
    BookingKind,
    BookingSeries,
    BookingState,
    Facility,
    FeeSchedule,
    Group,
    Reduction,
    RegistrationState,
    Room,
    TimeFrame,
    UserRegistration,
)
from ..policies import FACILITY_DEPARTMENTS, may_view
from ..services.slots import at, local_zone

# ------------------------------------------------------------------ scope


def facilities_for(user: Any) -> QuerySet[Facility]:
    """The facilities whose bookings the staff member may see (their department's)."""
    if not may_view(user):
        return Facility.objects.none()
    return Facility.objects.filter(department__in=FACILITY_DEPARTMENTS).order_by("code")


def rooms_for(user: Any) -> QuerySet[Room]:
    return (
        Room.objects.filter(facility__in=facilities_for(user))
        .select_related("facility")
        .order_by("facility__code", "code")
    )


def bookings_for(user: Any) -> QuerySet[Booking]:
    return Booking.objects.filter(room__facility__in=facilities_for(user)).select_related(
        "room__facility", "registration", "group", "holder", "booked_by", "series"
    )


def get_booking_for(user: Any, pk: int) -> Booking:
    booking = bookings_for(user).filter(pk=pk).select_related("reduction").first()
    if booking is None:
        raise Http404
    return booking


def get_facility_for(user: Any, code: str) -> Facility:
    facility = facilities_for(user).filter(code=code).first()
    if facility is None:
        raise Http404
    return facility


def series_for(user: Any) -> QuerySet[BookingSeries]:
    return (
        BookingSeries.objects.filter(room__facility__in=facilities_for(user))
        .select_related("room__facility", "created_by")
        .order_by("-created")
    )


def get_series_for(user: Any, pk: int) -> BookingSeries:
    series = series_for(user).filter(pk=pk).first()
    if series is None:
        raise Http404
    return series


def registration_ids(bookings: Iterable[Booking]) -> list[int]:
    """The registrations whose holders' data a page of these bookings shows."""
    return list(dict.fromkeys(b.registration_id for b in bookings if b.registration_id))


#: The personal fields a booking list or sheet shows (for the access record).
BOOKING_FIELDS = ("氏名", "団体名", "利用目的", "予約")
SHEET_FIELDS = ("氏名", "団体名", "電話番号", "利用目的", "利用人数", "使用料の支払い")


# ------------------------------------------------------------------ search


def awaiting_payment(queryset: QuerySet[Booking]) -> QuerySet[Booking]:
    return queryset.filter(state=BookingState.HELD, fee__gt=0, paid_at__isnull=True)


def awaiting_approval(queryset: QuerySet[Booking]) -> QuerySet[Booking]:
    return queryset.filter(state__in=ACTIVE_STATES, approval=Approval.PENDING)


def search_bookings(
    user: Any,
    *,
    facility: Facility | None = None,
    room: Room | None = None,
    first_day: datetime.date | None = None,
    last_day: datetime.date | None = None,
    state: str = "",
    kind: str = "",
    holder_name: str = "",
    unpaid: bool = False,
) -> QuerySet[Booking]:
    rows = bookings_for(user)
    if facility is not None:
        rows = rows.filter(room__facility=facility)
    if room is not None:
        rows = rows.filter(room=room)
    if first_day is not None:
        rows = rows.filter(starts_at__gte=at(first_day, datetime.time.min))
    if last_day is not None:
        rows = rows.filter(
            starts_at__lt=at(last_day + datetime.timedelta(days=1), datetime.time.min)
        )
    if state:
        rows = rows.filter(state=state)
    if kind:
        rows = rows.filter(kind=kind)
    if unpaid:
        rows = awaiting_payment(rows)
    name = normalize_width(holder_name or "").strip()
    if name:
        kana = normalize_kana(name)
        rows = rows.filter(
            Q(holder_name__icontains=name)
            | Q(registration__name__icontains=name)
            | Q(registration__name_kana__icontains=kana or name)
            | Q(group__name__icontains=name)
            | Q(registration__number__iexact=name)
        )
    return rows.order_by("starts_at", "room__facility__code", "room__code", "pk")


def approval_queue_for(user: Any) -> QuerySet[Booking]:
    return awaiting_approval(bookings_for(user)).order_by("starts_at", "pk")


# ------------------------------------------------------------------ today


@dataclass(frozen=True)
class FacilityToday:
    facility: Facility
    bookings: int
    awaiting_payment: int
    awaiting_approval: int


def today_for(user: Any, day: datetime.date) -> list[FacilityToday]:
    """Per facility: bookings in use on ``day``, and (any day) bookings awaiting payment
    or usage approval."""
    start = at(day, datetime.time.min)
    end = start + datetime.timedelta(days=1)
    active = Q(rooms__bookings__state__in=ACTIVE_STATES)
    rows = facilities_for(user).annotate(
        today_count=Count(
            "rooms__bookings",
            filter=active
            & Q(rooms__bookings__starts_at__gte=start, rooms__bookings__starts_at__lt=end)
            & ~Q(rooms__bookings__kind=BookingKind.BLACKOUT),
        ),
        unpaid_count=Count(
            "rooms__bookings",
            filter=Q(
                rooms__bookings__state=BookingState.HELD,
                rooms__bookings__fee__gt=0,
                rooms__bookings__paid_at__isnull=True,
            ),
        ),
        approval_count=Count(
            "rooms__bookings", filter=active & Q(rooms__bookings__approval=Approval.PENDING)
        ),
    )
    return [
        FacilityToday(row, row.today_count, row.unpaid_count, row.approval_count) for row in rows
    ]


# ------------------------------------------------------------------ usage sheet


@dataclass
class SheetCell:
    frame: TimeFrame
    booking: Booking | None = None
    #: The booking started in an earlier frame and continues here.
    continued: bool = False


@dataclass
class SheetRow:
    room: Room
    cells: list[SheetCell] = field(default_factory=list)


@dataclass
class UsageSheet:
    facility: Facility
    day: datetime.date
    frames: list[TimeFrame]
    rows: list[SheetRow]
    bookings: list[Booking]

    @property
    def uses(self) -> list[Booking]:
        """The bookings that are uses of a room (not blackouts)."""
        return [b for b in self.bookings if b.kind != BookingKind.BLACKOUT]

    @property
    def total_fee(self) -> int:
        return sum(b.fee for b in self.uses)


def usage_sheet_for(user: Any, facility: Facility, day: datetime.date) -> UsageSheet:
    """The daily usage sheet (使用日報): every room × frame of ``facility`` on ``day``
    with the active booking in it."""
    if not may_view(user):
        raise PermissionDenied
    frames = list(facility.frames.all())
    rooms = list(facility.rooms.filter(is_active=True).order_by("code"))
    start = at(day, datetime.time.min)
    end = start + datetime.timedelta(days=1)
    bookings = list(
        bookings_for(user)
        .filter(
            room__facility=facility,
            state__in=ACTIVE_STATES,
            starts_at__lt=end,
            ends_at__gt=start,
        )
        .order_by("room__code", "starts_at")
    )
    rows = []
    for room in rooms:
        row = SheetRow(room)
        for frame in frames:
            frame_start, frame_end = at(day, frame.starts), at(day, frame.ends)
            booking = next(
                (
                    b
                    for b in bookings
                    if b.room_id == room.pk and b.starts_at < frame_end and frame_start < b.ends_at
                ),
                None,
            )
            continued = booking is not None and booking.starts_at < frame_start
            row.cells.append(SheetCell(frame, booking, continued))
        rows.append(row)
    return UsageSheet(facility, day, frames, rows, bookings)


# ------------------------------------------------------------------ CSV export


def export_bookings(
    user: Any, *, month: datetime.date, facility: Facility | None = None
) -> QuerySet[Booking]:
    """Every booking (any state) whose use starts in ``month``."""
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    rows = bookings_for(user).filter(
        starts_at__gte=at(first, datetime.time.min),
        starts_at__lt=at(following, datetime.time.min),
    )
    if facility is not None:
        rows = rows.filter(room__facility=facility)
    return rows.select_related("reduction").order_by("starts_at", "room__facility__code", "pk")


def local(moment: datetime.datetime | None) -> datetime.datetime | None:
    return moment.astimezone(local_zone()) if moment else None


def iterate(queryset: QuerySet[Booking], chunk_size: int = 500) -> Iterator[Booking]:
    return queryset.iterator(chunk_size=chunk_size)


# ------------------------------------------------------------------ registrations


def registrations_matching(user: Any, text: str, *, limit: int = 30) -> list[UserRegistration]:
    """Registrations found by name, kana, 利用者番号 or phone (for the counter)."""
    if not may_view(user):
        raise PermissionDenied
    try:
        from .registration import search_registrations  # the registration part's search
    except ImportError:
        search_registrations = None
    if search_registrations is not None:
        return list(search_registrations(user, text, limit=limit))
    query = normalize_width(text or "").strip()
    if not query:
        return []
    digits = "".join(ch for ch in query if ch.isdigit())
    condition = (
        Q(name__icontains=query)
        | Q(name_kana__icontains=normalize_kana(query) or query)
        | Q(number__iexact=query)
    )
    if len(digits) >= 3:
        condition |= Q(phone__contains=digits) | Q(number__contains=digits)
    return list(UserRegistration.objects.filter(condition).order_by("name_kana", "pk")[:limit])


def get_registration_for(user: Any, pk: int) -> UserRegistration:
    if not may_view(user):
        raise PermissionDenied
    registration = UserRegistration.objects.filter(pk=pk).first()
    if registration is None:
        raise Http404
    return registration


def groups_of_registration(registration: UserRegistration) -> QuerySet[Group]:
    """Approved, valid groups the registration represents or belongs to."""
    return (
        Group.objects.filter(
            Q(representative=registration) | Q(members__registration=registration),
            state=RegistrationState.APPROVED,
            valid_until__gte=timezone.localdate(),
        )
        .distinct()
        .order_by("name_kana", "pk")
    )


def reductions_on(day: datetime.date) -> list[Reduction]:
    """The reductions (減免) of the fee schedule in force on ``day`` (none: no schedule)."""
    schedule = (
        FeeSchedule.objects.filter(published_at__isnull=False, valid_from__lte=day)
        .order_by("-valid_from")
        .first()
    )
    if schedule is None:
        return []
    return list(schedule.reductions.order_by("code"))
