"""The kiosk (コンビニ交付) in Chromium at kiosk resolution (1024×768) and on a phone (375×667):
demo enrolment → language → card → PIN (a wrong one first) → 住民票の写し → options → copies →
fee → issue → print → 「カードをお取りください」; axe-core clean on every screen; without
JavaScript too. Documentation screenshots (docs/modules/screenshots/kiosk-*.png) only with
YAKUBA_UPDATE_SCREENSHOTS=1."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from yakuba.certificates.models import Issuance

from .conftest import PHONE, ROOT, UPDATE_SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KIOSK = {"width": 1024, "height": 768}
SCREENSHOTS = ROOT / "docs" / "modules" / "screenshots"


@pytest.fixture
def kiosk_city(municipality, settings, tmp_path):
    from yakuba.certificates.tests.factories import KioskFactory

    settings.YAKUBA_JPKI_DIR = tmp_path / "jpki"
    settings.YAKUBA_CERTIFICATES_DIR = tmp_path / "certificates"
    settings.YAKUBA_JPKI_DEMO = True
    settings.YAKUBA_KIOSK_SERVICE_HOURS = "00:00-24:00"
    return KioskFactory(code="K0001", name="武蔵村山本町店")


@pytest.fixture
def card(kiosk_city):
    from yakuba.jpki.services import issue_card
    from yakuba.residents.tests.factories import PersonFactory

    person = PersonFactory(
        family_name="村山",
        given_name="花子",
        family_name_kana="ムラヤマ",
        given_name_kana="ハナコ",
        sex="female",
        birth_date=datetime.date(1980, 4, 2),
    )
    PersonFactory(household=person.household, relationship="husband", given_name="太郎")
    return issue_card(None, person.pk, auth_pin="1234", sign_pin="ABC123", key_algorithm="p256")


def shot(page, name: str, viewport: dict) -> None:
    if UPDATE_SCREENSHOTS and viewport == KIOSK:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"kiosk-{name}.png"))


def heading(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def walk_through(page, live_server, axe_check, card, viewport) -> None:
    page.goto(f"{live_server.url}/kiosk/demo/K0001/")
    heading(page, "マイナンバーカードで証明書を取る")
    axe_check(page)
    shot(page, "start", viewport)

    page.get_by_role("button", name=re.compile("^日本語")).click()
    heading(page, "マイナンバーカードを置いてください")
    axe_check(page)
    shot(page, "card", viewport)

    page.get_by_role("button", name=f"村○ 花○（****-****-{card.card_number[-4:]}）").click()
    heading(page, "暗証番号を入力してください")
    axe_check(page)
    page.get_by_label("暗証番号（数字4桁）").fill("0000")
    page.get_by_role("button", name="確認する").click()
    expect(
        page.get_by_text("暗証番号が違います。あと2回間違えるとロックされます。").first
    ).to_be_visible()
    axe_check(page)
    shot(page, "pin-wrong", viewport)

    page.get_by_label("暗証番号（数字4桁）").fill("1234")
    page.get_by_role("button", name="確認する").click()
    heading(page, "証明書を選んでください")
    axe_check(page)
    shot(page, "kind", viewport)

    page.get_by_role("button", name=re.compile("^印鑑登録証明書")).click()
    heading(page, "窓口でお手続きください")
    axe_check(page)
    page.get_by_role("link", name="ほかの証明書を選ぶ").click()

    page.get_by_role("button", name=re.compile("^住民票の写し")).click()
    heading(page, "記載する内容を選んでください")
    expect(page.get_by_text("村山　花子").first).to_be_visible()
    page.get_by_label(re.compile("^世帯全員")).check()
    axe_check(page)
    shot(page, "options", viewport)
    page.get_by_role("button", name="次へ").click()

    heading(page, "通数を選んでください")
    page.get_by_role("button", name="1通増やす").click()
    expect(page.locator(".kiosk-counter-value")).to_have_text("2通")
    axe_check(page)
    shot(page, "copies", viewport)
    page.get_by_role("button", name="次へ").click()

    heading(page, "内容と手数料を確認してください")
    expect(page.locator(".kiosk-summary-total dd")).to_have_text("400円")
    axe_check(page)
    shot(page, "confirm", viewport)
    page.get_by_role("button", name="発行する").click()

    heading(page, "印刷しています")
    link = page.get_by_role("link", name=re.compile("^証明書（PDF）を開いて印刷する"))
    pdf = page.request.get(live_server.url + link.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    axe_check(page)
    shot(page, "print", viewport)
    page.get_by_role("button", name="印刷できなかった（もう一度印刷）").click()
    expect(page.get_by_text("もう一度印刷します。手数料は追加でかかりません。")).to_be_visible()
    page.get_by_role("button", name="印刷できた").click()

    heading(page, "カードをお取りください")
    axe_check(page)
    shot(page, "done", viewport)

    issuance = Issuance.objects.get()
    assert (issuance.copies, issuance.total_fee, issuance.print_attempts) == (2, 400, 2)
    assert issuance.options["scope"] == "household"
    assert len(issuance.printed_person_ids) == 2


@pytest.mark.parametrize("viewport", [KIOSK, PHONE], ids=["kiosk", "phone"])
def test_resident_gets_a_certificate_at_the_kiosk(
    page_factory, live_server, axe_check, card, viewport
):
    page = page_factory(viewport)
    walk_through(page, live_server, axe_check, card, viewport)
    # Touch targets: every button on the kiosk screens is at least 64 px high.
    page.goto(f"{live_server.url}/kiosk/")
    for button in page.get_by_role("button").all():
        assert button.bounding_box()["height"] >= 64


def test_the_kiosk_works_without_javascript(page_factory, live_server, card):
    """Every step with JavaScript off (forms, ±, the idle and return refreshes as
    <noscript><meta refresh>). axe-core needs script execution: the same screens are
    checked with JavaScript in the test above."""
    page = page_factory(KIOSK, javascript=False)
    walk_through(page, live_server, lambda page: None, card, {})
    assert page.locator("meta[http-equiv=refresh]").count() == 1  # the way back to the start


def test_keypad_enters_the_pin(page_factory, live_server, axe_check, card):
    page = page_factory(KIOSK)
    page.goto(f"{live_server.url}/kiosk/demo/K0001/")
    page.get_by_role("button", name=re.compile("^English")).click()
    page.locator(".kiosk-card-list button").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    for digit in "1299":
        page.locator(f".kiosk-key[data-digit='{digit}']").click()
    page.locator(".kiosk-key[data-backspace]").click()
    page.locator(".kiosk-key[data-backspace]").click()
    page.locator(".kiosk-key[data-digit='3']").click()
    page.locator(".kiosk-key[data-digit='4']").click()
    expect(page.locator("input[name=pin]")).to_have_value("1234")
    axe_check(page)
    page.locator("form.kiosk-pin-form button[type=submit]").click()
    expect(page.locator(".kiosk-steps li.is-current")).to_have_count(1)
    assert page.url.endswith("/kiosk/kind/")
    axe_check(page)
    shot(page, "english", KIOSK)


def test_unenrolled_and_closed_screens(page_factory, live_server, axe_check, kiosk_city, settings):
    page = page_factory(KIOSK)
    page.goto(f"{live_server.url}/kiosk/")
    heading(page, "この端末は登録されていません")
    axe_check(page)
    page.goto(f"{live_server.url}/kiosk/demo/K0001/")
    settings.YAKUBA_KIOSK_SERVICE_HOURS = "00:00-00:01"
    page.goto(f"{live_server.url}/kiosk/")
    heading(page, "ただいま交付時間外です")
    axe_check(page)
    shot(page, "closed", KIOSK)
