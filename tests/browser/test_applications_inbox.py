"""The staff inbox of online applications in Chromium (desktop and a 390px phone): a
市民課 clerk opens the inbox, takes a submission, starts the review and asks for a
correction; after the applicant's resubmission the approver approves it.  axe-core finds
nothing on the inbox or the submission page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from yakuba.applications.models import Status, Submission
from yakuba.applications.services import workflow
from yakuba.applications.tests.factories import make_procedure, make_submission, staff_in
from yakuba.identity.tests.factories import CitizenFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}


@pytest.fixture
def setting(municipality):
    procedure = make_procedure(department_code="shimin", title="犬の登録", handling_days=14)
    applicant = CitizenFactory(email="hanako@example.jp", display_name="村山 花子")
    submission = make_submission(procedure, applicant=applicant)
    clerk = staff_in("shimin", "operator", display_name="市民 担当")
    chief = staff_in("shimin", "approver", display_name="市民 課長")
    return submission, applicant, clerk, chief


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["desktop", "phone"])
def test_clerk_takes_reviews_asks_correction_then_approver_approves(
    page_factory, live_server, axe_check, setting, viewport
):
    submission, applicant, clerk, chief = setting
    page = page_factory(viewport, user=clerk, staff=True)
    page.goto(live_server.url + "/staff/applications/")
    expect(page.get_by_role("heading", level=1)).to_have_text("電子申請の受付")
    expect(page.get_by_role("link", name="受付（1）")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name=submission.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"申請 {submission.reference}")
    expect(page.get_by_text("ポチ")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="自分が担当する").click()
    expect(page.get_by_text("担当者を変更しました。")).to_be_visible()
    page.get_by_role("button", name="審査を始める").click()
    expect(page.get_by_text("審査中にしました。")).to_be_visible()
    page.get_by_label("補正してほしい内容").fill("住所の番地まで書いてください。")
    page.get_by_role("button", name="補正を依頼する").click()
    expect(page.get_by_text("補正を依頼しました。申請者にメールで知らせます。")).to_be_visible()
    expect(page.get_by_text("住所の番地まで書いてください。")).to_be_visible()
    expect(page.get_by_role("button", name="承認する")).to_have_count(0)
    axe_check(page)
    submission.refresh_from_db()
    assert (submission.status, submission.assignee_id) == (
        Status.CORRECTION_REQUESTED,
        clerk.pk,
    )

    workflow.resubmit_correction(applicant, Submission.objects.get(pk=submission.pk))

    chief_page = page_factory(viewport, user=chief, staff=True)
    chief_page.goto(f"{live_server.url}/staff/applications/?status=reviewing")
    expect(chief_page.get_by_role("link", name="審査中（1）")).to_be_visible()
    chief_page.get_by_role("link", name=submission.reference).click()
    chief_page.get_by_label("申請者へのお知らせ（任意）").fill("鑑札は窓口でお渡しします。")
    chief_page.get_by_role("button", name="承認する").click()
    expect(chief_page.get_by_text("承認しました。申請者にメールで知らせます。")).to_be_visible()
    expect(chief_page.get_by_role("button", name="完了にする（交付・通知済み）")).to_be_visible()
    axe_check(chief_page)
    submission.refresh_from_db()
    assert submission.status == Status.APPROVED


def test_a_second_clerk_on_a_stale_page_is_told(page_factory, live_server, setting):
    submission, _applicant, clerk, chief = setting
    page = page_factory(DESKTOP, user=clerk, staff=True)
    page.goto(f"{live_server.url}/staff/applications/{submission.pk}/")
    expect(page.get_by_role("button", name="審査を始める")).to_be_visible()

    workflow.start_review(chief, Submission.objects.get(pk=submission.pk))
    page.get_by_role("button", name="審査を始める").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "ほかの職員の操作により既に「審査中」になっています"
    )
