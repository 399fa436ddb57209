"""Staff inbox of online applications (mounted at /staff/applications/, namespace
``console:applications``): the list with status tabs and filters, one submission with its
answers, attachments, signature and timeline, and the workflow actions.

Views are thin: forms parse, :mod:`yakuba.applications.services.workflow` writes,
:mod:`yakuba.applications.queries.inbox` reads.  Every page showing applicants records
the access (the list for the rows shown, the detail through ``get_submission_for``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from yakuba.identity.decorators import staff_required
from yakuba.identity.permissions import active_roles

from ... import policies
from ...models import ScanStatus, Status, Submission
from ...queries import inbox as queries
from ...services import printing, workflow
from .inbox_forms import (
    ApproveForm,
    AssignForm,
    CommentForm,
    CorrectionForm,
    InboxFilterForm,
    MessageForm,
    RejectForm,
    SeenStatusForm,
)

PAGE_SIZE = 50

STATUS_TAGS = {
    Status.RECEIVED: "info",
    Status.REVIEWING: "info",
    Status.CORRECTION_REQUESTED: "warning",
    Status.APPROVED: "success",
    Status.COMPLETED: "success",
    Status.REJECTED: "error",
    Status.WITHDRAWN: "",
}


def inbox_required(view: Any) -> Any:
    """Verified staff with any role in any department (else 403)."""

    @staff_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policies.may_use_inbox(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("電子申請の受付"), reverse("console:applications:inbox")), *items]


def department_names(user: Any) -> dict[str, str]:
    return {role.org_unit_code: role.org_unit_name for role in active_roles(user)}


def filter_form(request: HttpRequest, data: Any) -> InboxFilterForm:
    user = request.user
    names = department_names(user)
    return InboxFilterForm(
        data,
        departments=[(code, names.get(code, code)) for code in policies.departments_for(user)],
        procedures=list(queries.procedures_for(user)),
        staff=queries.assignee_choices_for(user),
    )


def _query(params: QueryDict, **changes: str) -> str:
    query = params.copy()
    for key, value in changes.items():
        if value:
            query[key] = value
        else:
            query.pop(key, None)
    query.pop("page", None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def row_of(submission: Submission) -> dict[str, Any]:
    return {
        "submission": submission,
        "overdue": queries.is_overdue(submission),
        "tag": STATUS_TAGS.get(submission.status, ""),
    }


# ----------------------------------------------------------------------------- the list


@never_cache
@require_GET
@inbox_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The inbox: tabs per status with counts, filters, rows by due date, 50 a page."""
    form = filter_form(request, request.GET)
    filters = form.filters() if form.is_valid() else {}
    rows = queries.submissions_for(request.user, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    queries.record_list_reads(request, request.user, shown)
    counts = queries.status_counts(request.user, **filters)
    current = filters.get("status") or ""
    tabs = [
        {
            "label": _("すべて"),
            "count": sum(counts.values()),
            "url": _query(request.GET, status=""),
            "current": current == "",
        }
    ] + [
        {
            "label": Status(status).label,
            "count": count,
            "url": _query(request.GET, status=status),
            "current": current == status,
        }
        for status, count in counts.items()
    ]
    export_query = _query(request.GET).lstrip("?")
    return render(
        request,
        "applications/inbox/inbox.html",
        {
            "form": form,
            "page_obj": page,
            "rows": [row_of(submission) for submission in shown],
            "tabs": tabs,
            "export_url": reverse("console:applications:inbox_csv")
            + (f"?{export_query}" if export_query else ""),
            "breadcrumbs": crumbs(),
        },
    )


# ----------------------------------------------------------------------------- one submission


def _attachments(submission: Submission) -> list[dict[str, Any]]:
    try:
        from ...services.attachments import format_size, type_label
    except ImportError:  # pragma: no cover - the attachments part is there

        def format_size(size: int) -> str:
            return f"{size:,} B"

        def type_label(content_type: str) -> str:
            return content_type

    return [
        {
            "attachment": attachment,
            "type": type_label(attachment.content_type),
            "size": format_size(attachment.size),
            "downloadable": attachment.scan_status != ScanStatus.INFECTED,
            "scan_tag": {
                ScanStatus.CLEAN: "success",
                ScanStatus.INFECTED: "error",
                ScanStatus.FAILED: "warning",
            }.get(attachment.scan_status, ""),
        }
        for attachment in queries.attachments_of(submission)
    ]


def action_forms(submission: Submission, staff: list[Any], **bound: Any) -> dict[str, Any]:
    seen = {"seen_status": submission.status}
    current = getattr(submission.assignee, "pk", None)
    return {
        "assign": bound.get("assign")
        or AssignForm(
            prefix="assign",
            staff=staff,
            initial={**seen, "assignee": str(current) if current else ""},
        ),
        "start_review": bound.get("start_review")
        or SeenStatusForm(prefix="start_review", initial=seen),
        "request_correction": bound.get("request_correction")
        or CorrectionForm(prefix="request_correction", initial=seen),
        "approve": bound.get("approve") or ApproveForm(prefix="approve", initial=seen),
        "reject": bound.get("reject") or RejectForm(prefix="reject", initial=seen),
        "complete": bound.get("complete") or SeenStatusForm(prefix="complete", initial=seen),
        "comment": bound.get("comment") or CommentForm(prefix="comment"),
        "message": bound.get("message") or MessageForm(prefix="message"),
    }


def detail_context(request: HttpRequest, submission: Submission, **bound: Any) -> dict[str, Any]:
    user = request.user
    staff = queries.department_staff(submission.department_code)
    allowed = workflow.allowed_actions(user, submission)
    return {
        "submission": submission,
        "row": row_of(submission),
        "department_name": department_names(user).get(
            submission.department_code, submission.department_code
        ),
        "answers": queries.answer_rows(submission),
        "signature": printing.signature_verdict(submission),
        "attachments": _attachments(submission),
        "timeline": queries.timeline_of(submission),
        "allowed": allowed,
        "may_assign_self": "assign" in allowed and submission.assignee_id != user.pk,
        "forms": action_forms(submission, staff, **bound),
        "breadcrumbs": crumbs((str(submission.reference), "")),
    }


@never_cache
@require_GET
@inbox_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = queries.get_submission_for(request.user, pk, request=request)
    return render(
        request, "applications/inbox/submission_detail.html", detail_context(request, submission)
    )


# ----------------------------------------------------------------------------- actions


def _as_seen(submission: Submission, form: Any) -> Submission:
    """The submission as the page showed it (the service refuses a stale status)."""
    submission.status = form.cleaned_data["seen_status"]
    return submission


def _add_error(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _act(
    request: HttpRequest,
    pk: int,
    name: str,
    form_class: Any,
    call: Any,
    done: str,
) -> HttpResponse:
    """Parse the action's form, call the service, redirect; re-render with errors (400)."""
    submission = queries.get_submission_for(
        request.user, pk, request=request, fields=queries.ACTION_FIELDS
    )
    options = (
        {"staff": queries.department_staff(submission.department_code)}
        if form_class is AssignForm
        else {}
    )
    form = form_class(request.POST, prefix=name, **options)
    if form.is_valid():
        try:
            if "seen_status" in form.fields:
                _as_seen(submission, form)
            call(request.user, submission, form)
        except ValidationError as error:
            if error.code in ("stale", "not_allowed", "applicant_only", "closed"):
                # The page was out of date: show the submission as it is now, with why.
                messages.error(request, " ".join(error.messages))
                return redirect("console:applications:submission_detail", pk=submission.pk)
            _add_error(form, error)
        else:
            messages.success(request, done)
            return redirect("console:applications:submission_detail", pk=submission.pk)
    # The page is shown again with the error: its read is recorded like the detail's.
    submission = queries.get_submission_for(request.user, pk, request=request)
    return render(
        request,
        "applications/inbox/submission_detail.html",
        {**detail_context(request, submission, **{name: form}), "failed_form": form},
        status=400,
    )


@never_cache
@require_POST
@inbox_required
def submission_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """The 担当者 form, and the 「自分が担当する」 button (the same fields, hidden)."""
    return _act(
        request,
        pk,
        "assign",
        AssignForm,
        lambda user, s, form: workflow.assign_submission(user, s, form.chosen()),
        _("担当者を変更しました。"),
    )


@never_cache
@require_POST
@inbox_required
def submission_start_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "start_review",
        SeenStatusForm,
        lambda user, s, form: workflow.start_review(user, s),
        _("審査中にしました。"),
    )


@never_cache
@require_POST
@inbox_required
def submission_request_correction(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "request_correction",
        CorrectionForm,
        lambda user, s, form: workflow.request_correction(user, s, form.cleaned_data["message"]),
        _("補正を依頼しました。申請者にメールで知らせます。"),
    )


@never_cache
@require_POST
@inbox_required
def submission_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "approve",
        ApproveForm,
        lambda user, s, form: workflow.approve_submission(user, s, form.cleaned_data["message"]),
        _("承認しました。申請者にメールで知らせます。"),
    )


@never_cache
@require_POST
@inbox_required
def submission_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "reject",
        RejectForm,
        lambda user, s, form: workflow.reject_submission(user, s, form.cleaned_data["reason"]),
        _("却下しました。申請者にメールで知らせます。"),
    )


@never_cache
@require_POST
@inbox_required
def submission_complete(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "complete",
        SeenStatusForm,
        lambda user, s, form: workflow.complete_submission(user, s),
        _("完了にしました。"),
    )


@never_cache
@require_POST
@inbox_required
def submission_comment(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "comment",
        CommentForm,
        lambda user, s, form: workflow.add_comment(user, s, form.cleaned_data["text"]),
        _("コメントを追加しました。"),
    )


@never_cache
@require_POST
@inbox_required
def submission_message(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "message",
        MessageForm,
        lambda user, s, form: workflow.message_applicant(user, s, form.cleaned_data["text"]),
        _("申請者へのお知らせを送りました。"),
    )


# ----------------------------------------------------------------------------- dashboard


def dashboard_panel(request: HttpRequest) -> dict[str, Any] | None:
    """The staff dashboard panel: open and overdue submissions of the user's departments."""
    if not policies.may_use_inbox(request.user):
        return None
    return queries.inbox_summary(request.user)
