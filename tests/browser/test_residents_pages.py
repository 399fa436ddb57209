"""Residents staff pages (yakuba/residents) in Chromium: no axe-core violations, phone and desktop."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS
from yakuba.residents.tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def household(transactional_db):
    head = PersonFactory(resident_code="12345678901")
    PersonFactory(
        household=head.household,
        relationship="wife",
        sex="female",
        given_name="花子",
        given_name_kana="ハナコ",
        birth_date=datetime.date(1972, 5, 5),
    )
    return head


@VIEWPORTS
def test_search_with_results(
    page_factory, live_server, axe_check, municipality, clerk_a, household, viewport
):
    page = page_factory(viewport, user=clerk_a, staff=True)
    page.goto(live_server.url + reverse("console:resident_search"))

    page.get_by_label("氏名・生年月日・住民票コード").fill("やまだ")
    page.get_by_label("利用目的").select_option("resident_inquiry")
    page.get_by_role("button", name="検索する").click()
    page.wait_for_load_state()

    assert page.title() == "住民検索 | 職員コンソール | 武蔵村山市"
    expect(page.get_by_role("link", name="山田 花子")).to_be_visible()
    axe_check(page)


@VIEWPORTS
def test_search_with_errors(page_factory, live_server, axe_check, municipality, clerk_a, viewport):
    page = page_factory(viewport, user=clerk_a, staff=True)
    page.goto(live_server.url + reverse("console:resident_search") + "?query=H31.5.1&purpose=")

    expect(page.locator(".error-summary")).to_be_visible()
    axe_check(page)


@VIEWPORTS
def test_purpose_first_then_the_record(
    page_factory, live_server, axe_check, municipality, clerk_a, household, viewport
):
    page = page_factory(viewport, user=clerk_a, staff=True)
    page.goto(live_server.url + reverse("console:person_detail", args=[household.pk]))
    expect(page.get_by_role("heading", name="利用目的の選択")).to_be_visible()
    axe_check(page)

    page.get_by_label("利用目的").select_option("resident_certificate")
    page.get_by_role("button", name="表示する").click()
    page.wait_for_load_state()

    expect(page.get_by_text("12345678901")).to_be_visible()
    expect(page.get_by_role("link", name="山田 花子")).to_be_visible()
    axe_check(page)
