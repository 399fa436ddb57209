"""マイナンバーカードでログイン in Chromium (demo mode, emulated card), with and without JavaScript; axe-core clean."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS
from yakuba.identity.tests.factories import CitizenFactory
from yakuba.jpki.services import issue_card
from yakuba.residents.services import link_citizen
from yakuba.residents.tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def jpki(settings, tmp_path):
    settings.YAKUBA_JPKI_DIR = tmp_path / "jpki"
    settings.YAKUBA_JPKI_DEMO = True


@pytest.fixture
def resident(transactional_db, jpki):
    person = PersonFactory(
        family_name="村山",
        given_name="花子",
        family_name_kana="ムラヤマ",
        given_name_kana="ハナコ",
        sex="female",
        birth_date=datetime.date(1980, 4, 2),
    )
    card = issue_card(None, person.pk, auth_pin="1234", sign_pin="ABC123", key_algorithm="p256")
    return person, card


@pytest.fixture
def linked(resident):
    person, card = resident
    citizen = CitizenFactory(email="hanako@example.jp", display_name="村山 花子")
    link_citizen(citizen, person.resident_code, method="demo")
    return card


def _card_label(card) -> str:
    return f"村○ 花○（****-****-{card.card_number[-4:]}）"


@VIEWPORTS
def test_citizen_logs_in_with_the_emulated_card(
    page_factory, live_server, axe_check, municipality, linked, viewport
):
    page = page_factory(viewport)
    page.goto(live_server.url + reverse("portal:login"))
    page.get_by_role("link", name="マイナンバーカードでログイン").click()
    page.wait_for_load_state()

    assert page.title() == "マイナンバーカードでログイン | 武蔵村山市"
    expect(page.get_by_text("デモ用の画面です")).to_be_visible()
    axe_check(page)

    page.get_by_label(_card_label(linked)).check()
    page.get_by_label("利用者証明用の暗証番号（数字4桁）").fill("0000")
    page.get_by_role("button", name="ログインする").click()
    page.wait_for_load_state()

    expect(page.locator(".error-summary")).to_be_visible()
    expect(
        page.get_by_text("暗証番号が違います。あと2回間違えるとロックされます。").first
    ).to_be_visible()
    axe_check(page)

    page.get_by_label(_card_label(linked)).check()
    page.get_by_label("利用者証明用の暗証番号（数字4桁）").fill("1234")
    page.get_by_role("button", name="ログインする").click()
    page.wait_for_load_state()

    expect(page.get_by_role("heading", name="マイページ", level=1)).to_be_visible()
    expect(page.get_by_text("マイナンバーカードでログインしました。")).to_be_visible()
    axe_check(page)


def test_card_login_works_without_javascript(page_factory, live_server, municipality, linked):
    """The same flow with JavaScript off (axe-core needs JavaScript, so it runs in the test above)."""
    page = page_factory(javascript=False)
    page.goto(live_server.url + reverse("portal:card_login"))
    page.get_by_label(_card_label(linked)).check()
    page.get_by_label("利用者証明用の暗証番号（数字4桁）").fill("1234")
    page.get_by_role("button", name="ログインする").click()
    page.wait_for_load_state()

    expect(page.get_by_role("heading", name="マイページ", level=1)).to_be_visible()


def test_a_card_without_an_account_gets_guidance(
    page_factory, live_server, axe_check, municipality, resident
):
    _person, card = resident
    page = page_factory(javascript=True)
    page.goto(live_server.url + reverse("portal:card_login"))
    page.get_by_label(_card_label(card)).check()
    page.get_by_label("利用者証明用の暗証番号（数字4桁）").fill("1234")
    page.get_by_role("button", name="ログインする").click()
    page.wait_for_load_state()

    expect(
        page.get_by_role("heading", name="カードに結び付いたアカウントがありません")
    ).to_be_visible()
    expect(page.get_by_role("link", name="アカウントを作成する").first).to_be_visible()
    axe_check(page)


def test_a_signed_in_citizen_sees_the_link_confirmation(
    page_factory, live_server, axe_check, municipality, resident
):
    _person, card = resident
    citizen = CitizenFactory(email="other@example.jp", display_name="村山 花子")
    page = page_factory(user=citizen)
    page.goto(live_server.url + reverse("portal:card_login"))
    page.get_by_label(_card_label(card)).check()
    page.get_by_label("利用者証明用の暗証番号（数字4桁）").fill("1234")
    page.get_by_role("button", name="ログインする").click()
    page.wait_for_load_state()

    expect(page.get_by_role("heading", name="カードを結び付ける")).to_be_visible()
    expect(page.get_by_role("button", name="カードを結び付ける")).to_be_visible()
    axe_check(page)
