"""The registry flow in Chromium: sign in (password + TOTP), search, open a person, record a 転居,
see it on the timeline; axe-core finds no violation on any page, with and without JavaScript."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from yakuba.residents.models import Person
from yakuba.residents.tests.factories import PersonFactory, TownAreaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "registry-flow-2026"
TOTP_KEY = bytes(range(20))


@pytest.fixture
def operator(clerk_a):
    clerk_a.set_password(PASSWORD)
    clerk_a.save()
    TOTPDevice.objects.create(user=clerk_a, name="default", key=TOTP_KEY.hex(), confirmed=True)
    return clerk_a


@pytest.fixture
def family(transactional_db):
    TownAreaFactory(code="0004002", name="本町二丁目", chome=2, name_kana="ホンマチニチョウメ")
    head = PersonFactory(
        resident_code="12345678901",
        became_resident_on=datetime.date(2000, 4, 1),
        address_set_on=datetime.date(2000, 4, 1),
        household__banchi="1番地の1",
    )
    PersonFactory(
        household=head.household,
        relationship="wife",
        sex="female",
        given_name="花子",
        given_name_kana="ハナコ",
        birth_date=datetime.date(1972, 5, 5),
        became_resident_on=datetime.date(2000, 4, 1),
        address_set_on=datetime.date(2000, 4, 1),
    )
    return head


def _submit(page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


@pytest.mark.parametrize(
    ("viewport", "javascript"),
    [(DESKTOP, True), (PHONE, True), (DESKTOP, False)],
    ids=["desktop", "phone", "without-javascript"],
)
def test_search_open_record_a_move_and_see_it(
    page_factory, live_server, axe_check, municipality, operator, family, viewport, javascript
):
    page = page_factory(viewport, javascript=javascript)
    # axe-core is injected as a script: it cannot run where JavaScript is off (that run
    # proves the forms work without it; the other two check accessibility).
    check = axe_check if javascript else (lambda page: None)

    # Sign in: password, then the code from the authenticator app.
    page.goto(live_server.url + reverse("console:login"))
    page.get_by_label("メールアドレス").fill(operator.email)
    page.get_by_label("パスワード").fill(PASSWORD)
    _submit(page, "次へ")
    page.get_by_label("確認コード").fill(f"{totp(TOTP_KEY):06d}")
    _submit(page, "ログインする")
    assert page.url.rstrip("/").endswith("/staff")

    # Search by kana with a purpose.
    page.goto(live_server.url + reverse("console:resident_search"))
    page.get_by_label("氏名・生年月日・住民票コード").fill("やまだ たろう")
    page.get_by_label("利用目的").select_option("resident_change")
    _submit(page, "検索する")
    assert page.title() == "住民検索 | 職員コンソール | 武蔵村山市"
    check(page)

    # Open the person: current record and timeline.
    page.get_by_role("link", name="山田 太郎").click()
    page.wait_for_load_state()
    expect(page.get_by_text("12345678901")).to_be_visible()
    expect(page.get_by_role("heading", name="異動の履歴")).to_be_visible()
    check(page)

    # Record a 転居 of the whole household.
    page.get_by_role("link", name="転居", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^" + re.escape("転居届")))
    check(page)
    page.get_by_label("異動日").fill("R6.4.1")
    page.get_by_label("届出日").fill("令和6年4月5日")
    page.get_by_label("町丁目").select_option(label="本町二丁目")
    page.get_by_label("番地").fill("5番地の3")
    _submit(page, "確認する")
    expect(page.get_by_role("heading", name="転居届の確認")).to_be_visible()
    expect(page.get_by_text("令和6年4月1日（2024年4月1日）")).to_be_visible()
    check(page)
    _submit(page, "記録する")

    # Back on the person page: the notice, the new address, the timeline entry.
    expect(
        page.get_by_text("転居を記録しました（異動日 令和6年4月1日（2024年4月1日））。")
    ).to_be_visible()
    timeline = page.locator("#timeline-caption").locator("xpath=..")
    expect(timeline.get_by_text("→ 本町二丁目5番地の3")).to_be_visible()
    expect(timeline.get_by_role("cell", name="転居", exact=True)).to_be_visible()
    check(page)
    assert Person.objects.get(resident_code="12345678901").household.banchi == "5番地の3"

    # The same person as of the day before the move still lives at the old address.
    page.get_by_label("表示する日付").fill("R6.3.31")
    _submit(page, "この日付で表示")
    expect(page.get_by_text("時点の記載を表示しています")).to_be_visible()
    expect(page.get_by_text("本町一丁目1番地の1").first).to_be_visible()
    check(page)


@pytest.mark.parametrize(
    "name",
    [
        "residents_move_within",
        "residents_move_out",
        "residents_birth",
        "residents_death",
        "residents_household_change",
        "residents_name_change",
        "residents_correction",
        "residents_address_correction",
    ],
)
def test_every_movement_form_is_accessible_with_its_errors(
    page_factory, live_server, axe_check, municipality, clerk_a, family, name
):
    page = page_factory(DESKTOP, user=clerk_a, staff=True)
    page.goto(live_server.url + reverse(f"console:{name}", args=[family.pk]))
    expect(page.locator("h1")).to_have_count(1)
    axe_check(page)

    page.get_by_label(re.compile("^(異動日|転出日|死亡日|生年月日|修正開始日)")).first.fill(
        "H31.5.1"
    )
    _submit(page, "確認する")

    expect(page.locator(".error-summary")).to_be_visible()
    axe_check(page)


def test_move_in_form_is_accessible_with_its_errors(
    page_factory, live_server, axe_check, municipality, clerk_a
):
    page = page_factory(PHONE, user=clerk_a, staff=True)
    page.goto(live_server.url + reverse("console:residents_move_in"))
    axe_check(page)

    page.locator("#id_people-0-family_name").fill("鈴木")
    _submit(page, "確認する")

    expect(page.locator(".error-summary").first).to_be_visible()
    axe_check(page)
