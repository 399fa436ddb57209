"""A resident on a phone finds a facility in the catalogue and reads its page (rooms, fees).

Real Chromium at 375×667, axe-core clean on the list, a filtered list and the facility
page; nothing wider than the screen except the scrollable fee tables' own regions.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from yakuba.facilities.models import Closure, ClosureKind, Equipment, Room
from yakuba.facilities.tests.factories import make_facility, publish_schedule

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def facilities(municipality):
    chuo = make_facility(
        "chuo",
        name="中央公民館",
        name_kana="チュウオウコウミンカン",
        address="東京都武蔵村山市本町一丁目1番地の1",
        phone="042-565-1111",
        latitude="35.754800",
        longitude="139.387300",
        accessibility="車いす用トイレ、エレベーターがあります。",
        closed_weekdays=[1],
        rooms=2,
    )
    Room.objects.filter(facility=chuo, code="room-1").update(
        name="講堂", equipment=["舞台", "音響設備"], floor_area="180.0", capacity=150
    )
    Equipment.objects.create(facility=chuo, code="piano", name="グランドピアノ")
    make_facility("gym", name="総合体育館", name_kana="ソウゴウタイイクカン", kind="gym")
    publish_schedule(equipment_fee=1000)
    Closure.objects.create(
        facility=chuo,
        kind=ClosureKind.HOLIDAY,
        first_day=timezone.localdate() + datetime.timedelta(days=20),
        last_day=timezone.localdate() + datetime.timedelta(days=22),
        reason="設備点検",
    )
    return chuo


def test_a_resident_finds_a_facility_and_reads_its_page_on_a_phone(
    page_factory, live_server, axe_check, facilities
):
    page = page_factory(PHONE)
    page.goto(live_server.url + "/facilities/")
    expect(page.get_by_role("heading", level=1)).to_have_text("公共施設の予約")
    expect(page.get_by_role("link", name="総合体育館")).to_be_visible()
    axe_check(page)

    page.get_by_label("施設名・よみがな・所在地で探す").fill("こうみんかん")
    page.get_by_role("button", name="探す").click()
    expect(page.get_by_role("link", name="中央公民館")).to_be_visible()
    expect(page.get_by_role("link", name="総合体育館")).to_have_count(0)
    axe_check(page)

    page.get_by_role("link", name="中央公民館").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("中央公民館")
    expect(page.get_by_role("heading", name="講堂")).to_be_visible()
    assert (
        page.get_by_role("link", name="地図を見る（OpenStreetMap）")
        .get_attribute("href")
        .startswith("https://www.openstreetmap.org/?mlat=35.754800")
    )
    expect(page.get_by_role("table", name="講堂の使用料（1区分あたり）")).to_be_visible()
    expect(page.get_by_text("設備点検")).to_be_visible()
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_staff_edit_the_rates_grid_of_a_draft_with_errors_explained(
    page_factory, live_server, axe_check, facilities
):
    from yakuba.facilities.services import fee_schedules
    from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory

    admin = AssignmentFactory(
        org_unit=OrgUnitFactory(code="bunka", name="文化振興課"), role="admin"
    ).user
    draft = fee_schedules.create_schedule(
        admin, title="次年度", valid_from=timezone.localdate() + datetime.timedelta(days=30)
    )
    page = page_factory(user=admin, staff=True)
    page.goto(live_server.url + f"/staff/facilities/setup/fees/{draft.pk}/")
    axe_check(page)
    page.goto(
        live_server.url + f"/staff/facilities/setup/fees/{draft.pk}/facilities/{facilities.pk}/"
    )
    page.get_by_label("講堂・午前・市内・個人").fill("１，２００")
    page.get_by_label("講堂・午前・営利目的").fill("たくさん")
    page.get_by_role("button", name="使用料を保存する").click()
    expect(page.get_by_role("alert").get_by_text("講堂・午前・営利目的")).to_be_visible()
    assert page.get_by_label("講堂・午前・市内・個人").input_value() == "１，２００"
    axe_check(page)
    page.goto(live_server.url + f"/staff/facilities/setup/facilities/{facilities.pk}/")
    axe_check(page)
