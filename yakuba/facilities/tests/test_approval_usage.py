"""Usage approval (使用許可): approve confirms a paid or free booking, reject frees the slot."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from yakuba.facilities.models import Approval, Booking, BookingState
from yakuba.facilities.services import day_slots, reserve
from yakuba.facilities.services.approval import approve_usage, reject_usage
from yakuba.facilities.services.payments import mark_paid
from yakuba.facilities.tests.factories import make_facility, publish_schedule
from yakuba.facilities.tests.test_operations_support import (
    bunka_staff,
    counter_registration,
    days_ahead,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    facility = make_facility(requires_approval=True)
    publish_schedule()
    return facility.rooms.get()


@pytest.fixture
def approver():
    return bunka_staff("approver")


def _pending(room, **options):
    return reserve(
        registration=counter_registration(),
        room=room,
        day=days_ahead(),
        frame_codes=["am"],
        purpose="発表会",
        attendees=20,
        **options,
    )


def test_approving_a_paid_booking_confirms_it_and_mails_the_holder(
    room, approver, django_capture_on_commit_callbacks
):
    booking = _pending(room)
    mark_paid(approver, booking, reference="R-9")
    with django_capture_on_commit_callbacks(execute=True):
        approved = approve_usage(approver, booking)
    assert (approved.approval, approved.state) == (Approval.APPROVED, BookingState.CONFIRMED)
    assert approved.approval_decided_by == approver and approved.approval_decided_at
    assert mail.outbox[0].to == ["tome@example.jp"]
    assert "許可しました" in mail.outbox[0].subject


def test_approving_an_unpaid_booking_keeps_it_held_until_paid(room, approver):
    booking = _pending(room)
    approved = approve_usage(approver, booking)
    assert (approved.approval, approved.state) == (Approval.APPROVED, BookingState.HELD)
    paid = mark_paid(approver, approved, reference="R-10")
    assert paid.state == BookingState.CONFIRMED


def test_approving_a_free_booking_confirms_it(room, approver):
    booking = _pending(room, reduction_code="city", booked_by=approver, kind="counter")
    assert (booking.fee, booking.state) == (0, BookingState.HELD)
    assert approve_usage(approver, booking).state == BookingState.CONFIRMED


def test_rejecting_cancels_the_booking_frees_the_slot_and_tells_the_reason(
    room, approver, django_capture_on_commit_callbacks
):
    booking = _pending(room)
    with pytest.raises(ValidationError):
        reject_usage(approver, booking, "  ")
    with django_capture_on_commit_callbacks(execute=True):
        rejected = reject_usage(approver, booking, "営利目的の利用は許可できません")
    assert (rejected.approval, rejected.state) == (Approval.REJECTED, BookingState.CANCELLED)
    assert day_slots(room, days_ahead())[0].status == "free"
    assert "営利目的の利用は許可できません" in mail.outbox[0].body
    assert rejected.cancellation_reason == "営利目的の利用は許可できません"


def test_only_approvers_decide_and_only_pending_bookings(room, approver):
    booking = _pending(room)
    with pytest.raises(PermissionDenied):
        approve_usage(bunka_staff("operator"), booking)
    assert Booking.objects.get(pk=booking.pk).approval == Approval.PENDING
    approve_usage(approver, booking)
    with pytest.raises(ValidationError):
        approve_usage(approver, booking)
    with pytest.raises(ValidationError):
        reject_usage(approver, booking, "理由")
