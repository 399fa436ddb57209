"""Reads of the applicant's own applications (マイページ 「電子申請」).

Every query is scoped to the signed-in citizen: a submission of anyone else — or any
submission for a staff account — is ``Http404``, never a 403 that would confirm it exists.
The timeline shows the status changes and what staff chose to tell the applicant
(``visible_to_applicant``); internal comments never leave this module's staff pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from ..models import EventKind, Status, Submission, SubmissionEvent

#: Timeline kinds the applicant always sees (the bare fact; the message only when visible).
APPLICANT_KINDS = (
    EventKind.SUBMITTED,
    EventKind.STATUS,
    EventKind.CORRECTION_REQUESTED,
    EventKind.RESUBMITTED,
)


def _is_citizen(user: Any) -> bool:
    return getattr(user, "kind", None) == "citizen" and bool(getattr(user, "pk", None))


def own_submissions(user: Any) -> QuerySet[Submission]:
    """Every submission of ``user`` (drafts included); none for anyone but a citizen."""
    if not _is_citizen(user):
        return Submission.objects.none()
    return Submission.objects.filter(applicant_id=user.pk).select_related(
        "procedure", "form_version"
    )


def drafts_for(user: Any) -> list[Submission]:
    """The citizen's drafts, the most recently edited first."""
    return list(own_submissions(user).filter(status=Status.DRAFT).order_by("-updated", "-pk"))


def submitted_for(user: Any, *, limit: int | None = None) -> list[Submission]:
    """The citizen's submitted applications, newest first."""
    rows = own_submissions(user).exclude(status=Status.DRAFT).order_by("-submitted_at", "-pk")
    return list(rows[:limit] if limit else rows)


def get_submission_for(user: Any, reference: str) -> Submission:
    """One submitted application of the citizen by its 受付番号, else ``Http404``."""
    submission = (
        own_submissions(user).exclude(status=Status.DRAFT).filter(reference=reference).first()
    )
    if submission is None:
        raise Http404
    return submission


def get_draft_for(user: Any, draft_key: str) -> Submission:
    """One draft of the citizen by its draft key, else ``Http404``."""
    submission = own_submissions(user).filter(status=Status.DRAFT, draft_key=draft_key).first()
    if submission is None:
        raise Http404
    return submission


def submitted_by_draft_key(user: Any, draft_key: str) -> Submission | None:
    """The citizen's application that was the draft ``draft_key`` once submitted (so a
    second post of the sign page, or the back button, lands on the done page)."""
    return own_submissions(user).exclude(status=Status.DRAFT).filter(draft_key=draft_key).first()


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    kind_label: str
    to_status: str
    to_status_label: str
    message: str
    when: Any


def timeline_for(submission: Submission) -> list[TimelineEntry]:
    """What the applicant sees of the timeline, oldest first (never an internal comment)."""
    rows = (
        SubmissionEvent.objects.filter(submission=submission)
        .exclude(kind=EventKind.COMMENT)
        .filter(Q(visible_to_applicant=True) | Q(kind__in=APPLICANT_KINDS))
        .order_by("created", "pk")
    )
    labels = dict(Status.choices)
    return [
        TimelineEntry(
            kind=row.kind,
            kind_label=str(EventKind(row.kind).label),
            to_status=row.to_status,
            to_status_label=str(labels.get(row.to_status, "")),
            message=row.message if row.visible_to_applicant else "",
            when=row.created,
        )
        for row in rows
    ]


def messages_for(submission: Submission) -> list[SubmissionEvent]:
    """The staff's messages to the applicant (お知らせ), oldest first."""
    return list(
        SubmissionEvent.objects.filter(
            submission=submission, kind=EventKind.MESSAGE, visible_to_applicant=True
        ).order_by("created", "pk")
    )


def correction_request_for(submission: Submission) -> str:
    """The message of the open 補正依頼 ('' unless the application waits for a correction)."""
    if submission.status != Status.CORRECTION_REQUESTED:
        return ""
    row = (
        SubmissionEvent.objects.filter(submission=submission)
        .filter(
            Q(kind=EventKind.CORRECTION_REQUESTED)
            | Q(kind=EventKind.STATUS, to_status=Status.CORRECTION_REQUESTED)
        )
        .exclude(message="")
        .order_by("-created", "-pk")
        .first()
    )
    return row.message if row is not None else ""


def latest_for(user: Any, *, limit: int = 3) -> list[Submission]:
    """The citizen's latest applications for the マイページ card."""
    return submitted_for(user, limit=limit)
