"""マイページ 「電子申請」: the citizen's own applications and one application's page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yakuba.identity.decorators import citizen_required

from ...models import IdentityLevel, Status
from ...queries import mine as queries
from .mine_display import answer_rows, catalogue_url, continue_url, procedure_title, status_kind


def submission_row(submission) -> dict:
    return {
        "submission": submission,
        "procedure": procedure_title(submission),
        "status_kind": status_kind(submission.status),
    }


@never_cache
@citizen_required
@require_http_methods(["GET", "HEAD"])
def mine_list(request: HttpRequest) -> HttpResponse:
    drafts = [
        {**submission_row(draft), "continue_url": continue_url(draft)}
        for draft in queries.drafts_for(request.user)
    ]
    return render(
        request,
        "applications/mine/mine_list.html",
        {
            "drafts": drafts,
            "submitted": [submission_row(s) for s in queries.submitted_for(request.user)],
            "catalogue_url": catalogue_url(),
        },
    )


@never_cache
@citizen_required
@require_http_methods(["GET", "HEAD"])
def mine_detail(request: HttpRequest, reference: str) -> HttpResponse:
    submission = queries.get_submission_for(request.user, reference)
    correcting = submission.status == Status.CORRECTION_REQUESTED
    return render(
        request,
        "applications/mine/mine_detail.html",
        {
            "submission": submission,
            "procedure": procedure_title(submission),
            "status_kind": status_kind(submission.status),
            "rows": answer_rows(submission),
            "timeline": queries.timeline_for(submission),
            "messages_from_staff": queries.messages_for(submission),
            "correction_message": queries.correction_request_for(submission),
            "may_correct": correcting,
            "may_withdraw": submission.status
            in (Status.RECEIVED, Status.REVIEWING, Status.CORRECTION_REQUESTED),
            "card_level": submission.identity_level == IdentityLevel.CARD,
            "first_page": _first_page(submission),
        },
    )


def _first_page(submission) -> str:
    from ...schema import FormDefinition

    return FormDefinition.of(submission.form_version).page_keys[0]
