"""Facilities staff in Chromium: at the counter, staff book a room for a resident who has
no account (registered at the counter), mark the fee paid with the receipt number and
open the day's usage sheet (使用日報); axe-core finds nothing on any page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from yakuba.facilities.models import Booking, BookingKind, BookingState
from yakuba.facilities.tests.factories import make_facility, publish_schedule
from yakuba.facilities.tests.test_operations_support import (
    bunka_staff,
    counter_registration,
    days_ahead,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(municipality):
    facility = make_facility("chuo", name="中央公民館")
    publish_schedule()
    registration = counter_registration(name="村山 トメ", name_kana="ムラヤマ トメ")
    return facility, registration, bunka_staff("operator", "counter.bunka@city.example.lg.jp")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_counter_booking_for_a_resident_without_an_account_paid_then_on_the_sheet(
    page_factory, live_server, axe_check, setting, viewport
):
    facility, registration, operator = setting
    day = days_ahead(9)
    page = page_factory(viewport, user=operator, staff=True)
    page.goto(live_server.url + "/staff/facilities/")
    expect(page.get_by_role("heading", level=1)).to_have_text("施設予約の窓口業務")
    axe_check(page)

    page.get_by_role("link", name="窓口・電話で予約を受け付ける").click()
    page.get_by_label("氏名・カナ・利用者番号・電話番号").fill("ムラヤマ")
    page.get_by_role("button", name="利用者を探す").click()
    axe_check(page)
    page.get_by_role("link", name="村山 トメ").click()

    page.get_by_label("部屋・コート").select_option(label="中央公民館 第1会議室")
    page.get_by_label("利用日").fill(day.isoformat())
    page.get_by_role("button", name="空き状況を見る").click()
    expect(page.get_by_text("この日の空き状況")).to_be_visible()
    page.get_by_label("午前 09:00–12:00").check()
    page.get_by_label("利用目的").fill("民謡の練習")
    page.get_by_label("利用人数").fill("6")
    page.get_by_role("button", name="料金を確認する").click()
    expect(page.get_by_text("1000円").first).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="この内容で予約する").click()

    booking = Booking.objects.get()
    assert (booking.kind, booking.state, booking.holder_id) == (
        BookingKind.COUNTER,
        BookingState.HELD,
        None,
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(f"予約 {booking.pk}")
    axe_check(page)
    page.get_by_label("領収書番号").fill("R-2026-0001")
    page.get_by_role("button", name="1000円の支払いを記録する").click()
    expect(page.get_by_text("支払いを記録しました。")).to_be_visible()
    booking.refresh_from_db()
    assert (booking.state, booking.payment_reference) == (
        BookingState.CONFIRMED,
        "R-2026-0001",
    )

    page.goto(f"{live_server.url}/staff/facilities/sheet/chuo/{day.isoformat()}/")
    sheet = page.get_by_role("table")
    assert "村山 トメ" in sheet.inner_text() and "支払済み" in sheet.inner_text()
    assert "042-565-1234" in sheet.inner_text()
    axe_check(page)
    page.emulate_media(media="print")
    expect(page.locator(".staff-nav")).not_to_be_visible()


def test_statistics_series_and_approval_pages_are_accessible(
    page_factory, live_server, axe_check, setting
):
    facility, _registration, _operator = setting
    approver = bunka_staff("approver", "approver.bunka@city.example.lg.jp")
    page = page_factory(DESKTOP, user=approver, staff=True)
    page.goto(
        live_server.url + "/staff/facilities/statistics/?first_month=2030-06&last_month=2030-07"
    )
    chart = page.get_by_role(
        "img",
        name="施設・月ごとの稼働率の棒グラフ（2030-06〜2030-07）。同じ数値を下の表に示します。",
    )
    expect(chart).to_be_visible()
    axe_check(page)

    page.goto(live_server.url + "/staff/facilities/series/new/")
    page.get_by_label("利用停止（点検・工事・行事）").check()
    page.get_by_label("部屋・コート").select_option(label="中央公民館 第1会議室")
    page.get_by_label("開始日").fill(days_ahead(20).isoformat())
    page.get_by_label("終了日").fill(days_ahead(21).isoformat())
    for weekday in ("月曜", "火曜", "水曜", "木曜", "金曜", "土曜", "日曜"):
        page.get_by_label(weekday).check()
    for frame in ("午前（am）", "午後（pm）", "夜間（night）"):
        page.get_by_label(frame).check()
    page.get_by_label("利用目的・理由").fill("床の張り替え")
    axe_check(page)
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_text("6件の予約を作成しました")).to_be_visible()
    axe_check(page)

    page.goto(live_server.url + "/staff/facilities/approvals/")
    axe_check(page)
    page.goto(live_server.url + "/staff/facilities/bookings-search/?kind=blackout")
    expect(page.get_by_text("検索結果（利用日順、6件）")).to_be_visible()
    axe_check(page)
