"""In Chromium on a 320px phone, with JavaScript on and off: a resident fills in a two-page
application, makes a mistake, corrects it, reviews and submits; the page, review and done
pages pass axe-core (WCAG 2.1 A/AA) and never scroll sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from yakuba.applications.models import IdentityLevel, Status, Submission, SubmissionEvent
from yakuba.applications.tests.factories import make_procedure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 320, "height": 640}


def _citizen():
    from yakuba.identity.tests.factories import CitizenFactory

    return CitizenFactory(email="hanako@example.jp", display_name="村山 花子")


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_resident_fills_corrects_reviews_and_submits(
    municipality, page_factory, axe_check, live_server, javascript
):
    citizen = _citizen()
    procedure = make_procedure("dog-registration", title="犬の登録", handling_days=10)
    page = page_factory(SMALL_PHONE, user=citizen, javascript=javascript)

    page.goto(f"{live_server.url}/apply/forms/{procedure.code}/start/")
    page.get_by_role("button", name="申請を始める").click()

    # Page 1 of 2, with a mistake in the e-mail address.
    expect(page.get_by_role("heading", level=1)).to_have_text("申請者")
    expect(page.locator("[aria-current='step']")).to_have_text("申請者")
    expect(page.get_by_text("ステップ 1 / 3")).to_be_visible()
    page.locator("input[name='name']").fill("村山 花子")
    page.locator("input[name='name_kana']").fill("むらやま はなこ")
    page.locator("input[name='email']").fill("hanako@")
    page.get_by_role("button", name="次へ", exact=True).click()

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("入力内容に問題があります")
    expect(summary).to_contain_text("メールアドレス")
    expect(page.locator("input[name='email']")).to_have_value("hanako@")
    expect(page.locator("input[name='email']")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("input[name='name_kana']")).to_have_value("むらやま はなこ")  # as typed
    if javascript:
        axe_check(page)
    _fits(page)

    page.locator("input[name='email']").fill("hanako@example.jp")
    page.get_by_role("button", name="次へ", exact=True).click()

    # Page 2 of 2.
    expect(page.get_by_role("heading", level=1)).to_have_text("内容")
    expect(page.get_by_text("ステップ 2 / 3")).to_be_visible()
    page.get_by_label("はい").check()
    page.locator("input[name='dog_name']").fill("ポチ")
    page.get_by_label("記載内容に誤りがないことを確認しました。").check()
    if javascript:
        axe_check(page)
    _fits(page)
    page.get_by_role("button", name="入力内容の確認へ").click()

    # Review.
    expect(page.get_by_role("heading", level=1)).to_have_text("入力内容の確認")
    expect(page.locator(".summary-list").first).to_contain_text("ムラヤマ ハナコ")
    expect(page.get_by_role("link", name=re.compile("修正する"))).to_have_count(2)
    expect(page.get_by_text("ポチ")).to_be_visible()
    if javascript:
        axe_check(page)
    _fits(page)
    page.get_by_role("button", name="申請する").click()

    # Done.
    expect(page.get_by_role("heading", level=1)).to_have_text("申請を受け付けました")
    submission = Submission.objects.get()
    expect(page.locator(".application-reference")).to_have_text(submission.reference)
    expect(page.get_by_role("link", name="マイページで申請の状況を見る")).to_be_visible()
    if javascript:
        axe_check(page)
    _fits(page)

    assert submission.status == Status.RECEIVED
    assert submission.answers["dog_name"] == "ポチ"
    assert SubmissionEvent.objects.filter(submission=submission).count() == 1

    # The back button and a second 「申請する」: still one application.
    page.go_back()
    page.wait_for_load_state()
    assert Submission.objects.count() == 1
    assert SubmissionEvent.objects.count() == 1


def test_back_button_keeps_what_was_typed_without_javascript(
    municipality, page_factory, live_server
):
    citizen = _citizen()
    procedure = make_procedure("dog-registration")
    page = page_factory(SMALL_PHONE, user=citizen, javascript=False)
    page.goto(f"{live_server.url}/apply/forms/{procedure.code}/start/")
    page.get_by_role("button", name="申請を始める").click()
    page.locator("input[name='name']").fill("村山 花子")
    page.locator("input[name='name_kana']").fill("ムラヤマ ハナコ")
    page.get_by_role("button", name="次へ", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("内容")
    page.locator("input[name='dog_name']").fill("ポチ")

    page.get_by_role("button", name="戻る").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("申請者")
    expect(page.locator("input[name='name_kana']")).to_have_value("ムラヤマ ハナコ")
    page.get_by_role("button", name="次へ", exact=True).click()
    expect(page.locator("input[name='dog_name']")).to_have_value("ポチ")


def test_anonymous_procedure_without_an_account(municipality, page_factory, axe_check, live_server):
    procedure = make_procedure("event-entry", identity_level=IdentityLevel.NONE)
    page = page_factory(SMALL_PHONE)
    page.goto(f"{live_server.url}/apply/forms/{procedure.code}/start/")
    axe_check(page)
    page.get_by_role("button", name="申請を始める").click()
    page.locator("input[name='name']").fill("村山 花子")
    page.locator("input[name='name_kana']").fill("ムラヤマ ハナコ")
    page.locator("input[name='email']").fill("hanako@example.jp")
    page.get_by_role("button", name="次へ", exact=True).click()
    page.get_by_label("いいえ").check()
    page.get_by_label("記載内容に誤りがないことを確認しました。").check()
    page.get_by_role("button", name="入力内容の確認へ").click()
    page.get_by_role("button", name="申請する").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("申請を受け付けました")
    submission = Submission.objects.get()
    assert submission.applicant is None
    expect(page.locator(".application-reference")).to_have_text(submission.reference)


def test_groups_and_enter_key_without_javascript(municipality, page_factory, live_server):
    from yakuba.applications.tests.factories_schema import every_widget_definition

    citizen = _citizen()
    schema, ui = every_widget_definition()
    procedure = make_procedure("every-widget", schema=schema, ui_schema=ui)
    page = page_factory(SMALL_PHONE, user=citizen, javascript=False)
    page.goto(f"{live_server.url}/apply/forms/{procedure.code}/start/")
    page.get_by_role("button", name="申請を始める").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("申請者")
    page.goto(page.url.replace("/applicant/", "/details/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("申請の内容")

    page.locator("input[name='children__0__child_name']").fill("村山 太郎")
    page.get_by_role("button", name="子どもを追加").click()

    expect(page.locator("input[name='children__1__child_name']")).to_be_visible()
    expect(page.locator("input[name='children__0__child_name']")).to_have_value("村山 太郎")
    _fits(page)

    # Enter in a text box goes forward (the hidden default 「次へ」), never to 「追加」.
    page.locator("input[name='household_size']").fill("3")
    page.locator("input[name='household_size']").press("Enter")

    expect(page.locator(".error-summary")).to_contain_text("入力内容に問題があります")
    expect(page.locator("input[name^='children__'][name$='__child_name']")).to_have_count(2)
