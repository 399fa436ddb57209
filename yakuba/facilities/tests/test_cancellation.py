"""Cancellation policy: free until N days before the day of use (Tokyo calendar days),
then a percentage of a paid fee kept; unpaid bookings always free; started refused."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yakuba.facilities.models import Booking, BookingState, UserClass
from yakuba.facilities.services import reserve
from yakuba.facilities.services.cancellation import (
    cancel_by_citizen,
    cancel_by_staff,
    cancellation_fee_for,
)
from yakuba.facilities.tests.factories import (
    approved_registration,
    make_facility,
    publish_schedule,
)
from yakuba.identity.tests.factories import AssignmentFactory, CitizenFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")
DAYS_AHEAD = 20


@pytest.fixture
def room():
    facility = make_facility()
    publish_schedule(
        rates={cls: 1234 for cls in UserClass.values},
        free_cancellation_days=7,
        late_cancellation_percent=33,
    )
    return facility.rooms.get()


@pytest.fixture
def holder():
    return CitizenFactory()


def _book(room, holder, *, paid: bool) -> Booking:
    booking = reserve(
        registration=approved_registration(holder),
        room=room,
        day=timezone.localdate() + datetime.timedelta(days=DAYS_AHEAD),
        frame_codes=["pm"],
        purpose="会議",
        attendees=5,
    )
    if paid:  # test data: paid at the counter
        Booking.objects.filter(pk=booking.pk).update(
            paid_at=timezone.now(), state=BookingState.CONFIRMED, payment_method="counter"
        )
        booking.refresh_from_db()
    return booking


def _tokyo(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TOKYO)


def _use_day() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=DAYS_AHEAD)


def test_paid_booking_cancelled_the_day_before_the_deadline_is_refunded_in_full(room, holder):
    booking = _book(room, holder, paid=True)
    terms = cancellation_fee_for(booking, _tokyo(_use_day() - datetime.timedelta(days=8), 12))
    assert (terms.fee_kept, terms.refund, terms.late) == (0, 1234, False)
    assert terms.free_until == _use_day() - datetime.timedelta(days=7)


def test_paid_booking_cancelled_late_on_the_deadline_day_is_still_free(room, holder):
    booking = _book(room, holder, paid=True)
    terms = cancellation_fee_for(booking, _tokyo(_use_day() - datetime.timedelta(days=7), 23, 59))
    assert (terms.fee_kept, terms.refund) == (0, 1234)


def test_paid_booking_cancelled_after_the_deadline_keeps_the_percentage_rounded_down(room, holder):
    booking = _book(room, holder, paid=True)
    terms = cancellation_fee_for(booking, _tokyo(_use_day() - datetime.timedelta(days=6), 0, 30))
    # 1,234 × 33% = 407.22 → 407 kept, 827 refunded
    assert (terms.fee_kept, terms.refund, terms.late) == (407, 827, True)


def test_deadline_counts_calendar_days_in_tokyo_not_utc(room, holder):
    booking = _book(room, holder, paid=True)
    just_after = _tokyo(_use_day() - datetime.timedelta(days=6), 0, 30)
    # In UTC this moment is still the deadline day; in Tokyo it is the day after.
    assert just_after.astimezone(datetime.UTC).date() == _use_day() - datetime.timedelta(days=7)
    assert cancellation_fee_for(booking, just_after).late


def test_unpaid_booking_cancelled_late_owes_nothing(room, holder):
    booking = _book(room, holder, paid=False)
    terms = cancellation_fee_for(booking, _tokyo(_use_day(), 8))
    assert (terms.fee_kept, terms.refund, terms.late, terms.paid) == (0, 0, True, False)


def test_citizen_cancelling_late_stores_the_cancellation_fee(room, holder):
    booking = _book(room, holder, paid=True)
    cancelled, terms = cancel_by_citizen(
        holder, booking, now=_tokyo(_use_day() - datetime.timedelta(days=1), 10)
    )
    assert cancelled.state == BookingState.CANCELLED
    assert cancelled.cancellation_fee == terms.fee_kept == 407
    assert cancelled.cancelled_at is not None


def test_citizen_cannot_cancel_a_booking_that_has_started(room, holder):
    booking = _book(room, holder, paid=False)
    with pytest.raises(ValidationError) as refused:
        cancel_by_citizen(holder, booking, now=booking.starts_at + datetime.timedelta(minutes=1))
    assert "利用開始時刻を過ぎた予約は取り消せません" in refused.value.messages[0]
    booking.refresh_from_db()
    assert booking.state == BookingState.HELD


def test_citizen_cannot_cancel_someone_elses_booking(room, holder):
    booking = _book(room, holder, paid=False)
    with pytest.raises(PermissionDenied):
        cancel_by_citizen(CitizenFactory(), booking)
    booking.refresh_from_db()
    assert booking.state == BookingState.HELD


def test_cancelling_twice_is_refused(room, holder):
    booking = _book(room, holder, paid=False)
    cancel_by_citizen(holder, booking)
    with pytest.raises(ValidationError):
        cancel_by_citizen(holder, booking)


def test_cancelling_frees_the_slot_for_another_booking(room, holder):
    booking = _book(room, holder, paid=False)
    cancel_by_citizen(holder, booking)
    again = _book(room, CitizenFactory(), paid=False)
    assert again.starts_at == booking.starts_at


@pytest.fixture
def operator():
    unit = OrgUnitFactory(code="bunka", name="文化振興課")
    return AssignmentFactory(org_unit=unit, role="operator").user


def test_staff_can_waive_the_late_fee(room, holder, operator):
    booking = _book(room, holder, paid=True)
    cancelled, terms = cancel_by_staff(
        operator,
        booking,
        "設備の故障のため",
        waive_fee=True,
        now=_tokyo(_use_day() - datetime.timedelta(days=1), 10),
    )
    assert (cancelled.cancellation_fee, terms.refund) == (0, 1234)
    assert cancelled.cancellation_reason == "設備の故障のため"


def test_staff_without_the_operator_role_and_a_blank_reason_are_refused(room, holder, operator):
    booking = _book(room, holder, paid=False)
    outsider = AssignmentFactory(org_unit=OrgUnitFactory(code="kazei"), role="operator").user
    with pytest.raises(PermissionDenied):
        cancel_by_staff(outsider, booking, "理由")
    with pytest.raises(ValidationError):
        cancel_by_staff(operator, booking, "  ")
    booking.refresh_from_db()
    assert booking.state == BookingState.HELD
