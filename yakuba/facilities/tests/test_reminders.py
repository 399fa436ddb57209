"""Reminder e-mails the day before use: once per booking, only with an address."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from yakuba.facilities.models import Booking, BookingKind, Room
from yakuba.facilities.services import book_room, cancel_booking, reserve
from yakuba.facilities.services.reminders import send_booking_reminders
from yakuba.facilities.services.slots import at
from yakuba.facilities.tests.factories import approved_registration, make_facility, publish_schedule
from yakuba.identity.tests.factories import CitizenFactory, StaffFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)
#: 10:00 today, local time: reminders for tomorrow go out.
MORNING = at(TODAY, datetime.time(10))


@pytest.fixture
def room(settings):
    settings.YAKUBA_FACILITY_REMINDER_DAYS = 1
    make_facility(
        name="中央公民館",
        phone="042-565-1111",
        address="東京都武蔵村山市本町一丁目1番地",
        postal_code="208-0004",
    )
    publish_schedule()
    return Room.objects.select_related("facility").get()


def booking_for(room, day, frame="night", email="hanako@example.jp", **registration_fields):
    user = CitizenFactory(email=email) if email else None
    registration = approved_registration(user, name="山田花子", **registration_fields)
    return reserve(
        registration=registration,
        room=room,
        day=day,
        frame_codes=[frame],
        purpose="合唱の練習",
        attendees=10,
    )


def test_sends_one_reminder_per_booking_however_often_the_job_runs(
    room, mailoutbox, django_capture_on_commit_callbacks
):
    booking = booking_for(room, TOMORROW)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_booking_reminders(MORNING) == 1
        assert send_booking_reminders(MORNING) == 0
        assert send_booking_reminders(MORNING + datetime.timedelta(hours=3)) == 0
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["hanako@example.jp"]
    assert "ご利用日" in mail.subject
    wareki = f"令和{TOMORROW.year - 2018}年{TOMORROW.month}月{TOMORROW.day}日"
    assert wareki in mail.body
    assert "18:00〜21:30" in mail.body
    assert "中央公民館 第1会議室" in mail.body
    assert "東京都武蔵村山市本町一丁目1番地" in mail.body
    assert "042-565-1111" in mail.body
    assert "お支払いがまだです" in mail.body  # held, 1,000円 unpaid
    assert Booking.objects.get(pk=booking.pk).reminder_sent_at == MORNING


def test_no_reminder_for_other_days_cancelled_bookings_or_at_night(
    room, mailoutbox, django_capture_on_commit_callbacks
):
    booking_for(room, TODAY + datetime.timedelta(days=2), email="later@example.jp")
    cancelled = booking_for(room, TOMORROW, frame="am", email="cancelled@example.jp")
    cancel_booking(cancelled)
    tomorrow_night = booking_for(room, TOMORROW)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_booking_reminders(at(TODAY, datetime.time(6))) == 0
        assert send_booking_reminders(MORNING) == 1
    assert len(mailoutbox) == 1
    assert Booking.objects.get(pk=tomorrow_night.pk).reminder_sent_at is not None
    assert Booking.objects.get(pk=cancelled.pk).reminder_sent_at is None


def test_counter_booking_without_an_address_is_skipped(
    room, mailoutbox, django_capture_on_commit_callbacks
):
    by_phone = booking_for(room, TOMORROW, email="")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_booking_reminders(MORNING) == 0
    assert mailoutbox == []
    assert Booking.objects.get(pk=by_phone.pk).reminder_sent_at is None


def test_counter_booking_with_an_address_on_the_registration_is_reminded(
    room, mailoutbox, django_capture_on_commit_callbacks
):
    registration = approved_registration(name="佐藤太郎", email="taro@example.jp")
    reserve(
        registration=registration,
        room=room,
        day=TOMORROW,
        frame_codes=["am"],
        purpose="会議",
        attendees=3,
        kind=BookingKind.COUNTER,
        booked_by=StaffFactory(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_booking_reminders(MORNING) == 1
    assert mailoutbox[0].to == ["taro@example.jp"]


def test_staff_reservations_get_no_reminder(room, mailoutbox, django_capture_on_commit_callbacks):
    staff = StaffFactory()
    book_room(
        room=room,
        starts_at=at(TOMORROW, datetime.time(9)),
        ends_at=at(TOMORROW, datetime.time(12)),
        holder=staff,
        booked_by=staff,
        purpose="市の行事",
        kind=BookingKind.STAFF,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_booking_reminders(MORNING) == 0
    assert mailoutbox == []


def test_zero_days_turns_reminders_off(room, settings, mailoutbox):
    booking_for(room, TOMORROW)
    settings.YAKUBA_FACILITY_REMINDER_DAYS = 0
    assert send_booking_reminders(MORNING) == 0
