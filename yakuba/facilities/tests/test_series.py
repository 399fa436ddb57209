"""Recurring staff reservations and blackouts: bookings made, days skipped with reasons."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yakuba.facilities.models import (
    Booking,
    BookingKind,
    BookingSeries,
    BookingState,
    Closure,
    ClosureKind,
)
from yakuba.facilities.services import reserve
from yakuba.facilities.services.series import cancel_series, create_blackout, create_series
from yakuba.facilities.tests.factories import make_facility, publish_schedule
from yakuba.facilities.tests.test_operations_support import (
    bunka_staff,
    counter_registration,
    days_ahead,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    facility = make_facility()
    publish_schedule()
    return facility.rooms.get()


@pytest.fixture
def approver():
    return bunka_staff("approver")


def _next(weekday: int, after: int = 7) -> datetime.date:
    day = days_ahead(after)
    while day.isoweekday() != weekday:
        day += datetime.timedelta(days=1)
    return day


def test_weekly_series_books_each_tuesday_and_reports_the_days_it_skipped(room, approver):
    first = _next(2)
    tuesdays = [first + datetime.timedelta(weeks=week) for week in range(4)]
    reserve(
        registration=counter_registration(),
        room=room,
        day=tuesdays[1],
        frame_codes=["pm"],
        purpose="会議",
        attendees=3,
    )
    Closure.objects.create(
        facility=room.facility,
        kind=ClosureKind.MAINTENANCE,
        first_day=tuesdays[2],
        last_day=tuesdays[2],
        reason="空調点検",
    )

    result = create_series(
        approver,
        room=room,
        weekdays=[2],
        frame_codes=["am", "pm"],
        first_day=first,
        last_day=tuesdays[-1],
        purpose="健康教室",
    )

    assert [b.starts_at.date() for b in result.created] == [tuesdays[0], tuesdays[3]]
    assert [(s.day, s.reason) for s in result.skipped] == [
        (tuesdays[1], "既に予約があります"),
        (tuesdays[2], "休館・休止（空調点検）"),
    ]
    booking = result.created[0]
    assert (booking.state, booking.fee, booking.kind) == (
        BookingState.CONFIRMED,
        0,
        BookingKind.STAFF,
    )
    assert booking.holder_name == "文化振興課" and booking.series == result.series
    assert (booking.starts_at.hour, booking.ends_at.hour) == (9, 17)
    assert result.series.rule["weekdays"] == [2]


def test_blackout_blocks_first_come_booking(room, approver):
    day = days_ahead(12)
    result = create_blackout(
        approver, room=room, first_day=day, last_day=day, purpose="床の張り替え"
    )
    assert len(result.created) == 3 and not result.skipped
    with pytest.raises(ValidationError) as refused:
        reserve(
            registration=counter_registration(),
            room=room,
            day=day,
            frame_codes=["am"],
            purpose="会議",
            attendees=3,
        )
    assert refused.value.error_dict["frames"][0].code == "taken"


def test_blackout_blocks_the_free_frames_of_a_partly_booked_day(room, approver):
    day = days_ahead(12)
    reserve(
        registration=counter_registration(),
        room=room,
        day=day,
        frame_codes=["pm"],
        purpose="会議",
        attendees=3,
    )
    result = create_blackout(approver, room=room, first_day=day, last_day=day, purpose="点検")
    assert sorted(b.starts_at.hour for b in result.created) == [9, 18]
    assert [(s.frame_label, s.reason) for s in result.skipped] == [("午後", "既に予約があります")]


def test_cancel_series_frees_the_bookings_from_a_day_on(room, approver):
    first = _next(4)
    result = create_series(
        approver,
        room=room,
        weekdays=[4],
        frame_codes=["night"],
        first_day=first,
        last_day=first + datetime.timedelta(weeks=2),
        purpose="会議",
    )
    assert len(result.created) == 3
    assert cancel_series(approver, result.series, first + datetime.timedelta(days=1)) == 2
    states = list(
        Booking.objects.filter(series=result.series)
        .order_by("starts_at")
        .values_list("state", flat=True)
    )
    assert states == [BookingState.CONFIRMED, BookingState.CANCELLED, BookingState.CANCELLED]


def test_only_approvers_and_valid_input(room, approver):
    with pytest.raises(PermissionDenied):
        create_blackout(
            bunka_staff("operator"),
            room=room,
            first_day=days_ahead(),
            last_day=days_ahead(),
            purpose="点検",
        )
    with pytest.raises(ValidationError) as invalid:
        create_series(
            approver,
            room=room,
            weekdays=[],
            frame_codes=["am"],
            first_day=days_ahead(5),
            last_day=days_ahead(1),
            purpose="",
        )
    assert set(invalid.value.message_dict) == {"weekdays", "last_day", "purpose"}
    assert not BookingSeries.objects.exists()
