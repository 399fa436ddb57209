"""Occupancy per facility, room and month on a known data set (June 2030)."""

from __future__ import annotations

import datetime

import pytest

from yakuba.facilities.models import Closure, ClosureKind
from yakuba.facilities.queries.statistics import occupancy, totals
from yakuba.facilities.services import book_room
from yakuba.facilities.services.payments import mark_paid
from yakuba.facilities.services.series import create_blackout
from yakuba.facilities.services.slots import at
from yakuba.facilities.tests.factories import make_facility
from yakuba.facilities.tests.test_operations_support import bunka_staff

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2030, 6, 1)  # 30 days; Mondays: 3, 10, 17, 24


def _book(room, day, starts, ends, *, fee=0, state="confirmed"):
    return book_room(
        room=room,
        starts_at=at(day, starts),
        ends_at=at(day, ends),
        holder_name="利用者",
        state=state,
        fee=fee,
        payment_due_at=at(day, datetime.time(0)) if fee else None,
    )


def test_occupancy_counts_booked_over_bookable_frames_excluding_closed_days():
    facility = make_facility(rooms=2, closed_weekdays=[1])
    first, second = facility.rooms.order_by("code")
    approver = bunka_staff("approver")
    # room 1: closed one Wednesday for maintenance; one booking over 午前+午後, paid 2,000円
    Closure.objects.create(
        facility=facility,
        room=first,
        kind=ClosureKind.MAINTENANCE,
        first_day=datetime.date(2030, 6, 5),
        last_day=datetime.date(2030, 6, 5),
        reason="点検",
    )
    paid = _book(
        first,
        datetime.date(2030, 6, 6),
        datetime.time(9),
        datetime.time(17),
        fee=2000,
        state="held",
    )
    mark_paid(approver, paid, reference="R-1")
    # room 2: 夜間 on two days (one unpaid 1,500円), and a blackout of one whole day
    _book(second, datetime.date(2030, 6, 7), datetime.time(18), datetime.time(21, 30))
    _book(
        second,
        datetime.date(2030, 6, 8),
        datetime.time(18),
        datetime.time(21, 30),
        fee=1500,
        state="held",
    )
    create_blackout(
        approver,
        room=second,
        first_day=datetime.date(2030, 6, 12),
        last_day=datetime.date(2030, 6, 12),
        purpose="行事",
    )
    # a Monday booking of the other month does not count in June
    _book(first, datetime.date(2030, 7, 2), datetime.time(9), datetime.time(12))

    [june] = occupancy(approver, first_month=JUNE, last_month=JUNE)

    room_one, room_two = june.rooms
    # 30 days − 4 Mondays = 26 open days × 3 frames = 78
    assert (room_one.figures.bookable, room_one.figures.booked) == (75, 2)
    assert (room_one.figures.rate, room_one.figures.revenue) == (2.6, 2000)
    assert (room_two.figures.bookable, room_two.figures.booked) == (75, 2)
    assert (room_two.figures.rate, room_two.figures.revenue) == (2.6, 0)
    assert (june.figures.bookable, june.figures.booked, june.figures.revenue) == (150, 4, 2000)
    assert june.figures.rate == 2.6


def test_months_are_listed_per_facility_and_totalled():
    make_facility(closed_weekdays=[])
    viewer = bunka_staff("viewer")
    rows = occupancy(viewer, first_month=JUNE, last_month=datetime.date(2030, 7, 1))
    assert [(row.month, row.figures.bookable) for row in rows] == [
        (JUNE, 90),
        (datetime.date(2030, 7, 1), 93),
    ]
    assert totals(rows).bookable == 183 and totals(rows).rate == 0.0
