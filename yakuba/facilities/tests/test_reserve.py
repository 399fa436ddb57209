"""First-come reservation: fee at booking, frames, registration, slot status."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yakuba.facilities.models import BookingState, Closure, ClosureKind, Equipment, UserClass
from yakuba.facilities.services import SlotTaken, reserve
from yakuba.facilities.tests.factories import (
    approved_group,
    approved_registration,
    make_facility,
    publish_schedule,
)

pytestmark = pytest.mark.django_db


def _next_weekday(days_ahead: int = 10) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days_ahead)


@pytest.fixture
def room():
    facility = make_facility()
    Equipment.objects.create(facility=facility, code="projector", name="プロジェクター", quantity=1)
    publish_schedule()
    return facility.rooms.get()


def test_books_two_consecutive_frames_at_the_resident_fee(room):
    registration = approved_registration()
    booking = reserve(
        registration=registration,
        room=room,
        day=_next_weekday(),
        frame_codes=["pm", "am"],
        purpose="会議",
        attendees=10,
    )
    assert booking.state == BookingState.HELD
    assert (booking.starts_at.hour, booking.ends_at.hour) == (9, 17)
    assert booking.user_class == UserClass.RESIDENT
    assert booking.fee == 2000 and booking.room_fee == 2000
    assert booking.payment_due_at is not None


def test_group_from_outside_the_city_pays_the_non_resident_group_fee_with_equipment(room):
    registration = approved_registration(is_resident=False)
    group = approved_group(registration, is_resident=False)
    projector = Equipment.objects.get(code="projector")
    booking = reserve(
        registration=registration,
        room=room,
        day=_next_weekday(),
        frame_codes=["night"],
        purpose="練習",
        attendees=5,
        group=group,
        equipment={projector: 1},
    )
    assert booking.user_class == UserClass.NONRESIDENT_GROUP
    assert (booking.room_fee, booking.equipment_fee, booking.fee) == (1500, 500, 2000)
    assert booking.lendables.get().equipment == projector


def test_staff_only_reduction_is_refused_online_and_applied_at_the_counter(room, django_user_model):
    registration = approved_registration()
    with pytest.raises(ValidationError) as refused:
        reserve(
            registration=registration,
            room=room,
            day=_next_weekday(),
            frame_codes=["am"],
            purpose="会議",
            attendees=3,
            reduction_code="disability",
        )
    assert "reduction" in refused.value.message_dict
    clerk = django_user_model.objects.create_user(email="clerk@city.example.lg.jp", kind="staff")
    booking = reserve(
        registration=registration,
        room=room,
        day=_next_weekday(),
        frame_codes=["am"],
        purpose="会議",
        attendees=3,
        reduction_code="city",
        booked_by=clerk,
        kind="counter",
    )
    assert (booking.fee, booking.reduction_amount, booking.state) == (
        0,
        1000,
        BookingState.CONFIRMED,
    )


def test_second_booking_of_an_overlapping_frame_is_taken(room):
    day = _next_weekday()
    reserve(
        registration=approved_registration(),
        room=room,
        day=day,
        frame_codes=["am", "pm"],
        purpose="会議",
        attendees=3,
    )
    with pytest.raises(ValidationError):
        reserve(
            registration=approved_registration(),
            room=room,
            day=day,
            frame_codes=["pm"],
            purpose="会議",
            attendees=3,
        )


def test_refuses_a_closed_day_non_consecutive_frames_and_too_many_people(room):
    day = _next_weekday()
    registration = approved_registration()
    with pytest.raises(ValidationError) as gap:
        reserve(
            registration=registration,
            room=room,
            day=day,
            frame_codes=["am", "night"],
            purpose="会議",
            attendees=3,
        )
    assert "frames" in gap.value.message_dict
    with pytest.raises(ValidationError) as crowd:
        reserve(
            registration=registration,
            room=room,
            day=day,
            frame_codes=["am"],
            purpose="会議",
            attendees=31,
        )
    assert "attendees" in crowd.value.message_dict
    Closure.objects.create(
        facility=room.facility,
        kind=ClosureKind.MAINTENANCE,
        first_day=day,
        last_day=day,
        reason="空調点検",
    )
    with pytest.raises(ValidationError) as closed:
        reserve(
            registration=registration,
            room=room,
            day=day,
            frame_codes=["am"],
            purpose="会議",
            attendees=3,
        )
    assert closed.value.error_dict["frames"][0].code == "closed"


def test_needs_an_approved_registration(room):
    registration = approved_registration()
    registration.state = "applied"
    with pytest.raises(ValidationError):
        reserve(
            registration=registration,
            room=room,
            day=_next_weekday(),
            frame_codes=["am"],
            purpose="会議",
            attendees=3,
        )


def test_slot_taken_is_a_validation_error():
    assert issubclass(SlotTaken, ValidationError)


def test_the_facilitys_only_projector_is_lent_to_one_overlapping_booking_at_a_time():
    facility = make_facility(rooms=2)
    projector = Equipment.objects.create(
        facility=facility, code="projector", name="プロジェクター", quantity=1
    )
    publish_schedule(facilities=[facility])
    first_room, second_room = facility.rooms.order_by("code")
    day = _next_weekday()
    reserve(
        registration=approved_registration(),
        room=first_room,
        day=day,
        frame_codes=["am", "pm"],
        purpose="講演会",
        attendees=10,
        equipment={projector: 1},
    )

    with pytest.raises(ValidationError) as refused:
        reserve(
            registration=approved_registration(),
            room=second_room,
            day=day,
            frame_codes=["pm"],
            purpose="研修",
            attendees=5,
            equipment={projector: 1},
        )
    assert "プロジェクターはこの時間帯に貸出できるのが残り0個です。" in refused.value.messages

    evening = reserve(
        registration=approved_registration(),
        room=second_room,
        day=day,
        frame_codes=["night"],
        purpose="研修",
        attendees=5,
        equipment={projector: 1},
    )
    assert evening.lendables.get().equipment == projector
