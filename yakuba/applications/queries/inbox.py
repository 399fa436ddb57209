"""Staff reads of submitted applications (the inbox), scoped to the user's departments.

Every queryset starts from :func:`submissions_for`, narrowed to the departments in which
the user holds at least viewer (``policies.departments_for``); drafts are never shown.
Pages that show applicants' names call :func:`record_list_reads` for the rows shown;
:func:`get_submission_for` records the read of one submission itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.http import Http404, HttpRequest
from django.utils import timezone

from .. import policies
from ..access import record_submission_reads
from ..models import (
    OPEN_STATUSES,
    Attachment,
    Procedure,
    Status,
    Submission,
    SubmissionEvent,
)

#: What an inbox row shows (the access record's fields).
LIST_FIELDS = ("受付番号", "申請者氏名", "手続き", "状態")
#: What the detail page, the PDF and the CSV export show.
DETAIL_FIELDS = ("受付番号", "申請者氏名", "申請内容", "添付書類", "電子署名", "処理経過")
ATTACHMENT_FIELDS = ("添付書類",)
#: What a workflow action reads (the page it redirects to records the rest).
ACTION_FIELDS = ("受付番号", "状態")

#: ``assignee`` filter values besides a staff member's id.
ASSIGNEE_ME = "me"
ASSIGNEE_NONE = "none"

#: ``order`` values: due date first (default), or newest / oldest submission first.
ORDERS = {
    "due": ("due_date", "submitted_at", "pk"),
    "-due": ("-due_date", "-submitted_at", "-pk"),
    "submitted": ("submitted_at", "pk"),
    "-submitted": ("-submitted_at", "-pk"),
}


def _visible(user: Any) -> QuerySet[Submission]:
    codes = policies.departments_for(user)
    if not codes:
        return Submission.objects.none()
    return Submission.objects.filter(department_code__in=codes).exclude(status=Status.DRAFT)


def _fold(text: str) -> str:
    return "".join(text.split())


def submissions_for(
    user: Any,
    *,
    department: str | None = None,
    status: str | None = None,
    procedure: Procedure | int | None = None,
    assignee: Any = None,
    overdue: bool = False,
    search: str = "",
    order: str = "due",
) -> QuerySet[Submission]:
    """Submitted applications of the user's departments, filtered.

    ``assignee``: ``"me"``, ``"none"`` (未割当), a user or a user id.  ``overdue``: the
    deadline has passed (``due_date`` before today) and the city still has to act
    (``OPEN_STATUSES``).  ``search``: part of the 受付番号 or of the applicant's name
    (spaces ignored)."""
    rows = _visible(user).select_related("procedure", "assignee")
    if department:
        rows = rows.filter(department_code=department)
    if status:
        rows = rows.filter(status=status)
    if procedure:
        rows = rows.filter(procedure_id=getattr(procedure, "pk", procedure))
    if assignee == ASSIGNEE_ME:
        rows = rows.filter(assignee_id=getattr(user, "pk", None))
    elif assignee == ASSIGNEE_NONE:
        rows = rows.filter(assignee__isnull=True)
    elif assignee:
        rows = rows.filter(assignee_id=getattr(assignee, "pk", assignee))
    if overdue:
        rows = overdue_filter(rows)
    folded = _fold(search or "")
    if folded:
        rows = rows.annotate(
            folded_name=Replace(
                Replace("applicant_name", Value(" "), Value("")), Value("\u3000"), Value("")
            )
        ).filter(Q(reference__icontains=folded) | Q(folded_name__icontains=folded))
    return rows.order_by(*ORDERS.get(order, ORDERS["due"]))


def overdue_filter(rows: QuerySet[Submission]) -> QuerySet[Submission]:
    return rows.filter(due_date__lt=timezone.localdate(), status__in=OPEN_STATUSES)


def is_overdue(submission: Submission) -> bool:
    return bool(
        submission.due_date
        and submission.status in OPEN_STATUSES
        and submission.due_date < timezone.localdate()
    )


def status_counts(user: Any, **filters: Any) -> dict[str, int]:
    """Count per status (the inbox tabs) under the other filters; every status present."""
    filters.pop("status", None)
    filters.pop("order", None)
    rows = submissions_for(user, **filters).order_by()
    counts = {
        row["status"]: row["count"] for row in rows.values("status").annotate(count=Count("pk"))
    }
    return {status: counts.get(status, 0) for status in Status.values if status != Status.DRAFT}


def inbox_summary(user: Any) -> dict[str, int]:
    """Open and overdue submissions of the user's departments (the dashboard panel)."""
    rows = _visible(user).filter(status__in=OPEN_STATUSES)
    today = timezone.localdate()
    return rows.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        unassigned=Count("pk", filter=Q(assignee__isnull=True)),
    )


def record_list_reads(request: HttpRequest | None, user: Any, rows: Iterable[Submission]) -> int:
    """The access record of a list page: the applicants' names shown."""
    return record_submission_reads(request, user, [row.pk for row in rows], LIST_FIELDS)


def get_submission_for(
    user: Any, pk: int, *, request: HttpRequest | None, fields: Iterable[str] = DETAIL_FIELDS
) -> Submission:
    """One submission the user may see (else 404), its read recorded."""
    submission = (
        _visible(user)
        .select_related("procedure", "form_version", "assignee", "applicant")
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404
    record_submission_reads(request, user, [submission.pk], fields)
    return submission


def get_attachment_for(
    user: Any, submission_pk: int, attachment_pk: int, *, request: HttpRequest | None
) -> Attachment:
    """One attachment of a submission the user may see (else 404), the read recorded."""
    submission = get_submission_for(user, submission_pk, request=request, fields=ATTACHMENT_FIELDS)
    attachment = Attachment.objects.filter(submission=submission, pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return attachment


def attachments_of(submission: Submission) -> list[Attachment]:
    return list(Attachment.objects.filter(submission=submission).order_by("pk"))


def timeline_of(submission: Submission) -> list[SubmissionEvent]:
    """All events, oldest first (staff see internal comments too); each has
    ``from_label`` and ``to_label`` (the statuses' names)."""
    rows = list(SubmissionEvent.objects.filter(submission=submission).order_by("created", "pk"))
    for row in rows:
        row.from_label = status_label(row.from_status)  # type: ignore[attr-defined]
        row.to_label = status_label(row.to_status)  # type: ignore[attr-defined]
    return rows


def status_label(status: str) -> str:
    try:
        return str(Status(status).label)
    except ValueError:
        return status


def procedures_for(user: Any) -> QuerySet[Procedure]:
    """The procedures of the user's departments (the inbox's procedure filter)."""
    return Procedure.objects.filter(department_code__in=policies.departments_for(user)).order_by(
        "department_code", "title"
    )


def department_staff(code: str) -> list[Any]:
    """Staff holding any role in department ``code`` today (possible assignees)."""
    from yakuba.identity.models import Assignment

    today = timezone.localdate()
    ids = (
        Assignment.objects.active_on(today)
        .filter(org_unit__code=code)
        .values_list("user_id", flat=True)
    )
    return list(
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .order_by("display_name", "email")
    )


def assignee_choices_for(user: Any) -> list[Any]:
    """Staff of all the user's departments (the inbox's assignee filter)."""
    seen: dict[int, Any] = {}
    for code in policies.departments_for(user):
        for member in department_staff(code):
            seen.setdefault(member.pk, member)
    return sorted(seen.values(), key=lambda member: (member.display_name, member.email))


# ----------------------------------------------------------------------------- answers shown


def attachment_names(submission: Submission) -> dict[int, str]:
    return dict(Attachment.objects.filter(submission=submission).values_list("pk", "original_name"))


def _flatten(rows: list[Any], prefix: str = "") -> list[Any]:
    """A repeating group's items as rows of their own, labelled 「子ども 1: 氏名」."""
    from ..schema import DisplayRow

    flat = []
    for row in rows:
        label = f"{prefix}{row.label}"
        flat.append(
            DisplayRow(row.key, label, row.text, row.label_lang, row.empty, row.prefilled, row.page)
        )
        for item in row.rows:
            flat.extend(_flatten(item.rows, prefix=f"{item.label}: "))
    return flat


def answer_rows(submission: Submission) -> list[Any]:
    """The answers as staff read them (``schema.DisplayRow``: ``label``, ``text``,
    ``prefilled`` for the fields filled from the registry), groups flattened."""
    from ..schema import FormDefinition, display_rows

    rows = display_rows(
        FormDefinition.of(submission.form_version),
        submission.answers or {},
        language="ja",
        attachments=attachment_names(submission),
        prefilled=submission.prefilled_fields or (),
    )
    return _flatten(rows)


def csv_answer_columns(form_version: Any) -> list[str]:
    """The answer headers of a procedure's CSV (``schema.csv_columns``)."""
    from ..schema import FormDefinition, csv_columns

    return [header for _key, header in csv_columns(FormDefinition.of(form_version))]


def csv_answer_values(submission: Submission, form_version: Any) -> list[str]:
    """The answer cells of one submission, read with ``form_version`` (by field key)."""
    from ..schema import FormDefinition, csv_values

    return csv_values(
        FormDefinition.of(form_version),
        submission.answers or {},
        attachments=attachment_names(submission),
    )


def record_export_reads(request: HttpRequest | None, user: Any, rows: QuerySet[Submission]) -> int:
    """The access record of an export or print run: every submission in it."""
    ids = list(rows.order_by().values_list("pk", flat=True))
    return record_submission_reads(request, user, ids, DETAIL_FIELDS)
