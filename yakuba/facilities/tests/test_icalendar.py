"""iCalendar feeds (RFC 5545): the personal feed at a secret URL, the public busy-times
feed of a facility, conditional GET, and rotating the secret."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from yakuba.facilities.models import Room, UserRegistration
from yakuba.facilities.services import book_room, cancel_booking, reserve
from yakuba.facilities.tests.factories import approved_registration, make_facility, publish_schedule
from yakuba.identity.testing import login_citizen
from yakuba.identity.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

DAY = timezone.localdate() + datetime.timedelta(days=10)
TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def room(settings):
    settings.YAKUBA_SITE_URL = "https://www.city.example.lg.jp"
    make_facility(
        "chuo",
        name="中央公民館",
        phone="042-565-1111",
        address="東京都武蔵村山市本町一丁目1番地",
    )
    publish_schedule()
    return Room.objects.select_related("facility").get()


@pytest.fixture
def citizen():
    user = CitizenFactory(email="hanako@example.jp")
    registration = approved_registration(user, name="山田花子", phone="090-1234-5678")
    return user, registration


def book(room, registration, frames, purpose="合唱の練習"):
    return reserve(
        registration=registration,
        room=room,
        day=DAY,
        frame_codes=frames,
        purpose=purpose,
        attendees=10,
    )


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    for line in body.split(b"\r\n"):
        assert len(line) <= 75, line
    return icalendar.Calendar.from_ical(body)


def user_feed_url(registration: UserRegistration) -> str:
    return reverse("portal:facilities:calendar_user", args=[registration.calendar_token])


def test_personal_feed_lists_the_users_bookings_with_stable_uids(client, room, citizen):
    user, registration = citizen
    held = book(room, registration, ["am"], purpose="合唱の練習" + "（発表会に向けた通し練習）" * 4)
    calendar = parse(client.get(user_feed_url(registration)))
    events = calendar.events
    assert len(events) == 1
    event = events[0]
    assert str(event["uid"]) == f"booking-{held.pk}@www.city.example.lg.jp"
    start = event.decoded("dtstart")
    assert start == datetime.datetime.combine(DAY, datetime.time(9), tzinfo=TOKYO)
    assert event["dtstart"].params["TZID"] == "Asia/Tokyo"
    assert event.decoded("dtend").hour == 12
    assert str(event["summary"]) == "第1会議室（中央公民館）"
    assert "東京都武蔵村山市本町一丁目1番地" in str(event["location"])
    assert str(event["status"]) == "TENTATIVE"
    assert [str(tz["tzid"]) for tz in calendar.timezones] == ["Asia/Tokyo"]
    # the long description was folded by the library and unfolds to the original
    assert "（発表会に向けた通し練習）" * 4 in str(event["description"])


def test_cancelled_booking_stays_in_the_feed_as_cancelled_with_the_same_uid(client, room, citizen):
    _user, registration = citizen
    booking = book(room, registration, ["pm"])
    cancel_booking(booking)
    event = parse(client.get(user_feed_url(registration))).events[0]
    assert str(event["uid"]) == f"booking-{booking.pk}@www.city.example.lg.jp"
    assert str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == 1


def test_someone_elses_bookings_are_not_in_the_personal_feed(client, room, citizen):
    _user, registration = citizen
    book(room, approved_registration(CitizenFactory()), ["night"])
    assert parse(client.get(user_feed_url(registration))).events == []


def test_unknown_token_is_not_found(client, room):
    url = reverse("portal:facilities:calendar_user", args=["no-such-token"])
    assert client.get(url).status_code == 404


def test_unchanged_feed_answers_not_modified(client, room, citizen):
    _user, registration = citizen
    book(room, registration, ["am"])
    first = client.get(user_feed_url(registration))
    again = client.get(user_feed_url(registration), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert first["Last-Modified"]


def test_rotating_the_token_revokes_the_old_url(client, room, citizen):
    user, registration = citizen
    old_url = user_feed_url(registration)
    login_citizen(client, user)
    page = client.get(reverse("portal:facilities:calendar_page"))
    assert page.status_code == 200
    assert f"webcal://www.city.example.lg.jp{old_url}" in page.content.decode()
    response = client.post(reverse("portal:facilities:calendar_page"), {"action": "rotate"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert user_feed_url(registration) != old_url
    assert client.get(old_url).status_code == 404
    assert client.get(user_feed_url(registration)).status_code == 200


def test_calendar_page_needs_sign_in(client, room):
    response = client.get(reverse("portal:facilities:calendar_page"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_facility_feed_shows_busy_times_without_personal_data(client, room, citizen):
    _user, registration = citizen
    booking = book(room, registration, ["am", "pm"], purpose="山田家の法事の会食")
    url = reverse("portal:facilities:calendar_facility", args=["chuo"])
    response = client.get(url)
    calendar = parse(response)
    body = response.content.decode()
    for personal in ("山田", "花子", "法事", "hanako", "090-1234-5678", registration.number):
        assert personal not in body
    [event] = calendar.events
    assert str(event["summary"]) == "予約済み"
    assert "第1会議室" in str(event["location"])
    assert event.decoded("dtstart") == booking.starts_at
    assert event.decoded("dtend") == booking.ends_at
    assert "description" not in event and "attendee" not in event and "organizer" not in event
    assert response["Cache-Control"].startswith("public")


def test_facility_feed_leaves_out_cancelled_and_far_future_bookings(client, room, citizen):
    _user, registration = citizen
    cancel_booking(book(room, registration, ["am"]))
    far = timezone.localdate() + datetime.timedelta(days=120)
    book_room(
        room=room,
        starts_at=datetime.datetime.combine(far, datetime.time(9), tzinfo=TOKYO),
        ends_at=datetime.datetime.combine(far, datetime.time(12), tzinfo=TOKYO),
        holder=registration.user,
        registration=registration,
    )
    url = reverse("portal:facilities:calendar_facility", args=["chuo"])
    assert parse(client.get(url)).events == []
    assert (
        client.get(reverse("portal:facilities:calendar_facility", args=["nope"])).status_code == 404
    )
