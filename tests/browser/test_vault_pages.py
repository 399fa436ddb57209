"""My Number vault pages (yakuba/vault) in Chromium: the flows, no axe-core violations."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS
from yakuba.residents.tests.factories import PersonFactory
from yakuba.vault.services import register_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = "123456789018"
OTHER_NUMBER = "983205673214"


@pytest.fixture
def person(transactional_db):
    return PersonFactory(resident_code="12345678901", birth_date=datetime.date(1980, 4, 2))


@pytest.fixture
def recorded(person, clerk_a):
    register_number(
        clerk_a,
        person.pk,
        NUMBER,
        purpose="mynumber_resident_record",
        assigned_on=datetime.date(2016, 1, 15),
    )
    return person


@VIEWPORTS
def test_record_a_number_with_a_mistake_first(
    page_factory, live_server, axe_check, municipality, clerk_a, person, viewport
):
    page = page_factory(viewport, user=clerk_a, staff=True)
    page.goto(live_server.url + reverse("console:mynumber_register", args=[person.pk]))
    assert page.title() == "個人番号の記載 | 職員コンソール | 武蔵村山市"
    axe_check(page)

    page.get_by_label("個人番号", exact=False).first.fill("1234 5678 9019")
    page.get_by_label("個人番号（確認）").fill("1234 5678 9019")
    page.get_by_label("記載日").fill("R6.4.1")
    page.get_by_role("button", name="記載する").click()
    page.wait_for_load_state()

    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_text("検査用数字（12桁目）が合いません", exact=False).first).to_be_visible()
    axe_check(page)

    page.locator("#id_number").fill("１２３４ ５６７８ ９０１８")
    page.get_by_label("個人番号（確認）").fill("123456789018")
    page.get_by_role("button", name="記載する").click()
    page.wait_for_load_state()

    expect(page.get_by_text("個人番号を記載しました（********9018）。")).to_be_visible()
    expect(page.get_by_role("heading", name="現在の個人番号")).to_be_visible()
    axe_check(page)


@VIEWPORTS
def test_reveal_after_choosing_the_purpose(
    page_factory, live_server, axe_check, municipality, clerk_a, recorded, viewport
):
    page = page_factory(viewport, user=clerk_a, staff=True)
    page.goto(live_server.url + reverse("console:mynumber_detail", args=[recorded.pk]))
    expect(page.get_by_text("********9018")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="個人番号を表示する").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="個人番号の表示", exact=False)).to_be_visible()
    expect(page.get_by_text("1234 5678 9018")).to_have_count(0)
    axe_check(page)

    page.get_by_label("利用目的").select_option("mynumber_certificate")
    page.get_by_role("button", name="個人番号を表示する").click()
    page.wait_for_load_state()

    expect(page.get_by_text("1234 5678 9018")).to_be_visible()
    expect(page.get_by_text("この表示は記録されました", exact=False)).to_be_visible()
    axe_check(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_reveal_without_a_purpose_is_a_form_error_then_works_without_javascript(
    page_factory, live_server, axe_check, municipality, clerk_a, recorded, javascript
):
    page = page_factory(user=clerk_a, staff=True, javascript=javascript)
    page.goto(live_server.url + reverse("console:mynumber_reveal", args=[recorded.pk]))

    page.get_by_role("button", name="個人番号を表示する").click()
    page.wait_for_load_state()

    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_text("1234 5678 9018")).to_have_count(0)
    if javascript:  # axe-core runs as a script: only with JavaScript on
        axe_check(page)
    page.get_by_label("利用目的").select_option("mynumber_resident_record")
    page.get_by_role("button", name="個人番号を表示する").click()
    page.wait_for_load_state()
    expect(page.get_by_text("1234 5678 9018")).to_be_visible()


def test_an_approver_replaces_a_leaked_number(
    page_factory, live_server, axe_check, municipality, supervisor, recorded
):
    page = page_factory(user=supervisor, staff=True)
    page.goto(live_server.url + reverse("console:mynumber_register", args=[recorded.pk]))
    expect(page.get_by_role("heading", name="個人番号の変更", exact=False)).to_be_visible()
    axe_check(page)

    page.locator("#id_number").fill(OTHER_NUMBER)
    page.get_by_label("個人番号（確認）").fill(OTHER_NUMBER)
    page.get_by_label("記載日").fill("2024-06-01")
    page.get_by_label("番号の変更（番号法第7条第2項）").check()
    page.get_by_role("button", name="変更する").click()
    page.wait_for_load_state()

    expect(page.get_by_text("個人番号を変更しました（********3214）。")).to_be_visible()
    expect(page.get_by_role("cell", name="********9018")).to_be_visible()
    axe_check(page)


@VIEWPORTS
def test_lookup_by_number_from_another_department(
    page_factory, live_server, axe_check, municipality, clerk_b, recorded, viewport
):
    page = page_factory(viewport, user=clerk_b, staff=True)
    page.goto(live_server.url + reverse("console:mynumber_lookup"))
    axe_check(page)

    page.locator("#id_number").fill("1234-5678-9018")
    page.get_by_label("利用目的").select_option("mynumber_local_tax")
    page.get_by_role("button", name="照会する").click()
    page.wait_for_load_state()

    expect(page.get_by_text("山田 太郎")).to_be_visible()
    assert page.locator("#id_number").input_value() == ""
    axe_check(page)
