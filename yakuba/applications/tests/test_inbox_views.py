"""Staff inbox pages: who may open them, department isolation, tabs and filters, overdue,
the detail page's sections and buttons, the workflow forms, and the access records."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from yakuba.applications.access import SUBMISSION_KIND
from yakuba.applications.models import IdentityLevel, Status, Submission, SubmissionEvent
from yakuba.applications.tests.factories import make_procedure, make_submission, staff_in
from yakuba.audit.models import AccessRecord
from yakuba.identity.testing import login_citizen, login_staff

pytestmark = pytest.mark.django_db

INBOX = reverse("console:applications:inbox")


@pytest.fixture
def procedure(unit_a):
    return make_procedure(department_code="shimin", title="犬の登録", handling_days=10)


@pytest.fixture
def tax_procedure(unit_b):
    return make_procedure(department_code="kazei", title="課税証明書の交付")


@pytest.fixture
def cast(citizen, clerk_a, clerk_b, supervisor, system_admin):
    return {
        "anonymous": None,
        "citizen": citizen,
        "viewer": staff_in("shimin", "viewer", display_name="閲覧 一郎"),
        "clerk_a": clerk_a,
        "clerk_b": clerk_b,
        "supervisor": supervisor,
        "system_admin": system_admin,
    }


def _as(client, cast, who):
    user = cast[who]
    if user is None:
        return client
    return (login_citizen if who == "citizen" else login_staff)(client, user)


def _reads(submission, user=None) -> int:
    records = AccessRecord.objects.filter(
        subject_kind=SUBMISSION_KIND, subject_id=str(submission.pk)
    )
    if user is not None:
        records = records.filter(actor_id=user.pk)
    return records.count()


def _detail(submission) -> str:
    return reverse("console:applications:submission_detail", args=[submission.pk])


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# ----------------------------------------------------------------------------- access


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("citizen", 302),
        ("viewer", 200),
        ("clerk_a", 200),
        ("clerk_b", 404),
        ("supervisor", 200),
        ("system_admin", 403),
    ],
)
def test_who_may_open_a_submission(client, procedure, cast, who, expected):
    submission = make_submission(procedure, applicant=cast["citizen"])
    response = _as(client, cast, who).get(_detail(submission))
    assert response.status_code == expected
    assert _reads(submission) == (1 if expected == 200 else 0)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("citizen", 302),
        ("viewer", 200),
        ("clerk_b", 200),
        ("system_admin", 403),
    ],
)
def test_who_may_open_the_inbox(client, cast, unit_a, who, expected):
    assert _as(client, cast, who).get(INBOX).status_code == expected


def test_a_tax_clerk_never_sees_citizen_division_submissions(
    client, procedure, tax_procedure, cast
):
    ours = make_submission(procedure, applicant=cast["citizen"])
    theirs = make_submission(tax_procedure, applicant=cast["citizen"], applicant_name="課税 太郎")
    client = _as(client, cast, "clerk_b")

    page = _text(client.get(INBOX))
    assert theirs.reference in page
    assert ours.reference not in page
    assert client.get(_detail(ours)).status_code == 404
    export = client.get(reverse("console:applications:inbox_csv"))
    assert b"".join(export.streaming_content).decode("utf-8-sig").count(ours.reference) == 0
    assert _reads(ours) == 0


def test_drafts_are_never_listed(client, procedure, cast):
    draft = make_submission(procedure, applicant=cast["citizen"], status=Status.DRAFT)
    client = _as(client, cast, "clerk_a")
    assert client.get(_detail(draft)).status_code == 404
    assert "テスト手続き" not in _text(client.get(INBOX))


# ----------------------------------------------------------------------------- the list


def test_list_shows_tabs_rows_and_records_the_names_shown(client, procedure, cast):
    received = make_submission(procedure, applicant=cast["citizen"], applicant_name="村山 花子")
    reviewing = make_submission(
        procedure, status=Status.REVIEWING, applicant_name="青梅 一郎", applicant=cast["citizen"]
    )
    client = _as(client, cast, "clerk_a")

    page = _text(client.get(INBOX))

    assert "すべて（2）" in page
    assert "受付（1）" in page
    assert "審査中（1）" in page
    assert "補正依頼（0）" in page
    assert "村山 花子" in page and "青梅 一郎" in page
    assert _reads(received, cast["clerk_a"]) == 1
    assert _reads(reviewing, cast["clerk_a"]) == 1
    record = AccessRecord.objects.filter(subject_id=str(received.pk)).get()
    assert record.purpose == "applications_handling"


def test_status_tab_filters_and_only_the_rows_shown_are_recorded(client, procedure, cast):
    received = make_submission(procedure, applicant=cast["citizen"])
    reviewing = make_submission(procedure, applicant=cast["citizen"], status=Status.REVIEWING)
    page = _text(_as(client, cast, "clerk_a").get(INBOX, {"status": "reviewing"}))
    assert reviewing.reference in page
    assert received.reference not in page
    assert _reads(received) == 0


def test_overdue_rows_say_so_in_text_and_filter(client, procedure, cast):
    late = make_submission(
        procedure,
        applicant=cast["citizen"],
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    late_but_done = make_submission(
        procedure,
        applicant=cast["citizen"],
        status=Status.COMPLETED,
        due_date=timezone.localdate() - datetime.timedelta(days=5),
    )
    on_time = make_submission(procedure, applicant=cast["citizen"])
    client = _as(client, cast, "clerk_a")

    page = _text(client.get(INBOX))
    assert page.count("期限超過</span>") == 1
    filtered = _text(client.get(INBOX, {"overdue": "on"}))
    assert late.reference in filtered
    assert late_but_done.reference not in filtered
    assert on_time.reference not in filtered


def test_assignee_filters_me_and_unassigned(client, procedure, cast):
    mine = make_submission(procedure, applicant=cast["citizen"], assignee=cast["clerk_a"])
    chiefs = make_submission(procedure, applicant=cast["citizen"], assignee=cast["supervisor"])
    nobody = make_submission(procedure, applicant=cast["citizen"])
    client = _as(client, cast, "clerk_a")

    me = _text(client.get(INBOX, {"assignee": "me"}))
    none = _text(client.get(INBOX, {"assignee": "none"}))
    chief = _text(client.get(INBOX, {"assignee": str(cast["supervisor"].pk)}))

    assert (mine.reference in me, chiefs.reference in me, nobody.reference in me) == (
        True,
        False,
        False,
    )
    assert (mine.reference in none, nobody.reference in none) == (False, True)
    assert (chiefs.reference in chief, mine.reference in chief) == (True, False)


def test_search_by_reference_or_name_ignoring_spaces(client, procedure, cast):
    hanako = make_submission(procedure, applicant=cast["citizen"], applicant_name="村山 花子")
    ichiro = make_submission(procedure, applicant=cast["citizen"], applicant_name="青梅　一郎")
    client = _as(client, cast, "clerk_a")

    by_name = _text(client.get(INBOX, {"q": "青梅一郎"}))
    by_reference = _text(client.get(INBOX, {"q": hanako.reference[-4:]}))

    assert ichiro.reference in by_name and hanako.reference not in by_name
    assert hanako.reference in by_reference and ichiro.reference not in by_reference


def test_sorted_by_due_date(client, procedure, cast):
    today = timezone.localdate()
    later = make_submission(
        procedure, applicant=cast["citizen"], due_date=today + datetime.timedelta(days=9)
    )
    sooner = make_submission(
        procedure, applicant=cast["citizen"], due_date=today + datetime.timedelta(days=2)
    )
    page = _text(_as(client, cast, "clerk_a").get(INBOX))
    assert page.index(sooner.reference) < page.index(later.reference)
    reverse_page = _text(_as(client, cast, "clerk_a").get(INBOX, {"order": "-due"}))
    assert reverse_page.index(later.reference) < reverse_page.index(sooner.reference)


def test_bad_filter_is_a_field_error_not_a_500(client, procedure, cast):
    response = _as(client, cast, "clerk_a").get(
        INBOX, {"procedure": "abc", "assignee": "999999", "status": "nonsense"}
    )
    assert response.status_code == 200
    assert "入力内容に問題があります" in _text(response)


def test_pagination_fifty_a_page(client, procedure, cast):
    for _ in range(51):
        make_submission(procedure, applicant=cast["citizen"])
    client = _as(client, cast, "clerk_a")
    first = client.get(INBOX)
    second = client.get(INBOX, {"page": 2})
    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 1
    assert AccessRecord.objects.filter(subject_kind=SUBMISSION_KIND).count() == 51


# ----------------------------------------------------------------------------- detail


def test_detail_shows_answers_prefill_and_timeline(client, procedure, cast):
    submission = make_submission(
        procedure, applicant=cast["citizen"], prefilled_fields=["name", "name_kana"]
    )
    SubmissionEvent.objects.create(
        submission=submission,
        kind="submitted",
        from_status="draft",
        to_status="received",
        actor_name="申請者",
        visible_to_applicant=True,
    )
    page = _text(_as(client, cast, "clerk_a").get(_detail(submission)))

    assert "犬の名前" in page and "ポチ" in page
    assert page.count("住民記録から入力</span>") == 2
    assert "下書き → 受付" in page
    assert "本人確認の方法" in page


def test_buttons_follow_role_and_status(client, procedure, cast):
    submission = make_submission(procedure, applicant=cast["citizen"], status=Status.REVIEWING)
    clerk = _text(_as(client, cast, "clerk_a").get(_detail(submission)))
    client.logout()
    chief = _text(_as(client, cast, "supervisor").get(_detail(submission)))
    client.logout()
    viewer = _text(_as(client, cast, "viewer").get(_detail(submission)))

    assert ("補正を依頼する" in clerk, "承認する" in clerk, "却下する" in clerk) == (
        True,
        False,
        False,
    )
    assert ("承認する" in chief, "却下する" in chief, "審査を始める" in chief) == (
        True,
        True,
        False,
    )
    assert '<form method="post"' not in viewer.split("処理の経過")[0].split("申請内容")[1]


def test_card_level_shows_the_signature_verdict_or_its_absence(client, procedure, cast):
    submission = make_submission(
        procedure, applicant=cast["citizen"], identity_level=IdentityLevel.CARD
    )
    page = _text(_as(client, cast, "clerk_a").get(_detail(submission)))
    assert "電子署名（今回の検証）" in page
    assert "この申請には電子署名がありません。" in page


# ----------------------------------------------------------------------------- actions


def _post(client, name, submission, **data):
    url = reverse(f"console:applications:submission_{name}", args=[submission.pk])
    prefix = {"start_review": "start_review", "request_correction": "request_correction"}.get(
        name, name
    )
    return client.post(url, {f"{prefix}-{key}": value for key, value in data.items()})


def test_clerk_assigns_self_reviews_requests_correction(client, procedure, cast):
    submission = make_submission(procedure, applicant=cast["citizen"])
    client = _as(client, cast, "clerk_a")

    assert (
        _post(
            client, "assign", submission, seen_status="received", assignee=cast["clerk_a"].pk
        ).status_code
        == 302
    )
    assert _post(client, "start_review", submission, seen_status="received").status_code == 302
    response = _post(
        client,
        "request_correction",
        submission,
        seen_status="reviewing",
        message="住所の番地を書いてください。",
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.CORRECTION_REQUESTED
    assert submission.assignee_id == cast["clerk_a"].pk
    page = _text(client.get(_detail(submission)))
    assert "補正を依頼しました。" in page
    assert "住所の番地を書いてください。" in page


def test_missing_correction_message_is_a_field_error(client, procedure, cast):
    submission = make_submission(procedure, applicant=cast["citizen"], status=Status.REVIEWING)
    response = _post(
        _as(client, cast, "clerk_a"),
        "request_correction",
        submission,
        seen_status="reviewing",
        message=" ",
    )
    assert response.status_code == 400
    assert "入力内容に問題があります" in _text(response)
    submission.refresh_from_db()
    assert submission.status == Status.REVIEWING


def test_stale_page_is_refused_with_a_clear_message(client, procedure, cast):
    submission = make_submission(procedure, applicant=cast["citizen"], status=Status.REVIEWING)
    client = _as(client, cast, "supervisor")
    response = _post(client, "start_review", submission, seen_status="received")
    assert response.status_code == 302
    page = _text(client.get(response["Location"]))
    assert "ほかの職員の操作により既に「審査中」になっています" in page
    assert SubmissionEvent.objects.filter(submission=submission).count() == 0


def test_clerk_cannot_approve_by_posting(client, procedure, cast):
    submission = make_submission(procedure, applicant=cast["citizen"], status=Status.REVIEWING)
    response = _post(_as(client, cast, "clerk_a"), "approve", submission, seen_status="reviewing")
    assert response.status_code == 403
    assert Submission.objects.get(pk=submission.pk).status == Status.REVIEWING


def test_approver_approves_then_clerk_completes(client, procedure, cast):
    submission = make_submission(procedure, applicant=cast["citizen"], status=Status.REVIEWING)
    response = _post(
        _as(client, cast, "supervisor"),
        "approve",
        submission,
        seen_status="reviewing",
        message="窓口で鑑札をお渡しします。",
    )
    assert response.status_code == 302
    client.logout()
    assert (
        _post(
            _as(client, cast, "clerk_a"), "complete", submission, seen_status="approved"
        ).status_code
        == 302
    )
    submission.refresh_from_db()
    assert submission.status == Status.COMPLETED


def test_comment_is_internal_and_message_is_visible(client, procedure, cast):
    submission = make_submission(procedure, applicant=cast["citizen"])
    client = _as(client, cast, "clerk_a")
    _post(client, "comment", submission, text="電話で確認済み")
    _post(client, "message", submission, text="書類を受け取りました。")
    assert list(
        SubmissionEvent.objects.filter(submission=submission)
        .order_by("pk")
        .values_list("kind", "message", "visible_to_applicant")
    ) == [("comment", "電話で確認済み", False), ("message", "書類を受け取りました。", True)]


def test_dashboard_panel_counts(client, procedure, cast):
    make_submission(
        procedure,
        applicant=cast["citizen"],
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    make_submission(procedure, applicant=cast["citizen"], assignee=cast["clerk_a"])
    make_submission(procedure, applicant=cast["citizen"], status=Status.COMPLETED)
    page = _text(_as(client, cast, "clerk_a").get(reverse("console:dashboard")))
    assert "処理中の申請 2件" in page
    assert "期限超過 1件" in page
    assert "担当者未割当 1件" in page


def test_menu_entry(client, cast, unit_a):
    page = _text(_as(client, cast, "viewer").get(reverse("console:dashboard")))
    assert f'<a href="{INBOX}">電子申請</a>' in page
