"""A resident joins the waitlist on a phone (375×667) in Chromium, gets the offer when the
booking is cancelled and accepts it; the calendar page; axe-core clean on every page.
Also once with JavaScript off (no axe there: see tests/browser/test_alerts_subscribe.py)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from yakuba.facilities.models import BookingState, WaitlistEntry, WaitState
from yakuba.facilities.services import cancel_booking, reserve
from yakuba.facilities.services.slots import at
from yakuba.facilities.tests.factories import approved_registration, make_facility, publish_schedule
from yakuba.facilities.web.citizen.waitlist import join_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = timezone.localdate() + datetime.timedelta(days=10)
AM = (at(DAY, datetime.time(9)), at(DAY, datetime.time(12)))


@pytest.fixture
def room(municipality):
    facility = make_facility(name="中央公民館", capacity=20)
    publish_schedule()
    return facility.rooms.get()


@pytest.fixture
def resident(municipality):
    from yakuba.identity.tests.factories import CitizenFactory

    user = CitizenFactory(email="hanako@example.jp", display_name="村山 花子")
    approved_registration(user)
    return user


def taken(room):
    return reserve(
        registration=approved_registration(),
        room=room,
        day=DAY,
        frame_codes=["am"],
        purpose="会議",
        attendees=5,
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_resident_waits_gets_the_offer_and_accepts_on_a_phone(
    page_factory,
    live_server,
    axe_check,
    room,
    resident,
    javascript,
):
    booking = taken(room)
    page = page_factory(PHONE, user=resident, javascript=javascript)
    check = axe_check if javascript else (lambda page: None)

    page.goto(live_server.url + join_url(room.pk, *AM))
    expect(page.get_by_role("heading", level=1)).to_have_text("キャンセル待ちの申込み")
    check(page)
    page.get_by_role("button", name="キャンセル待ちに申し込む").click()
    expect(page.get_by_role("heading", level=2, name="入力内容に問題があります")).to_be_visible()
    check(page)
    page.get_by_label("利用目的").fill("合唱の練習")
    page.get_by_label("利用人数").fill("8")
    page.get_by_role("button", name="キャンセル待ちに申し込む").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("キャンセル待ち")
    expect(page.get_by_text("1番目")).to_be_visible()
    check(page)

    cancel_booking(booking)  # autocommit: slot_freed runs now and makes the offer
    entry = WaitlistEntry.objects.get()
    assert entry.state == WaitState.OFFERED

    page.reload()
    expect(page.get_by_text("回答期限").first).to_be_visible()
    check(page)
    page.get_by_role("button", name="予約する").first.click()
    expect(page.get_by_text("予約しました")).to_be_visible()
    entry.refresh_from_db()
    assert entry.state == WaitState.ACCEPTED
    assert entry.offer.state == BookingState.HELD
    check(page)


def test_calendar_page_on_a_phone(page_factory, live_server, axe_check, room, resident):
    page = page_factory(PHONE, user=resident)
    page.goto(f"{live_server.url}/facilities/calendar/")
    expect(page.get_by_role("heading", level=1)).to_have_text("予約のカレンダー")
    url = page.get_by_label("カレンダーのURL", exact=False).input_value()
    assert "/facilities/calendar/u/" in url and url.endswith(".ics")
    axe_check(page)
    page.get_by_role("button", name="新しいURLを発行する").click()
    assert page.get_by_label("カレンダーのURL", exact=False).input_value() != url
    axe_check(page)
