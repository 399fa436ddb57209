"""The staff workflow of a submitted application: the ONE place for status moves after
submission (the first submission, 下書き → 受付, is ``services.filling``'s).

Every function here:

* checks the move against ``models.TRANSITIONS`` and who may make it — staff moves need
  ``policies.may_handle`` (operator) or ``policies.may_decide`` (approver) in the
  submission's ``department_code``; the applicant's moves (resubmission, withdrawal) need
  the applicant's own account;
* runs in one transaction with the submission locked (``select_for_update``);
* refuses a **stale** move: the caller passes the submission as it saw it, and when the
  locked row's status differs (another member of staff acted first) nothing is changed
  and a :class:`ValidationError` (code ``stale``) says what happened;
* writes one :class:`SubmissionEvent` (the timeline) and, for a status change, sends
  ``events.submission_status_changed(submission_id, from_status, to_status, event_id)``
  after commit.

Refusals: no role → :class:`PermissionDenied`; a move not in ``TRANSITIONS``, a stale
status, a missing reason/message or an assignee outside the department →
:class:`ValidationError` with a Japanese message.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import events, policies
from ..models import OPEN_STATUSES, TRANSITIONS, EventKind, Status, Submission, SubmissionEvent

#: The longest comment, message, reason or correction request.
MAX_TEXT = 4000

#: Which service makes each move of ``TRANSITIONS`` (checked by a test: every entry has
#: one).  The first submission is the filling part's ``submit``.
SERVICE_OF_TRANSITION: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.RECEIVED): "yakuba.applications.services.filling",
    (Status.RECEIVED, Status.REVIEWING): "start_review",
    (Status.RECEIVED, Status.CORRECTION_REQUESTED): "request_correction",
    (Status.RECEIVED, Status.REJECTED): "reject_submission",
    (Status.REVIEWING, Status.CORRECTION_REQUESTED): "request_correction",
    (Status.REVIEWING, Status.APPROVED): "approve_submission",
    (Status.REVIEWING, Status.REJECTED): "reject_submission",
    (Status.CORRECTION_REQUESTED, Status.REVIEWING): "resubmit_correction",
    (Status.APPROVED, Status.COMPLETED): "complete_submission",
    (Status.RECEIVED, Status.WITHDRAWN): "withdraw_submission",
    (Status.REVIEWING, Status.WITHDRAWN): "withdraw_submission",
    (Status.CORRECTION_REQUESTED, Status.WITHDRAWN): "withdraw_submission",
}

#: The timeline's name for the applicant (a Japanese snapshot, like the first submission's).
APPLICANT_NAME = "申請者"


# ----------------------------------------------------------------------------- helpers


def actor_label(user: Any) -> str:
    """The name kept on a timeline row (a snapshot: later renames do not change it)."""
    return (getattr(user, "display_name", "") or getattr(user, "email", "") or str(user))[:100]


def _status_label(status: str) -> str:
    try:
        return str(Status(status).label)
    except ValueError:
        return status


def _required_text(value: str, field: str, missing: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: missing}, code="required")
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {field: _("%(limit)s文字以内で入力してください。") % {"limit": MAX_TEXT}},
            code="too_long",
        )
    return text


def _optional_text(value: str, field: str) -> str:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {field: _("%(limit)s文字以内で入力してください。") % {"limit": MAX_TEXT}},
            code="too_long",
        )
    return text


def _lock(submission: Submission) -> Submission:
    locked = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("procedure")
        .filter(pk=submission.pk)
        .first()
    )
    if locked is None or locked.status == Status.DRAFT:
        raise ValidationError(_("この申請は見つかりません。"), code="missing")
    return locked


def _check_not_stale(seen: Submission, locked: Submission) -> None:
    if seen.status != locked.status:
        raise ValidationError(
            _(
                "この申請は、ほかの職員の操作により既に「%(status)s」になっています。"
                "画面を更新して、最新の状態を確認してください。"
            )
            % {"status": _status_label(locked.status)},
            code="stale",
        )


def _check_transition(locked: Submission, to_status: str) -> str:
    who = TRANSITIONS.get((locked.status, to_status))
    if who is None:
        raise ValidationError(
            _("「%(from)s」の申請を「%(to)s」にすることはできません。")
            % {"from": _status_label(locked.status), "to": _status_label(to_status)},
            code="not_allowed",
        )
    return who


def _check_staff(actor: Any, department_code: str, who: str) -> None:
    allowed = (
        policies.may_decide(actor, department_code)
        if who == "approver"
        else policies.may_handle(actor, department_code)
    )
    if not allowed:
        raise PermissionDenied


def _check_applicant(applicant: Any, submission: Submission) -> None:
    if (
        getattr(applicant, "kind", None) != "citizen"
        or not getattr(applicant, "pk", None)
        or submission.applicant_id != applicant.pk
    ):
        raise PermissionDenied


def _announce(locked: Submission, from_status: str, event: SubmissionEvent) -> None:
    submission_id, to_status, event_id = locked.pk, str(locked.status), event.pk
    from_status = str(from_status)
    transaction.on_commit(
        lambda: events.submission_status_changed.send(
            sender=Submission,
            submission_id=submission_id,
            from_status=from_status,
            to_status=to_status,
            event_id=event_id,
        )
    )


def _event(
    locked: Submission,
    kind: str,
    *,
    actor: Any,
    actor_name: str,
    message: str = "",
    visible: bool,
    from_status: str = "",
    to_status: str = "",
) -> SubmissionEvent:
    return SubmissionEvent.objects.create(
        submission=locked,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        actor_name=actor_name,
        message=message,
        visible_to_applicant=visible,
    )


def _sync(seen: Submission, locked: Submission, fields: list[str]) -> None:
    """Copy what changed back to the caller's object (so a view can render it)."""
    for name in fields:
        setattr(seen, name, getattr(locked, name))


def _staff_move(
    actor: Any,
    submission: Submission,
    to_status: str,
    *,
    kind: str = EventKind.STATUS,
    message: str = "",
    dates: tuple[str, ...] = (),
) -> SubmissionEvent:
    """One staff status move: policy, lock, stale check, TRANSITIONS, write, event."""
    if not policies.may_handle(actor, submission.department_code):
        raise PermissionDenied
    with transaction.atomic():
        locked = _lock(submission)
        _check_not_stale(submission, locked)
        who = _check_transition(locked, to_status)
        if who == "applicant":
            raise ValidationError(
                _("この変更は申請者だけが行えます（補正後の再提出・取下げ）。"),
                code="applicant_only",
            )
        _check_staff(actor, locked.department_code, who)
        from_status = locked.status
        now = timezone.now()
        locked.status = to_status
        for name in dates:
            setattr(locked, name, now)
        fields = ["status", *dates]
        locked.save(update_fields=[*fields, "updated"])
        event = _event(
            locked,
            kind,
            actor=actor,
            actor_name=actor_label(actor),
            message=message,
            visible=True,
            from_status=from_status,
            to_status=str(to_status),
        )
        _announce(locked, from_status, event)
    _sync(submission, locked, [*fields, "updated"])
    return event


# ----------------------------------------------------------------------------- staff moves


def start_review(actor: Any, submission: Submission) -> SubmissionEvent:
    """受付 → 審査中 (operator)."""
    return _staff_move(actor, submission, Status.REVIEWING)


def request_correction(actor: Any, submission: Submission, message: str) -> SubmissionEvent:
    """受付/審査中 → 補正依頼 (operator).  ``message`` (required) tells the applicant what
    to correct; it is shown on their page and e-mailed."""
    text = _required_text(message, "message", _("補正してほしい内容を入力してください。"))
    return _staff_move(
        actor,
        submission,
        Status.CORRECTION_REQUESTED,
        kind=EventKind.CORRECTION_REQUESTED,
        message=text,
    )


def approve_submission(actor: Any, submission: Submission, message: str = "") -> SubmissionEvent:
    """審査中 → 承認 (approver).  ``message`` (optional) is shown to the applicant."""
    text = _optional_text(message, "message")
    return _staff_move(actor, submission, Status.APPROVED, message=text, dates=("decided_at",))


def reject_submission(actor: Any, submission: Submission, reason: str) -> SubmissionEvent:
    """受付/審査中 → 却下 (approver).  ``reason`` (required) is shown to the applicant."""
    text = _required_text(reason, "reason", _("却下の理由を入力してください。"))
    return _staff_move(actor, submission, Status.REJECTED, message=text, dates=("decided_at",))


def complete_submission(actor: Any, submission: Submission) -> SubmissionEvent:
    """承認 → 完了 (operator): the result was issued or sent."""
    return _staff_move(actor, submission, Status.COMPLETED, dates=("completed_at",))


# ----------------------------------------------------------------------------- staff notes


def assign_submission(actor: Any, submission: Submission, assignee: Any | None) -> SubmissionEvent:
    """Set the 担当者 (``None`` removes it).  The actor needs operator; the assignee any
    role in the submission's department.  Only while the submission is open."""
    if not policies.may_handle(actor, submission.department_code):
        raise PermissionDenied
    if assignee is not None and not policies.may_view(assignee, submission.department_code):
        raise ValidationError(
            {"assignee": _("担当者には、この申請を扱う課の職員を選んでください。")},
            code="assignee_outside",
        )
    with transaction.atomic():
        locked = _lock(submission)
        if locked.status not in OPEN_STATUSES:
            raise ValidationError(
                _("「%(status)s」の申請の担当者は変更できません。")
                % {"status": _status_label(locked.status)},
                code="closed",
            )
        new_id = getattr(assignee, "pk", None)
        if locked.assignee_id == new_id:
            raise ValidationError(
                {"assignee": _("既にその担当者になっています。")}, code="unchanged"
            )
        locked.assignee = assignee
        locked.save(update_fields=["assignee", "updated"])
        message = (
            _("担当者を%(name)sにしました。") % {"name": actor_label(assignee)}
            if assignee is not None
            else _("担当者の割当てを外しました。")
        )
        event = _event(
            locked,
            EventKind.ASSIGNED,
            actor=actor,
            actor_name=actor_label(actor),
            message=message,
            visible=False,
        )
    _sync(submission, locked, ["assignee", "updated"])
    return event


def add_comment(actor: Any, submission: Submission, text: str) -> SubmissionEvent:
    """An internal comment (never shown to the applicant).  Operator."""
    if not policies.may_handle(actor, submission.department_code):
        raise PermissionDenied
    body = _required_text(text, "text", _("コメントを入力してください。"))
    with transaction.atomic():
        locked = _lock(submission)
        return _event(
            locked,
            EventKind.COMMENT,
            actor=actor,
            actor_name=actor_label(actor),
            message=body,
            visible=False,
        )


def message_applicant(actor: Any, submission: Submission, text: str) -> SubmissionEvent:
    """A message to the applicant (shown on their page).  Operator."""
    if not policies.may_handle(actor, submission.department_code):
        raise PermissionDenied
    body = _required_text(text, "text", _("申請者へのお知らせを入力してください。"))
    with transaction.atomic():
        locked = _lock(submission)
        return _event(
            locked,
            EventKind.MESSAGE,
            actor=actor,
            actor_name=actor_label(actor),
            message=body,
            visible=True,
        )


# ----------------------------------------------------------------------------- the applicant


def resubmit_correction(applicant: Any, submission: Submission) -> SubmissionEvent:
    """補正依頼 → 審査中 by the applicant after correcting: one more correction round, and
    the deadline moves to today + the procedure's handling days."""
    _check_applicant(applicant, submission)
    with transaction.atomic():
        locked = _lock(submission)
        _check_applicant(applicant, locked)
        _check_not_stale(submission, locked)
        _check_transition(locked, Status.REVIEWING)
        if locked.status != Status.CORRECTION_REQUESTED:  # pragma: no cover (TRANSITIONS)
            raise ValidationError(_("補正依頼中の申請ではありません。"), code="not_allowed")
        from_status = locked.status
        locked.status = Status.REVIEWING
        locked.correction_rounds += 1
        locked.due_date = timezone.localdate() + datetime.timedelta(
            days=locked.procedure.handling_days
        )
        fields = ["status", "correction_rounds", "due_date"]
        locked.save(update_fields=[*fields, "updated"])
        event = _event(
            locked,
            EventKind.RESUBMITTED,
            actor=applicant,
            actor_name=APPLICANT_NAME,
            visible=True,
            from_status=from_status,
            to_status=str(Status.REVIEWING),
        )
        _announce(locked, from_status, event)
    _sync(submission, locked, [*fields, "updated"])
    return event


def withdraw_submission(
    applicant: Any, submission: Submission, reason: str = ""
) -> SubmissionEvent:
    """受付/審査中/補正依頼 → 取下げ, by the applicant only."""
    _check_applicant(applicant, submission)
    text = _optional_text(reason, "reason")
    with transaction.atomic():
        locked = _lock(submission)
        _check_applicant(applicant, locked)
        _check_not_stale(submission, locked)
        _check_transition(locked, Status.WITHDRAWN)
        from_status = locked.status
        locked.status = Status.WITHDRAWN
        locked.save(update_fields=["status", "updated"])
        event = _event(
            locked,
            EventKind.STATUS,
            actor=applicant,
            actor_name=APPLICANT_NAME,
            message=text,
            visible=True,
            from_status=from_status,
            to_status=str(Status.WITHDRAWN),
        )
        _announce(locked, from_status, event)
    _sync(submission, locked, ["status", "updated"])
    return event


# ----------------------------------------------------------------------------- what the page offers


def allowed_actions(user: Any, submission: Submission) -> set[str]:
    """The workflow actions ``user`` may take on ``submission`` now (for the buttons):
    ``assign``, ``start_review``, ``request_correction``, ``approve``, ``reject``,
    ``complete``, ``comment``, ``message``."""
    code = submission.department_code
    handle = policies.may_handle(user, code)
    decide = policies.may_decide(user, code)
    status = submission.status
    actions: set[str] = set()
    if not handle:
        return actions
    actions |= {"comment", "message"}
    if status in OPEN_STATUSES:
        actions.add("assign")
    moves = {
        "start_review": Status.REVIEWING,
        "request_correction": Status.CORRECTION_REQUESTED,
        "approve": Status.APPROVED,
        "reject": Status.REJECTED,
        "complete": Status.COMPLETED,
    }
    for name, to_status in moves.items():
        who = TRANSITIONS.get((status, to_status))
        if who == "staff" or (who == "approver" and decide):
            actions.add(name)
    return actions
