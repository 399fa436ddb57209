"""マイページ 「電子申請」 in Chromium on a 320px phone: a citizen signs a card-level
application with the emulated card and finds it on マイページ; axe-core clean pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from yakuba.applications.models import Status, Submission
from yakuba.applications.services import workflow
from yakuba.applications.tests.factories import make_submission, staff_in
from yakuba.applications.tests.factories_mine import card_procedure, citizen_with_card, draft_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW_PHONE = {"width": 320, "height": 640}


@pytest.fixture
def jpki(settings, tmp_path):
    settings.YAKUBA_JPKI_DIR = tmp_path / "jpki"
    settings.YAKUBA_JPKI_DEMO = True


@pytest.fixture
def hanako(transactional_db, jpki):
    return citizen_with_card()


def _card_label(card) -> str:
    return f"村○ 花○（****-****-{card.card_number[-4:]}）"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_citizen_signs_with_the_card_and_finds_it_on_mypage(
    page_factory, live_server, axe_check, municipality, hanako, javascript
):
    user, _person, card = hanako
    draft = draft_of(card_procedure(title="犬の登録申請"), user)
    if not javascript:  # axe-core runs through evaluate(), which needs JavaScript

        def axe_check(page):
            return None

    page = page_factory(NARROW_PHONE, javascript=javascript, user=user)

    page.goto(
        live_server.url + reverse("portal:applications:filling_review", args=[draft.draft_key])
    )
    page.get_by_role("button", name="電子署名へ進む").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("マイナンバーカードで署名して申請")
    expect(page.get_by_text("ポチ").first).to_be_visible()
    axe_check(page)

    page.get_by_label(_card_label(card)).check()
    page.get_by_label("署名用の暗証番号（英数字6〜16文字）").fill("WRONG1")
    page.get_by_role("button", name="署名して申請する").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(
        page.get_by_text("暗証番号が違います。あと4回間違えるとロックされます。").first
    ).to_be_visible()
    axe_check(page)

    page.get_by_label(_card_label(card)).check()
    page.get_by_label("署名用の暗証番号（英数字6〜16文字）").fill("ABC123")
    page.get_by_role("button", name="署名して申請する").click()
    expect(page).to_have_url(
        live_server.url + reverse("portal:applications:filling_done", args=[draft.draft_key])
    )
    reference = Submission.objects.get(pk=draft.pk).reference

    page.goto(live_server.url + reverse("portal:mypage"))
    expect(page.get_by_role("link", name=f"犬の登録申請（{reference}）")).to_be_visible()
    page.goto(live_server.url + reverse("portal:applications:mine_list"))
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    if javascript:  # evaluate() needs JavaScript
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    axe_check(page)

    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("犬の登録申請")
    expect(page.get_by_text("受付").first).to_be_visible()
    axe_check(page)


def test_correction_and_withdrawal_pages_are_accessible(
    page_factory, live_server, axe_check, municipality, hanako
):
    user, _person, _card = hanako
    submission = make_submission(card_procedure(title="犬の登録申請"), applicant=user)
    workflow.request_correction(
        staff_in("shimin", "operator"), submission, "犬の名前を直してください。"
    )
    page = page_factory(NARROW_PHONE, user=user)

    page.goto(
        live_server.url + reverse("portal:applications:mine_detail", args=[submission.reference])
    )
    expect(page.get_by_text("犬の名前を直してください。").first).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="修正して再提出").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("申請者を修正")
    axe_check(page)

    page.goto(
        live_server.url + reverse("portal:applications:mine_withdraw", args=[submission.reference])
    )
    page.get_by_role("button", name="申請を取り下げる").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe_check(page)
    page.get_by_label("この申請を取り下げます（元に戻せません）").check()
    page.get_by_role("button", name="申請を取り下げる").click()
    expect(page.get_by_text("申請を取り下げました。").first).to_be_visible()
    assert Submission.objects.get(pk=submission.pk).status == Status.WITHDRAWN
