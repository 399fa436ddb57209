"""A group's representative applies to the monthly lottery with two ranked wishes on a
phone (375×667); after closing, a 文化振興課 approver runs the draw from the staff page and
the public result page shows the seed.  axe-core clean on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from yakuba.facilities.models import EntryState, LotteryEntry, RoundState
from yakuba.facilities.services.lottery_rounds import close_round
from yakuba.facilities.tests.factories import approved_group, approved_registration
from yakuba.facilities.tests.test_lottery_helpers import (
    bunka_staff,
    day_of_target,
    lottery_facility,
    open_round,
)

from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lottery_round(municipality):
    facility = lottery_facility(name="中央公民館", rooms=2, capacity=20)
    return open_round(facility)


@pytest.fixture
def representative(municipality):
    from yakuba.identity.tests.factories import CitizenFactory

    user = CitizenFactory(email="hanako@example.jp", display_name="村山 花子")
    registration = approved_registration(user, name="村山 花子", email=user.email)
    group = approved_group(registration)
    return user, group


def test_group_applies_with_two_wishes_on_a_phone_and_staff_draw(
    page_factory, live_server, axe_check, lottery_round, representative
):
    user, group = representative
    page = page_factory(PHONE, user=user)
    page.goto(f"{live_server.url}/facilities/lottery/")
    expect(page.get_by_role("heading", level=1)).to_have_text("施設の抽選申込")
    axe_check(page)

    page.get_by_role("link", name="中央公民館の抽選に申し込む").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("^" + re.escape("抽選に申し込む"))
    )
    axe_check(page)

    rooms = list(lottery_round.facility.rooms.order_by("code"))
    first_day, second_day = day_of_target(5), day_of_target(12)
    page.get_by_label("申込者").select_option(str(group.pk))
    page.get_by_label("第1希望の部屋").select_option(str(rooms[1].pk))
    page.get_by_label("第1希望の日付").select_option(first_day.isoformat())
    page.get_by_label("第1希望の時間帯").select_option("pm")
    page.get_by_label("第2希望の部屋").select_option(str(rooms[0].pk))
    page.get_by_label("第2希望の日付").select_option(second_day.isoformat())
    page.get_by_label("第2希望の時間帯").select_option("night")
    page.get_by_label("利用目的").fill("合唱の練習")
    page.get_by_label("利用人数").fill("15")
    page.get_by_role("button", name="申し込む").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("抽選の申込状況")
    entry = LotteryEntry.objects.get()
    assert entry.group == group
    assert [w.room for w in entry.wishes.order_by("rank")] == [rooms[1], rooms[0]]
    expect(
        page.get_by_text(f"抽選に申し込みました。受付番号は {entry.receipt_number} です。")
    ).to_be_visible()
    axe_check(page)

    close_round(lottery_round.pk)  # the applications period ends
    lottery_round.refresh_from_db()

    staff = page_factory(DESKTOP, user=bunka_staff("approver"), staff=True)
    staff.goto(f"{live_server.url}/staff/facilities/lottery/{lottery_round.pk}/")
    expect(staff.get_by_text("村山 花子").first).to_be_visible()
    axe_check(staff)
    staff.get_by_role("link", name="抽選を実施する").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(
        re.compile("^" + re.escape("抽選の実施"))
    )
    expect(staff.get_by_text(lottery_round.seed_commitment)).to_be_visible()
    axe_check(staff)
    staff.get_by_role("button", name="抽選を実施する").click()
    expect(staff.get_by_text("抽選を実施しました。")).to_be_visible()
    axe_check(staff)

    lottery_round.refresh_from_db()
    assert lottery_round.state == RoundState.DRAWN
    entry.refresh_from_db()
    assert entry.state == EntryState.WON

    page.goto(f"{live_server.url}/facilities/lottery/results/{lottery_round.pk}/")
    expect(page.get_by_test_id("seed")).to_have_text(lottery_round.seed)
    expect(page.get_by_text(entry.receipt_number).first).to_be_visible()
    expect(page.get_by_text("村山 花子")).to_have_count(0)
    axe_check(page)

    page.goto(f"{live_server.url}/facilities/lottery/mine/")
    expect(page.get_by_text("当選").first).to_be_visible()
    axe_check(page)
