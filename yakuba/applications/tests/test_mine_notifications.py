"""The applicant's e-mail at each status change (sent by the handler of
``submission_status_changed`` through the task, in the submission's language)."""

from __future__ import annotations

import pytest
from django.core import mail

from yakuba.applications.models import Status
from yakuba.applications.services import workflow
from yakuba.applications.services.notifications import send_status_mail
from yakuba.applications.tests.factories import make_procedure, make_submission, staff_in

pytestmark = pytest.mark.django_db

SITE = "https://apply.city.example.lg.jp"


@pytest.fixture(autouse=True)
def site(settings):
    settings.YAKUBA_SITE_URL = SITE


@pytest.fixture
def applicant():
    from yakuba.identity.tests.factories import CitizenFactory

    return CitizenFactory(email="hanako@example.jp", display_name="村山 花子")


@pytest.fixture
def procedure():
    return make_procedure(title="犬の登録申請", title_en="Dog registration", handling_days=10)


@pytest.fixture
def operator():
    return staff_in("shimin", "operator")


@pytest.fixture
def approver():
    return staff_in("shimin", "approver")


def _submission(procedure, applicant, status=Status.RECEIVED, language="ja"):
    return make_submission(procedure, applicant=applicant, status=status, language=language)


def _move(capture, function, *args):
    with capture(execute=True):
        function(*args)
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def test_received_mail_has_reference_due_date_and_link(procedure, applicant):
    submission = _submission(procedure, applicant)

    assert send_status_mail(submission.pk, Status.RECEIVED) == 1

    message = mail.outbox[0]
    assert message.to == ["hanako@example.jp"]
    assert message.subject == f"電子申請を受け付けました（{submission.reference}）"
    assert "村山 花子 様" in message.body
    assert f"受付番号: {submission.reference}" in message.body
    assert "手続き: 犬の登録申請" in message.body
    assert "処理の予定日: 令和" in message.body
    assert f"{SITE}/apply/mine/{submission.reference}/" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert f'href="{SITE}/apply/mine/{submission.reference}/"' in html
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_mail_never_carries_the_answers(procedure, applicant):
    submission = _submission(procedure, applicant)

    send_status_mail(submission.pk, Status.RECEIVED)

    body = mail.outbox[0].body + mail.outbox[0].alternatives[0][0]
    for secret in ("ムラヤマ ハナコ", "ポチ", "hanako@example.jp"):
        assert secret not in body


def test_review_start_mails_the_applicant(
    procedure, applicant, operator, django_capture_on_commit_callbacks
):
    submission = _submission(procedure, applicant)

    message = _move(django_capture_on_commit_callbacks, workflow.start_review, operator, submission)

    assert message.subject == f"電子申請の審査を始めました（{submission.reference}）"
    assert "電子申請の審査を始めました。" in message.body


def test_correction_request_mail_has_the_message_and_the_link(
    procedure, applicant, operator, django_capture_on_commit_callbacks
):
    submission = _submission(procedure, applicant)

    message = _move(
        django_capture_on_commit_callbacks,
        workflow.request_correction,
        operator,
        submission,
        "犬の生年月日を記入してください。",
    )

    assert message.subject == f"電子申請の補正（修正）のお願い（{submission.reference}）"
    assert "補正をお願いする内容:\n犬の生年月日を記入してください。" in message.body
    assert f"修正して再提出するページ: {SITE}/apply/mine/{submission.reference}/" in message.body
    assert "犬の生年月日を記入してください。" in message.alternatives[0][0]


def test_approval_mail(procedure, applicant, approver, django_capture_on_commit_callbacks):
    submission = _submission(procedure, applicant, Status.REVIEWING)

    message = _move(
        django_capture_on_commit_callbacks, workflow.approve_submission, approver, submission
    )

    assert message.subject == f"電子申請が承認されました（{submission.reference}）"


def test_rejection_mail_has_the_reason(
    procedure, applicant, approver, django_capture_on_commit_callbacks
):
    submission = _submission(procedure, applicant, Status.REVIEWING)

    message = _move(
        django_capture_on_commit_callbacks,
        workflow.reject_submission,
        approver,
        submission,
        "市外にお住まいのため対象外です。",
    )

    assert message.subject == f"電子申請の審査結果のお知らせ（{submission.reference}）"
    assert "理由:\n市外にお住まいのため対象外です。" in message.body


def test_completion_mail(procedure, applicant, operator, django_capture_on_commit_callbacks):
    submission = _submission(procedure, applicant, Status.APPROVED)

    message = _move(
        django_capture_on_commit_callbacks, workflow.complete_submission, operator, submission
    )

    assert message.subject == f"電子申請の手続きが完了しました（{submission.reference}）"


def test_withdrawal_mail(procedure, applicant, django_capture_on_commit_callbacks):
    submission = _submission(procedure, applicant)

    message = _move(
        django_capture_on_commit_callbacks,
        workflow.withdraw_submission,
        applicant,
        submission,
        "",
    )

    assert message.subject == f"電子申請を取り下げました（{submission.reference}）"
    assert "電子申請を取り下げました。" in message.body


def test_an_english_application_gets_english_mail(
    procedure, applicant, operator, django_capture_on_commit_callbacks
):
    submission = _submission(procedure, applicant, language="en")

    message = _move(
        django_capture_on_commit_callbacks,
        workflow.request_correction,
        operator,
        submission,
        "犬の生年月日を記入してください。",
    )

    assert message.subject == f"Please correct your online application ({submission.reference})"
    assert message.body.startswith("Dear 村山 花子,\n")
    assert f"Reference number: {submission.reference}" in message.body
    assert "Procedure: Dog registration" in message.body
    assert "What to correct (in Japanese):\n犬の生年月日を記入してください。" in message.body
    assert "様" not in message.body
    assert '<html lang="en">' in message.alternatives[0][0]
    assert message.extra_headers["Content-Language"] == "en"


def test_english_received_mail_has_the_due_date_in_english(procedure, applicant):
    submission = _submission(procedure, applicant, language="en")

    send_status_mail(submission.pk, Status.RECEIVED)

    message = mail.outbox[0]
    assert message.subject == f"Your online application was received ({submission.reference})"
    assert "We aim to finish handling it by: " in message.body
    assert str(submission.due_date.year) in message.body


def test_no_mail_without_an_address(procedure):
    submission = make_submission(procedure, applicant=None, applicant_email="")

    assert send_status_mail(submission.pk, Status.RECEIVED) == 0
    assert mail.outbox == []
