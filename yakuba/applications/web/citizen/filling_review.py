"""Reviewing, submitting and the 「申請を受け付けました」 page.

``filling_review``  every answer, page by page, each with a 「修正する」 link; the identity
                    level, the fee and what happens next; problems found by the whole-form
                    validation are listed with links to their pages.
``filling_submit``  POST.  Identity level ``card``: on to the card signing page of the
                    マイページ part (which calls ``submit_draft`` with the signature).
                    Otherwise :func:`~..services.filling.submit_draft`; a second POST (double
                    click, back button, another tab) lands on the done page of the same
                    application.
``filling_done``    受付番号, what happens next, link to マイページ.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ...models import IdentityLevel, Submission
from ...schema import display_rows, validate_answers
from ...services import filling
from .filling_common import (
    REVIEW_STEP,
    auth_method,
    breadcrumbs,
    draft_for,
    mine_url,
    page_language,
    procedure_title,
    sign_url,
    steps,
)


def _attachment_names(submission: Submission) -> dict[int, str]:
    from ...services.attachments import attachment_names

    return attachment_names(submission)


def _sections(
    submission: Submission, definition: Any, errors: dict[str, list[str]], language: str
) -> list[dict[str, Any]]:
    answers = submission.answers or {}
    rows = display_rows(
        definition,
        answers,
        language=language,
        attachments=_attachment_names(submission),
        prefilled=submission.prefilled_fields or [],
    )
    grouped = filling.errors_by_page(definition, errors)
    sections = []
    for page in definition.pages:
        page_rows = [row for row in rows if row.page == page.key]
        sections.append(
            {
                "key": page.key,
                "title": page.title(language),
                "rows": page_rows,
                "errors": [
                    (
                        definition.fields[key].title(language) if key in definition.fields else "",
                        message,
                    )
                    for key, field_messages in grouped.get(page.key, {}).items()
                    for message in field_messages
                ],
                "edit_url": reverse(
                    "portal:applications:filling_page", args=[submission.draft_key, page.key]
                ),
            }
        )
    return sections


def _review(
    request: HttpRequest,
    submission: Submission,
    *,
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    language = page_language()
    definition = filling.definition_of(submission)
    if errors is None:
        errors = validate_answers(definition, submission.answers or {}, language=language)
    step_list = steps(definition, REVIEW_STEP, language)
    procedure = submission.procedure
    title = procedure_title(procedure, language)
    return render(
        request,
        "applications/filling/review.html",
        {
            "submission": submission,
            "procedure": procedure,
            "title": title,
            "sections": _sections(submission, definition, errors, language),
            "has_errors": bool(errors),
            "steps": step_list,
            "step": step_list[-1],
            "step_count": len(step_list),
            "last_page_key": definition.page_keys[-1],
            "is_card": procedure.identity_level == IdentityLevel.CARD,
            "identity_level_label": IdentityLevel(procedure.identity_level).label,
            "fee_note": (
                procedure.fee_note_en
                if language == "en" and procedure.fee_note_en
                else procedure.fee_note
            ),
            "breadcrumbs": breadcrumbs(procedure, language, _("入力内容の確認")),
        },
        status=status,
    )


@never_cache
@require_GET
def filling_review(request: HttpRequest, draft_key: str) -> HttpResponse:
    submission = draft_for(request, draft_key, drafts_only=False)
    if not submission.is_draft:
        return redirect("portal:applications:filling_done", submission.draft_key)
    return _review(request, submission)


@never_cache
@require_POST
def filling_submit(request: HttpRequest, draft_key: str) -> HttpResponse:
    submission = draft_for(request, draft_key, drafts_only=False)
    if not submission.is_draft:
        return redirect("portal:applications:filling_done", submission.draft_key)
    if (
        submission.procedure.identity_level == IdentityLevel.CARD
        and submission.applicant_id is not None
    ):
        definition = filling.definition_of(submission)
        errors = validate_answers(definition, submission.answers or {}, language=page_language())
        if errors:
            return _review(request, submission, errors=errors)
        url = sign_url(submission)
        if url:
            return redirect(url)
        return _review(request, submission, errors={"__all__": [_("電子署名の画面を準備中です。")]})
    try:
        submission = filling.submit_draft(
            request.user, submission, auth_method=auth_method(request)
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            return _review(request, submission, errors=error.message_dict)
        return _review(request, submission, errors={"__all__": error.messages})
    return redirect("portal:applications:filling_done", submission.draft_key)


@never_cache
@require_GET
def filling_done(request: HttpRequest, draft_key: str) -> HttpResponse:
    submission = draft_for(request, draft_key, drafts_only=False)
    if submission.is_draft:
        return redirect("portal:applications:filling_review", submission.draft_key)
    language = page_language()
    procedure = submission.procedure
    title = procedure_title(procedure, language)
    return render(
        request,
        "applications/filling/done.html",
        {
            "submission": submission,
            "procedure": procedure,
            "title": title,
            "mine_url": mine_url(submission) if submission.applicant_id else "",
            "breadcrumbs": breadcrumbs(procedure, language, _("申請の完了")),
        },
    )
