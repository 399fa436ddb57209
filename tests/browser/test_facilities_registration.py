# ruff: noqa: F811  (fixtures imported from test_registration_support)
"""In Chromium: a citizen applies for a registration on a 320px phone, staff approve it,
the citizen applies for a group with JavaScript off (「行を増やす」 keeps what was typed).
Every page is checked with axe-core (WCAG 2.1 A/AA) in the JavaScript runs."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from yakuba.facilities.models import Group, RegistrationState, UserRegistration
from yakuba.facilities.tests.factories import approved_registration
from yakuba.facilities.tests.test_registration_support import bunka, facility_approver  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 320, "height": 640}


def _citizen():
    from yakuba.identity.tests.factories import CitizenFactory

    return CitizenFactory(email="hanako@example.jp", display_name="村山 花子")


def test_citizen_applies_on_a_small_phone_and_staff_approve(
    municipality, page_factory, axe_check, live_server, facility_approver
):
    citizen = _citizen()
    page = page_factory(SMALL_PHONE, user=citizen)
    page.goto(f"{live_server.url}/facilities/register/")
    axe_check(page)
    page.get_by_label("氏名（カナ）").fill("むらやま はなこ")
    page.get_by_label("住所").fill("東京都武蔵村山市本町一丁目1番地")
    page.get_by_label("電話番号").fill("042-565-1111")
    page.get_by_label("市内に住んでいる、または市内に通勤・通学している").check()
    page.get_by_role("button", name="申請する").click()
    page.wait_for_url("**/facilities/register/status/")
    assert "申請中" in page.content()
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]

    registration = UserRegistration.objects.get()
    staff_page = page_factory(DESKTOP, user=facility_approver, staff=True)
    staff_page.goto(f"{live_server.url}/staff/facilities/registrations/")
    axe_check(staff_page)
    staff_page.get_by_role("link", name="村山 花子").click()
    axe_check(staff_page)
    staff_page.get_by_label("書類で市内在住・在勤・在学を確認した（市内料金）").check()
    staff_page.get_by_role("button", name="承認する").click()
    staff_page.wait_for_load_state()

    registration.refresh_from_db()
    assert registration.state == RegistrationState.APPROVED
    page.reload()
    assert registration.number in page.content()


def test_group_form_adds_rows_without_javascript_and_keeps_entries(
    municipality, page_factory, live_server
):
    citizen = _citizen()
    approved_registration(citizen)
    page = page_factory(SMALL_PHONE, user=citizen, javascript=False)
    page.goto(f"{live_server.url}/facilities/register/groups/new/")
    page.locator("#id_name").fill("村山合唱団")
    page.get_by_label("団体名（カナ）").fill("ムラヤマガッショウダン")
    page.get_by_label("活動内容").fill("合唱の練習")
    page.get_by_label("連絡先電話番号").fill("042-565-2222")
    names = page.locator("input[name$='-name']")
    expect(names).to_have_count(10)
    for index in range(4):
        names.nth(index).fill(f"構成員{index}")
        page.locator(f"input[name='members-{index}-is_resident']").check()

    page.get_by_role("button", name="行を増やす").click()

    expect(page.locator("input[name$='-name']")).to_have_count(20)
    assert page.locator("input[name='members-3-name']").input_value() == "構成員3"
    assert page.locator("#id_name").input_value() == "村山合唱団"
    page.get_by_role("button", name="申請する").click()
    page.wait_for_url("**/facilities/register/groups/*/")
    group = Group.objects.get()
    assert group.members.count() == 5 and group.is_resident


def test_group_pages_pass_axe(municipality, page_factory, axe_check, live_server):
    citizen = _citizen()
    approved_registration(citizen)
    page = page_factory(SMALL_PHONE, user=citizen)
    page.goto(f"{live_server.url}/facilities/register/groups/new/")
    page.get_by_role("button", name="申請する").click()
    assert "入力内容に問題があります" in page.content()
    axe_check(page)


def test_staff_search_counter_and_group_pages_pass_axe(
    municipality, page_factory, axe_check, live_server, facility_approver
):
    from yakuba.facilities.services.registration import MemberData, apply_for_group

    citizen = _citizen()
    group = apply_for_group(
        approved_registration(citizen, name="村山 花子", name_kana="ムラヤマ ハナコ"),
        name="村山合唱団",
        name_kana="ムラヤマガッショウダン",
        activity="合唱",
        phone="042-565-2222",
        members=[MemberData(f"構成員{i}", "コウセイイン", True) for i in range(4)],
    )
    page = page_factory(DESKTOP, user=facility_approver, staff=True)
    page.goto(f"{live_server.url}/staff/facilities/registrations/search/?q=むらやま")
    assert "村山 花子" in page.content()
    axe_check(page)
    page.goto(f"{live_server.url}/staff/facilities/registrations/groups/{group.pk}/")
    axe_check(page)
    page.get_by_role("button", name="不承認にする").click()
    assert "不承認の理由を入力してください" in page.content()
    axe_check(page)
    page.goto(f"{live_server.url}/staff/facilities/registrations/counter/")
    page.get_by_role("button", name="登録する").click()
    assert "入力内容に問題があります" in page.content()
    axe_check(page)
