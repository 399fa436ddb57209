"""Citizen pages of the waitlist: join from the day page, my entries, answering an offer."""

from __future__ import annotations

import datetime
from urllib.parse import unquote_plus

import pytest
from django.urls import reverse
from django.utils import timezone

from yakuba.facilities.models import Booking, BookingState, Room, WaitlistEntry, WaitState
from yakuba.facilities.services import cancel_booking, reserve
from yakuba.facilities.services.slots import at
from yakuba.facilities.services.waitlist import join_waitlist
from yakuba.facilities.tests.factories import approved_registration, make_facility, publish_schedule
from yakuba.facilities.web.citizen.waitlist import join_url, parse_moment
from yakuba.identity.testing import login_citizen
from yakuba.identity.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

DAY = timezone.localdate() + datetime.timedelta(days=10)
AM = (at(DAY, datetime.time(9)), at(DAY, datetime.time(12)))


@pytest.fixture
def room():
    make_facility(name="中央公民館")
    publish_schedule()
    return Room.objects.select_related("facility").get()


@pytest.fixture
def resident(client):
    user = CitizenFactory()
    registration = approved_registration(user)
    login_citizen(client, user)
    return registration


def taken(room):
    return reserve(
        registration=approved_registration(),
        room=room,
        day=DAY,
        frame_codes=["am"],
        purpose="会議",
        attendees=5,
    )


def test_join_url_round_trips_the_times(room):
    url = join_url(room.pk, *AM)
    query = dict(part.split("=", 1) for part in url.split("?", 1)[1].split("&"))
    assert parse_moment(unquote_plus(query["start"])) == AM[0]
    assert parse_moment("2026-12-20T09:00") == datetime.datetime(
        2026, 12, 20, 9, tzinfo=AM[0].tzinfo
    )
    assert parse_moment("2026-12-20T09:00:00 09:00").utcoffset() == datetime.timedelta(hours=9)
    assert parse_moment("not a time") is None


def test_join_page_shows_the_form_for_a_taken_time_and_joins(client, room, resident):
    taken(room)
    url = join_url(room.pk, *AM)
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "キャンセル待ちに申し込む" in text
    assert "中央公民館" in text and "令和" in text
    response = client.post(
        reverse("portal:facilities:waitlist_join"),
        {
            "room": room.pk,
            "start": AM[0].isoformat(),
            "end": AM[1].isoformat(),
            "purpose": "合唱の練習",
            "attendees": "8",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:facilities:waitlist_list")
    entry = WaitlistEntry.objects.get()
    assert (entry.registration, entry.state, entry.attendees) == (resident, "waiting", 8)
    listing = client.get(response["Location"]).content.decode()
    assert "1番目" in listing


def test_join_page_for_a_free_time_says_to_book_and_joins_nothing(client, room, resident):
    page = client.get(join_url(room.pk, *AM))
    assert page.status_code == 200
    assert "予約してください" in page.content.decode()
    assert "キャンセル待ちに申し込む" not in page.content.decode()
    response = client.post(
        reverse("portal:facilities:waitlist_join"),
        {
            "room": room.pk,
            "start": AM[0].isoformat(),
            "end": AM[1].isoformat(),
            "purpose": "合唱の練習",
            "attendees": "8",
        },
    )
    assert response.status_code == 409
    assert not WaitlistEntry.objects.exists()


def test_join_form_errors_are_shown_and_nothing_is_saved(client, room, resident):
    taken(room)
    response = client.post(
        reverse("portal:facilities:waitlist_join"),
        {"room": room.pk, "start": AM[0].isoformat(), "end": AM[1].isoformat(), "purpose": ""},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "入力内容に問題があります" in text
    assert "利用目的を入力してください。" in text
    assert not WaitlistEntry.objects.exists()


@pytest.mark.parametrize(
    "query",
    ["", "?room=x&start=a&end=b", "?room=999999&start=2026-12-20T09:00&end=2026-12-20T12:00"],
)
def test_bad_join_links_are_a_clear_page_not_an_error(client, room, resident, query):
    response = client.get(reverse("portal:facilities:waitlist_join") + query)
    assert response.status_code == 400
    assert "正しくありません" in response.content.decode()


def test_without_registration_the_join_page_explains(client, room):
    taken(room)
    login_citizen(client, CitizenFactory())
    response = client.get(join_url(room.pk, *AM))
    assert response.status_code == 403
    assert "利用者登録" in response.content.decode()


@pytest.mark.parametrize("name", ["waitlist_list", "waitlist_join", "calendar_page"])
def test_pages_need_sign_in(client, name):
    response = client.get(reverse(f"portal:facilities:{name}"))
    assert response.status_code == 302


def _offered(room, resident, django_capture_on_commit_callbacks):
    booking = taken(room)
    entry = join_waitlist(resident, room, *AM, purpose="合唱", attendees=5)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(booking)
    entry.refresh_from_db()
    assert entry.state == WaitState.OFFERED
    return entry


def test_list_shows_the_offer_with_deadline_and_accepting_books(
    client, room, resident, django_capture_on_commit_callbacks
):
    entry = _offered(room, resident, django_capture_on_commit_callbacks)
    listing = client.get(reverse("portal:facilities:waitlist_list")).content.decode()
    assert "回答期限" in listing and "予約する" in listing and "辞退する" in listing
    offer_url = reverse("portal:facilities:waitlist_offer", args=[entry.pk])
    assert client.get(offer_url).status_code == 200
    response = client.post(offer_url, {"action": "accept"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == WaitState.ACCEPTED
    assert Booking.objects.get(pk=entry.offer_id).offer_expires_at is None


def test_declining_from_the_offer_page(client, room, resident, django_capture_on_commit_callbacks):
    entry = _offered(room, resident, django_capture_on_commit_callbacks)
    offer_url = reverse("portal:facilities:waitlist_offer", args=[entry.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(offer_url, {"action": "decline"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == WaitState.WITHDRAWN
    assert Booking.objects.get(pk=entry.offer_id).state == BookingState.CANCELLED


def test_answering_twice_shows_a_message_not_an_error(
    client, room, resident, django_capture_on_commit_callbacks
):
    entry = _offered(room, resident, django_capture_on_commit_callbacks)
    offer_url = reverse("portal:facilities:waitlist_offer", args=[entry.pk])
    client.post(offer_url, {"action": "accept"})
    again = client.post(offer_url, {"action": "decline"})
    assert again.status_code == 400
    assert "回答済み" in again.content.decode()
    entry.refresh_from_db()
    assert entry.state == WaitState.ACCEPTED


def test_someone_elses_offer_is_not_found(
    client, room, resident, django_capture_on_commit_callbacks
):
    entry = _offered(room, resident, django_capture_on_commit_callbacks)
    login_citizen(client, CitizenFactory())
    offer_url = reverse("portal:facilities:waitlist_offer", args=[entry.pk])
    assert client.get(offer_url).status_code == 404
    assert client.post(offer_url, {"action": "accept"}).status_code == 404
    entry.refresh_from_db()
    assert entry.state == WaitState.OFFERED


def test_withdrawing_from_the_list(client, room, resident):
    taken(room)
    entry = join_waitlist(resident, room, *AM, purpose="合唱", attendees=5)
    response = client.post(reverse("portal:facilities:waitlist_withdraw", args=[entry.pk]))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == WaitState.WITHDRAWN
    assert (
        client.get(reverse("portal:facilities:waitlist_withdraw", args=[entry.pk])).status_code
        == 405
    )


def test_mypage_card_shows_the_open_offer(
    client, room, resident, django_capture_on_commit_callbacks
):
    mypage = client.get(reverse("portal:mypage")).content.decode()
    assert "施設のキャンセル待ち" not in mypage
    entry = _offered(room, resident, django_capture_on_commit_callbacks)
    mypage = client.get(reverse("portal:mypage")).content.decode()
    assert "施設のキャンセル待ち" in mypage
    assert reverse("portal:facilities:waitlist_offer", args=[entry.pk]) in mypage
    assert "回答期限" in mypage


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("0001-01-01T09:00", "0001-01-01T12:00"),
        ("9999-12-31T09:00", "9999-12-31T12:00"),
        ("2020-01-01T09:00", "2020-01-01T12:00"),
        ("2026-12-20T12:00", "2026-12-20T09:00"),
    ],
)
def test_far_away_or_reversed_times_are_a_clear_page(client, room, resident, start, end):
    url = reverse("portal:facilities:waitlist_join") + f"?room={room.pk}&start={start}&end={end}"
    response = client.get(url)
    assert response.status_code == 400
    assert "正しくありません" in response.content.decode()


def test_a_past_time_is_refused_politely(client, room, resident):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    start, end = at(yesterday, datetime.time(9)), at(yesterday, datetime.time(12))
    response = client.get(join_url(room.pk, start, end))
    assert response.status_code == 200
    text = response.content.decode()
    assert "過去の日時はキャンセル待ちできません。" in text
    assert "キャンセル待ちに申し込む" not in text
