"""A registered resident books a room on a phone (375×667) in Chromium: month calendar →
day → frame → confirmation with the fee → the booking; axe-core clean on every page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from yakuba.facilities.models import Booking, BookingState
from yakuba.facilities.tests.factories import approved_registration, make_facility, publish_schedule

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def test_resident_books_a_room_on_a_phone(page_factory, live_server, axe_check, room, resident):
    day = timezone.localdate() + datetime.timedelta(days=10)
    page = page_factory(PHONE, user=resident)

    page.goto(f"{live_server.url}/facilities/book/room/{room.pk}/?month={day:%Y-%m}")
    assert "空き状況" in page.get_by_role("heading", level=1).inner_text()
    expect(page.get_by_role("table")).to_have_count(1)
    axe_check(page)

    page.get_by_role("link", name="週ごとの表示に切り替える").click()
    expect(page.get_by_role("table")).to_have_count(1)
    axe_check(page)
    page.go_back()

    page.get_by_role("link", name=re.compile(rf"^{day.day}日\s*（")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("^" + re.escape("中央公民館"))
    )
    axe_check(page)

    page.get_by_label("午後 13:00–17:00").check()
    page.get_by_label("利用目的").fill("自治会の役員会")
    page.get_by_label("利用人数").fill("8")
    page.get_by_role("button", name="料金を確認する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("予約内容の確認")
    expect(page.get_by_text("1,000円").first).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="予約する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("予約の内容")
    expect(page.get_by_text("予約を受け付けました")).to_be_visible()
    axe_check(page)

    booking = Booking.objects.get()
    assert booking.holder == resident and booking.fee == 1000
    assert booking.state == BookingState.HELD
    assert booking.starts_at.astimezone(timezone.get_current_timezone()).hour == 13

    page.goto(f"{live_server.url}/facilities/book/mine/")
    axe_check(page)
    page.get_by_role("link", name=f"{day.month}月{day.day}日", exact=False).first.click()
    page.get_by_role("link", name="この予約を取り消す").click()
    axe_check(page)
    page.get_by_role("button", name="予約を取り消す").click()
    expect(page.get_by_text("予約を取り消しました")).to_be_visible()
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED
