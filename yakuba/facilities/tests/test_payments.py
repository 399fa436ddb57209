"""Payment at the counter (mark_paid) and the expiry of unpaid bookings."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from yakuba.facilities import periodic
from yakuba.facilities.models import Approval, Booking, BookingKind, BookingState
from yakuba.facilities.services import book_room, day_slots, reserve
from yakuba.facilities.services.payments import (
    PaymentProvider,
    expire_unpaid_bookings,
    mark_paid,
)
from yakuba.facilities.services.slots import at
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
def operator():
    return bunka_staff("operator")


def _held(room, registration=None, frames=("am",), day=None):
    return reserve(
        registration=registration or counter_registration(),
        room=room,
        day=day or days_ahead(),
        frame_codes=list(frames),
        purpose="会議",
        attendees=5,
    )


def test_counter_payment_confirms_the_held_booking(room, operator):
    booking = _held(room)
    assert (booking.state, booking.fee) == (BookingState.HELD, 1000)

    paid = mark_paid(operator, booking, reference="R-0001")

    paid.refresh_from_db()
    assert paid.state == BookingState.CONFIRMED
    assert paid.paid_at is not None
    assert (paid.payment_method, paid.payment_reference) == ("counter", "R-0001")


def test_payment_keeps_the_booking_held_while_usage_approval_is_pending(operator):
    facility = make_facility(requires_approval=True)
    publish_schedule()
    booking = _held(facility.rooms.get())
    assert booking.approval == Approval.PENDING

    paid = mark_paid(operator, booking, reference="R-0002")

    assert paid.state == BookingState.HELD and paid.paid_at is not None


def test_refuses_a_second_payment_a_free_booking_and_a_missing_receipt(room, operator):
    booking = _held(room)
    with pytest.raises(ValidationError) as missing:
        mark_paid(operator, booking, reference=" ")
    assert "reference" in missing.value.message_dict
    mark_paid(operator, booking, reference="R-1")
    with pytest.raises(ValidationError):
        mark_paid(operator, booking, reference="R-2")
    assert Booking.objects.get(pk=booking.pk).payment_reference == "R-1"

    free = reserve(
        registration=counter_registration(),
        room=room,
        day=days_ahead(),
        frame_codes=["night"],
        purpose="会議",
        attendees=3,
        reduction_code="city",
        booked_by=operator,
        kind="counter",
    )
    assert free.state == BookingState.CONFIRMED
    with pytest.raises(ValidationError):
        mark_paid(operator, free, reference="R-3")


def test_a_viewer_cannot_mark_paid(room):
    viewer = bunka_staff("viewer")
    booking = _held(room)
    with pytest.raises(PermissionDenied):
        mark_paid(viewer, booking, reference="R-1")
    assert Booking.objects.get(pk=booking.pk).paid_at is None


def test_overdue_unpaid_booking_expires_frees_the_slot_and_mails_the_holder(
    room, django_capture_on_commit_callbacks
):
    day = days_ahead()
    booking = _held(room, day=day)
    later = booking.payment_due_at + datetime.timedelta(minutes=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert expire_unpaid_bookings(later) == 1

    booking.refresh_from_db()
    assert booking.state == BookingState.EXPIRED and booking.cancelled_at is not None
    assert day_slots(room, day)[0].status == "free"
    assert [message.to for message in mail.outbox] == [["tome@example.jp"]]
    assert "お支払い期限" in mail.outbox[0].subject
    # idempotent: running again expires nothing and sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_unpaid_bookings(later) == 0
    assert len(mail.outbox) == 1


def test_expiry_leaves_paid_bookings_not_yet_due_ones_and_open_waitlist_offers(room, operator):
    paid = _held(room, frames=("am",))
    mark_paid(operator, paid, reference="R-1")
    not_due = _held(room, frames=("pm",))
    day = days_ahead()
    offer = book_room(
        room=room,
        starts_at=at(day, datetime.time(18)),
        ends_at=at(day, datetime.time(21, 30)),
        holder_name="繰上げ 太郎",
        kind=BookingKind.WAITLIST,
        fee=1000,
        payment_due_at=not_due.payment_due_at - datetime.timedelta(hours=1),
        offer_expires_at=not_due.payment_due_at + datetime.timedelta(hours=1),
    )

    assert expire_unpaid_bookings(not_due.payment_due_at - datetime.timedelta(minutes=1)) == 0

    states = dict(Booking.objects.values_list("pk", "state"))
    assert states == {
        paid.pk: BookingState.CONFIRMED,
        not_due.pk: BookingState.HELD,
        offer.pk: BookingState.HELD,
    }


def test_expiry_is_registered_as_a_periodic_job():
    assert periodic.jobs()["expire_unpaid_bookings"] is expire_unpaid_bookings


def test_payment_provider_protocol_describes_the_electronic_interface():
    class Fake:
        code = "fake"

        def start_payment(self, booking):
            raise NotImplementedError

        def handle_notification(self, payload):
            return None

    assert isinstance(Fake(), PaymentProvider)


def test_an_accepted_waitlist_offer_expires_when_unpaid_but_an_open_one_cannot_be_paid(
    room, operator
):
    day = days_ahead()
    due = at(day, datetime.time(0)) - datetime.timedelta(days=2)
    accepted = book_room(
        room=room,
        starts_at=at(day, datetime.time(9)),
        ends_at=at(day, datetime.time(12)),
        holder_name="繰上げ 花子",
        kind=BookingKind.WAITLIST,
        fee=1000,
        payment_due_at=due,
    )
    open_offer = book_room(
        room=room,
        starts_at=at(day, datetime.time(13)),
        ends_at=at(day, datetime.time(17)),
        holder_name="繰上げ 次郎",
        kind=BookingKind.WAITLIST,
        fee=1000,
        offer_expires_at=due + datetime.timedelta(days=3),
    )
    with pytest.raises(ValidationError):
        mark_paid(operator, open_offer, reference="R-5")

    assert expire_unpaid_bookings(due + datetime.timedelta(minutes=1)) == 1

    states = dict(Booking.objects.values_list("pk", "state"))
    assert states == {accepted.pk: BookingState.EXPIRED, open_offer.pk: BookingState.HELD}
