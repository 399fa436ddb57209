"""The workflow service: every move allowed or refused per role, illegal and stale moves
change nothing, each move writes its timeline row and announces itself after commit."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yakuba.applications import events
from yakuba.applications.models import (
    TRANSITIONS,
    EventKind,
    Status,
    Submission,
    SubmissionEvent,
)
from yakuba.applications.services import workflow
from yakuba.applications.tests.factories import make_procedure, make_submission, staff_in
from yakuba.identity.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(unit_a):
    return make_procedure(department_code="shimin", handling_days=10)


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


class Anonymous:
    pk = None
    kind = ""
    is_authenticated = False


def _user(cast, who):
    return cast[who] if cast[who] is not None else Anonymous()


def _snapshot(submission: Submission) -> tuple:
    submission.refresh_from_db()
    return (
        submission.status,
        submission.assignee_id,
        submission.decided_at,
        submission.completed_at,
        SubmissionEvent.objects.filter(submission=submission).count(),
    )


#: action → (status it starts from, the call, who may).
ACTIONS = {
    "start_review": (Status.RECEIVED, lambda u, s: workflow.start_review(u, s), "operator"),
    "request_correction": (
        Status.REVIEWING,
        lambda u, s: workflow.request_correction(u, s, "住所の番地を書いてください。"),
        "operator",
    ),
    "approve": (Status.REVIEWING, lambda u, s: workflow.approve_submission(u, s), "approver"),
    "reject_received": (
        Status.RECEIVED,
        lambda u, s: workflow.reject_submission(u, s, "対象外です。"),
        "approver",
    ),
    "reject_reviewing": (
        Status.REVIEWING,
        lambda u, s: workflow.reject_submission(u, s, "対象外です。"),
        "approver",
    ),
    "complete": (Status.APPROVED, lambda u, s: workflow.complete_submission(u, s), "operator"),
    "assign_to_me": (Status.RECEIVED, lambda u, s: workflow.assign_submission(u, s, u), "operator"),
    "comment": (Status.REVIEWING, lambda u, s: workflow.add_comment(u, s, "確認中"), "operator"),
    "message": (
        Status.REVIEWING,
        lambda u, s: workflow.message_applicant(u, s, "確認しています。"),
        "operator",
    ),
}
ALLOWED = {
    "operator": {"clerk_a", "supervisor"},
    "approver": {"supervisor"},
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize(
    "who", ["anonymous", "citizen", "viewer", "clerk_a", "clerk_b", "supervisor", "system_admin"]
)
def test_each_staff_action_per_role(procedure, cast, action, who):
    start, call, minimum = ACTIONS[action]
    submission = make_submission(procedure, applicant=cast["citizen"], status=start)
    before = _snapshot(submission)
    user = _user(cast, who)

    if who in ALLOWED[minimum]:
        event = call(user, submission)
        assert event.submission_id == submission.pk
        assert _snapshot(submission)[4] == before[4] + 1
    else:
        with pytest.raises(PermissionDenied):
            call(user, submission)
        assert _snapshot(submission) == before


def test_start_review_writes_the_status_event_and_announces_after_commit(
    procedure, cast, django_capture_on_commit_callbacks
):
    submission = make_submission(procedure, applicant=cast["citizen"])
    sent = []

    def listen(sender, **kwargs):
        sent.append(kwargs)

    events.submission_status_changed.connect(listen, dispatch_uid="test_workflow")
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            event = workflow.start_review(cast["clerk_a"], submission)
        assert sent == []  # nothing before commit
        for callback in callbacks:
            callback()
    finally:
        events.submission_status_changed.disconnect(dispatch_uid="test_workflow")

    submission.refresh_from_db()
    assert submission.status == Status.REVIEWING
    assert (event.kind, event.from_status, event.to_status) == ("status", "received", "reviewing")
    assert event.actor_id == cast["clerk_a"].pk
    assert event.actor_name == cast["clerk_a"].display_name
    assert event.visible_to_applicant is True
    assert [
        (kwargs["submission_id"], kwargs["from_status"], kwargs["to_status"], kwargs["event_id"])
        for kwargs in sent
    ] == [(submission.pk, "received", "reviewing", event.pk)]


def test_the_full_path_leaves_one_timeline_row_per_step(procedure, cast):
    submission = make_submission(procedure, applicant=cast["citizen"])
    clerk, chief, applicant = cast["clerk_a"], cast["supervisor"], cast["citizen"]

    workflow.assign_submission(clerk, submission, clerk)
    workflow.start_review(clerk, submission)
    workflow.add_comment(clerk, submission, "住所の確認が必要")
    workflow.request_correction(clerk, submission, "住所の番地を書いてください。")
    workflow.resubmit_correction(applicant, submission)
    workflow.message_applicant(clerk, submission, "受け取りました。")
    workflow.approve_submission(chief, submission, "承認しました。")
    workflow.complete_submission(clerk, submission)

    rows = list(
        SubmissionEvent.objects.filter(submission=submission)
        .order_by("pk")
        .values_list("kind", "from_status", "to_status", "visible_to_applicant", "actor_name")
    )
    assert rows == [
        ("assigned", "", "", False, clerk.display_name),
        ("status", "received", "reviewing", True, clerk.display_name),
        ("comment", "", "", False, clerk.display_name),
        ("correction_requested", "reviewing", "correction_requested", True, clerk.display_name),
        ("resubmitted", "correction_requested", "reviewing", True, "申請者"),
        ("message", "", "", True, clerk.display_name),
        ("status", "reviewing", "approved", True, chief.display_name),
        ("status", "approved", "completed", True, clerk.display_name),
    ]
    submission.refresh_from_db()
    assert submission.status == Status.COMPLETED
    assert submission.assignee_id == clerk.pk
    assert submission.decided_at is not None
    assert submission.completed_at is not None
    assert submission.correction_rounds == 1


@pytest.mark.parametrize(
    ("start", "call", "code"),
    [
        (Status.RECEIVED, lambda u, s: workflow.approve_submission(u, s), "not_allowed"),
        (Status.REVIEWING, lambda u, s: workflow.complete_submission(u, s), "not_allowed"),
        (Status.REVIEWING, lambda u, s: workflow.start_review(u, s), "not_allowed"),
        (Status.APPROVED, lambda u, s: workflow.reject_submission(u, s, "理由"), "not_allowed"),
        (Status.COMPLETED, lambda u, s: workflow.request_correction(u, s, "直して"), "not_allowed"),
        (Status.WITHDRAWN, lambda u, s: workflow.start_review(u, s), "not_allowed"),
        (Status.CORRECTION_REQUESTED, lambda u, s: workflow.start_review(u, s), "applicant_only"),
        (Status.COMPLETED, lambda u, s: workflow.assign_submission(u, s, u), "closed"),
    ],
)
def test_illegal_moves_are_refused_and_change_nothing(procedure, cast, start, call, code):
    submission = make_submission(procedure, applicant=cast["citizen"], status=start)
    before = _snapshot(submission)

    with pytest.raises(ValidationError) as refused:
        call(cast["supervisor"], submission)

    assert refused.value.code == code
    assert _snapshot(submission) == before


def test_illegal_move_says_what_and_why_in_japanese(procedure, cast):
    submission = make_submission(procedure, applicant=cast["citizen"])
    with pytest.raises(ValidationError) as refused:
        workflow.complete_submission(cast["clerk_a"], submission)
    assert refused.value.messages == ["「受付」の申請を「完了」にすることはできません。"]


def test_a_stale_status_is_refused_and_changes_nothing(procedure, cast):
    submission = make_submission(procedure, applicant=cast["citizen"])
    seen_by_clerk = Submission.objects.get(pk=submission.pk)
    seen_by_chief = Submission.objects.get(pk=submission.pk)
    workflow.request_correction(cast["clerk_a"], seen_by_clerk, "添付書類が足りません。")
    before = _snapshot(submission)

    with pytest.raises(ValidationError) as refused:
        workflow.reject_submission(cast["supervisor"], seen_by_chief, "対象外です。")

    assert refused.value.code == "stale"
    assert refused.value.messages == [
        "この申請は、ほかの職員の操作により既に「補正依頼」になっています。"
        "画面を更新して、最新の状態を確認してください。"
    ]
    assert _snapshot(submission) == before


@pytest.mark.parametrize(
    ("call", "field", "message"),
    [
        (
            lambda u, s: workflow.request_correction(u, s, "  "),
            "message",
            "補正してほしい内容を入力してください。",
        ),
        (
            lambda u, s: workflow.reject_submission(u, s, ""),
            "reason",
            "却下の理由を入力してください。",
        ),
        (lambda u, s: workflow.add_comment(u, s, ""), "text", "コメントを入力してください。"),
        (
            lambda u, s: workflow.message_applicant(u, s, "\n"),
            "text",
            "申請者へのお知らせを入力してください。",
        ),
        (
            lambda u, s: workflow.add_comment(u, s, "あ" * 4001),
            "text",
            "4000文字以内で入力してください。",
        ),
    ],
)
def test_required_texts(procedure, cast, call, field, message):
    submission = make_submission(procedure, applicant=cast["citizen"])
    before = _snapshot(submission)
    with pytest.raises(ValidationError) as refused:
        call(cast["supervisor"], submission)
    assert refused.value.message_dict == {field: [message]}
    assert _snapshot(submission) == before


def test_assignee_must_hold_a_role_in_the_department(procedure, cast):
    submission = make_submission(procedure, applicant=cast["citizen"])
    with pytest.raises(ValidationError) as refused:
        workflow.assign_submission(cast["clerk_a"], submission, cast["clerk_b"])
    assert refused.value.message_dict == {
        "assignee": ["担当者には、この申請を扱う課の職員を選んでください。"]
    }
    submission.refresh_from_db()
    assert submission.assignee_id is None


def test_assign_a_viewer_then_remove_the_assignee(procedure, cast):
    submission = make_submission(procedure, applicant=cast["citizen"])
    first = workflow.assign_submission(cast["clerk_a"], submission, cast["viewer"])
    second = workflow.assign_submission(cast["clerk_a"], submission, None)
    submission.refresh_from_db()
    assert submission.assignee_id is None
    assert (first.message, second.message) == (
        "担当者を閲覧 一郎にしました。",
        "担当者の割当てを外しました。",
    )


def test_resubmission_moves_the_deadline_and_counts_the_round(procedure, cast):
    submission = make_submission(
        procedure,
        applicant=cast["citizen"],
        status=Status.CORRECTION_REQUESTED,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
        correction_rounds=1,
    )

    event = workflow.resubmit_correction(cast["citizen"], submission)

    submission.refresh_from_db()
    assert submission.status == Status.REVIEWING
    assert submission.correction_rounds == 2
    assert submission.due_date == timezone.localdate() + datetime.timedelta(days=10)
    assert (event.kind, event.actor_id) == (EventKind.RESUBMITTED, cast["citizen"].pk)


@pytest.mark.parametrize("who", ["other_citizen", "clerk_a", "supervisor", "anonymous"])
def test_only_the_applicant_resubmits_or_withdraws(procedure, cast, who):
    users = {**cast, "other_citizen": CitizenFactory()}
    submission = make_submission(
        procedure, applicant=cast["citizen"], status=Status.CORRECTION_REQUESTED
    )
    before = _snapshot(submission)
    user = users[who] if users[who] is not None else Anonymous()
    with pytest.raises(PermissionDenied):
        workflow.resubmit_correction(user, submission)
    with pytest.raises(PermissionDenied):
        workflow.withdraw_submission(user, submission, "不要になりました")
    assert _snapshot(submission) == before


@pytest.mark.parametrize("start", [Status.RECEIVED, Status.REVIEWING, Status.CORRECTION_REQUESTED])
def test_applicant_withdraws_an_open_submission(procedure, cast, start):
    submission = make_submission(procedure, applicant=cast["citizen"], status=start)
    event = workflow.withdraw_submission(cast["citizen"], submission, "不要になりました")
    submission.refresh_from_db()
    assert submission.status == Status.WITHDRAWN
    assert (event.from_status, event.to_status, event.message) == (
        start,
        "withdrawn",
        "不要になりました",
    )


@pytest.mark.parametrize("start", [Status.APPROVED, Status.REJECTED, Status.COMPLETED])
def test_a_decided_submission_cannot_be_withdrawn(procedure, cast, start):
    submission = make_submission(procedure, applicant=cast["citizen"], status=start)
    with pytest.raises(ValidationError) as refused:
        workflow.withdraw_submission(cast["citizen"], submission)
    assert refused.value.code == "not_allowed"
    submission.refresh_from_db()
    assert submission.status == start


def test_every_transition_has_a_service():
    assert set(workflow.SERVICE_OF_TRANSITION) == set(TRANSITIONS)
    for (from_status, _to_status), name in workflow.SERVICE_OF_TRANSITION.items():
        if from_status == Status.DRAFT:
            assert name == "yakuba.applications.services.filling"
        else:
            assert callable(getattr(workflow, name))


@pytest.mark.parametrize(
    ("who", "start", "expected"),
    [
        ("viewer", Status.RECEIVED, set()),
        ("clerk_b", Status.RECEIVED, set()),
        (
            "clerk_a",
            Status.RECEIVED,
            {"assign", "comment", "message", "start_review", "request_correction"},
        ),
        (
            "supervisor",
            Status.RECEIVED,
            {"assign", "comment", "message", "start_review", "request_correction", "reject"},
        ),
        ("clerk_a", Status.REVIEWING, {"assign", "comment", "message", "request_correction"}),
        (
            "supervisor",
            Status.REVIEWING,
            {"assign", "comment", "message", "request_correction", "approve", "reject"},
        ),
        ("clerk_a", Status.CORRECTION_REQUESTED, {"assign", "comment", "message"}),
        ("clerk_a", Status.APPROVED, {"assign", "comment", "message", "complete"}),
        ("supervisor", Status.COMPLETED, {"comment", "message"}),
    ],
)
def test_allowed_actions(procedure, cast, who, start, expected):
    submission = make_submission(procedure, applicant=cast["citizen"], status=start)
    assert workflow.allowed_actions(cast[who], submission) == expected
