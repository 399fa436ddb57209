"""Starting a draft and filling in its pages (works without JavaScript).

``filling_start``  GET: what the applicant needs and a 「申請を始める」 button; POST: the
                   draft is created or resumed (:func:`~..services.filling.start_draft`)
                   and the browser goes to its current page.
``filling_resume`` a draft's current page (マイページ links here).
``filling_page``   one page.  GET shows the saved answers, or what was typed on it last
                   time if that did not validate (with its errors).  POST buttons:
                   「次へ」 (``navigate=next``), 「戻る」 (``back``), 「一時保存」 (``save``),
                   and the repeating groups' add/delete buttons (the page comes back
                   with one more or one fewer item, nothing saved yet).  An invalid page
                   is shown again with its errors (200) and what was typed is kept;
                   「戻る」 never loses input.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ...models import IdentityLevel, Submission
from ...queries.catalogue import get_published_procedure
from ...schema import build_page_form
from ...services import filling
from ...services.attachments import attachment_names
from .filling_common import (
    auth_method,
    breadcrumbs,
    draft_for,
    page_language,
    procedure_title,
    procedure_url,
    steps,
)

NAVIGATE = "navigate"


# ----------------------------------------------------------------------------- start


@never_cache
@require_http_methods(["GET", "POST"])
def filling_start(request: HttpRequest, procedure_code: str) -> HttpResponse:
    # Unpublished, unknown or without a published form: 404, as in the catalogue.
    procedure = get_published_procedure(procedure_code)
    language = page_language()
    refusal = ""
    try:
        filling.check_open(procedure)
        filling.check_identity(request.user, procedure)
    except ValidationError as error:
        if error.code == "login_required":
            return redirect_to_login(
                reverse("portal:applications:filling_start", args=[procedure.code]),
                reverse("portal:login"),
            )
        if error.code == "email_unverified":
            return redirect("portal:verification_required")
        refusal = error.messages[0]
    if request.method == "POST" and not refusal:
        try:
            submission = filling.start_draft(
                request.user,
                procedure,
                session=request.session,
                auth_method=auth_method(request),
                language=language,
            )
        except ValidationError as error:
            refusal = error.messages[0]
        else:
            return redirect(_current_page_url(submission))
    title = procedure_title(procedure, language)
    start_url = reverse("portal:applications:filling_start", args=[procedure.code])
    return render(
        request,
        "applications/filling/start.html",
        {
            "procedure": procedure,
            "title": title,
            "refusal": refusal,
            "procedure_url": procedure_url(procedure),
            "is_card": procedure.identity_level == IdentityLevel.CARD,
            "is_anonymous_level": procedure.identity_level == IdentityLevel.NONE,
            "card_login": auth_method(request) == filling.CARD_LOGIN,
            "needs_card_link": not refusal
            and procedure.identity_level == IdentityLevel.CARD
            and not filling.has_linked_resident(request.user),
            "card_login_url": f"{reverse('portal:card_login')}?{urlencode({'next': start_url})}",
            "has_draft": not refusal
            and filling.find_draft(request.user, request.session, procedure) is not None,
            "breadcrumbs": breadcrumbs(procedure, language, _("申請の開始")),
        },
        status=403 if refusal else 200,
    )


def _current_page_url(submission: Submission) -> str:
    definition = filling.definition_of(submission)
    page_key = submission.current_page
    if page_key not in definition.page_keys:
        page_key = definition.page_keys[0]
    return reverse("portal:applications:filling_page", args=[submission.draft_key, page_key])


@never_cache
def filling_resume(request: HttpRequest, draft_key: str) -> HttpResponse:
    submission = draft_for(request, draft_key, drafts_only=False)
    if not submission.is_draft:
        return redirect("portal:applications:filling_done", submission.draft_key)
    return redirect(_current_page_url(submission))


# ----------------------------------------------------------------------------- pages


def _page_form(
    request: HttpRequest,
    submission: Submission,
    definition: Any,
    page_key: str,
    *,
    data: Any = None,
    files: Any = None,
) -> Any:
    return build_page_form(
        definition,
        page_key,
        data=data,
        files=files,
        answers=submission.answers or {},
        language=page_language(),
        prefilled=list(submission.prefilled_fields or []),
        attachments=attachment_names(submission),
    )


def _neighbours(definition: Any, page_key: str) -> tuple[str | None, str | None]:
    keys = definition.page_keys
    index = keys.index(page_key)
    previous = keys[index - 1] if index > 0 else None
    following = keys[index + 1] if index + 1 < len(keys) else None
    return previous, following


def _render_page(
    request: HttpRequest,
    submission: Submission,
    definition: Any,
    page_key: str,
    form: Any,
    *,
    status: int = 200,
) -> HttpResponse:
    language = page_language()
    page = definition.page(page_key)
    previous, following = _neighbours(definition, page_key)
    step_list = steps(definition, page_key, language)
    current = next(step for step in step_list if step.is_current)
    title = procedure_title(submission.procedure, language)
    return render(
        request,
        "applications/filling/page.html",
        {
            "submission": submission,
            "procedure": submission.procedure,
            "title": title,
            "page": page,
            "page_title": page.title(language),
            "page_key": page_key,
            "form": form,
            "steps": step_list,
            "step": current,
            "step_count": len(step_list),
            "has_previous": previous is not None,
            "is_last_page": following is None,
            "prefilled": [key for key in submission.prefilled_fields or [] if key in page.fields],
            "is_anonymous_draft": submission.applicant_id is None,
            "breadcrumbs": breadcrumbs(submission.procedure, language, page.title(language)),
        },
        status=status,
    )


def _group_action(form: Any) -> bool:
    """Whether the POST was a repeating group's add/delete button (the engine re-shapes
    the page; nothing is validated or saved)."""
    return bool(getattr(form, "group_action", None))


@never_cache
@require_http_methods(["GET", "POST"])
def filling_page(request: HttpRequest, draft_key: str, page_key: str) -> HttpResponse:
    submission = draft_for(request, draft_key, drafts_only=False)
    if not submission.is_draft:
        # Sent already (the back button after 「申請する」, another tab).
        return redirect("portal:applications:filling_done", submission.draft_key)
    definition = filling.definition_of(submission)
    if page_key not in definition.page_keys:
        raise Http404
    if request.method == "GET":
        pending = (submission.pending_input or {}).get(page_key)
        data = MultiValueDict(pending) if pending else None
        form = _page_form(request, submission, definition, page_key, data=data)
        if data is not None:
            form.is_valid()  # show the errors of what was typed last time
        return _render_page(request, submission, definition, page_key, form)

    action = request.POST.get(NAVIGATE, "next")
    form = _page_form(
        request, submission, definition, page_key, data=request.POST, files=request.FILES
    )
    if _group_action(form):
        filling.keep_pending_input(submission, page_key, request.POST)
        return _render_page(request, submission, definition, page_key, form)
    previous, following = _neighbours(definition, page_key)
    valid = form.is_valid()
    try:
        # What is valid is saved (and chosen files stored) even when the page is not:
        # 「戻る」 or an error never loses what was typed.
        submission = filling.save_page(request.user, submission, page_key, form)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):  # sent meanwhile from another tab
            return redirect("portal:applications:filling_done", submission.draft_key)
        valid = False
        for field_key, field_messages in error.message_dict.items():
            for message in field_messages:
                form.add_error(field_key if field_key in form.fields else None, message)
    if not valid:
        try:
            filling.keep_pending_input(submission, page_key, request.POST)
        except ValidationError:  # sent meanwhile from another tab
            return redirect("portal:applications:filling_done", submission.draft_key)
        if action == "back":
            messages.warning(
                request,
                _(
                    "「%(page)s」の入力内容には誤りがありますが、入力した内容は保存しました。"
                    "送信の前に直してください。"
                )
                % {"page": definition.page(page_key).title(page_language())},
            )
            return _go_back(submission, previous)
        if action == "save":
            messages.warning(
                request,
                _("入力途中の内容を一時保存しました。誤りのある項目は送信の前に直してください。"),
            )
        return _render_page(request, submission, definition, page_key, form)
    if action == "back":
        return _go_back(submission, previous)
    if action == "save":
        messages.success(request, _save_message(submission))
        return redirect("portal:applications:filling_page", submission.draft_key, page_key)
    if following is None:
        return redirect("portal:applications:filling_review", submission.draft_key)
    return redirect("portal:applications:filling_page", submission.draft_key, following)


def _go_back(submission: Submission, previous: str | None) -> HttpResponse:
    if previous is None:
        url = procedure_url(submission.procedure)
        if url:
            return redirect(url)
        return redirect(
            "portal:applications:filling_page", submission.draft_key, submission.current_page
        )
    return redirect("portal:applications:filling_page", submission.draft_key, previous)


def _save_message(submission: Submission) -> str:
    if submission.applicant_id is None:
        return _("一時保存しました。このブラウザを閉じるまで、続きから入力できます。")
    return _("一時保存しました。マイページの「電子申請」から、いつでも続きを入力できます。")
