"""Correcting and resubmitting an application after a 補正依頼, and withdrawing one.

``/apply/mine/<reference>/correct/<page_key>/`` reopens the answers page by page in the
engine's page forms; ``…/resubmit/`` shows the corrected answers and resubmits them (a
card-level application is signed again); ``…/withdraw/`` asks for confirmation first."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from yakuba.identity.decorators import citizen_required

from ...models import Attachment, IdentityLevel, Status
from ...queries import mine as queries
from ...schema import FormDefinition
from ...schema.pageforms import build_page_form
from ...services import corrections, workflow
from .mine_display import answer_rows, language, procedure_title
from .mine_forms import WithdrawForm
from .mine_sign import sign_context, sign_form, signature_from


def _correcting(request: HttpRequest, reference: str):
    submission = queries.get_submission_for(request.user, reference)
    if submission.status != Status.CORRECTION_REQUESTED:
        return submission, False
    return submission, True


def _attachment_names(submission) -> dict[int, str]:
    return dict(Attachment.objects.filter(submission=submission).values_list("pk", "original_name"))


@never_cache
@citizen_required
@require_http_methods(["GET", "POST"])
def mine_correct(request: HttpRequest, reference: str, page_key: str) -> HttpResponse:
    submission, correcting = _correcting(request, reference)
    if not correcting:
        messages.info(request, _("この申請は補正依頼中ではないため、修正できません。"))
        return redirect("portal:applications:mine_detail", submission.reference)
    definition = FormDefinition.of(submission.form_version)
    if page_key not in definition.page_keys:
        raise Http404
    lang = language()
    options = {
        "answers": submission.answers or {},
        "language": lang,
        "attachments": _attachment_names(submission),
    }
    if request.method == "POST":
        form = build_page_form(
            definition, page_key, data=request.POST, files=request.FILES, **options
        )
        if form.group_action is None and form.is_valid():
            try:
                corrections.save_correction_page(request.user, submission, page_key, form)
            except ValidationError as error:
                for key, problems in error.message_dict.items():
                    for problem in problems:
                        form.add_error(key if key in form.fields else None, problem)
            else:
                keys = definition.page_keys
                position = keys.index(page_key)
                if position + 1 < len(keys):
                    return redirect(
                        "portal:applications:mine_correct",
                        submission.reference,
                        keys[position + 1],
                    )
                return redirect("portal:applications:mine_resubmit", submission.reference)
    else:
        form = build_page_form(definition, page_key, **options)
    page = definition.page(page_key)
    keys = definition.page_keys
    position = keys.index(page_key)
    return render(
        request,
        "applications/mine/mine_correct.html",
        {
            "submission": submission,
            "procedure": procedure_title(submission),
            "form": form,
            "page_title": page.title(lang),
            "page_number": position + 1,
            "page_count": len(keys),
            "previous_page": keys[position - 1] if position else "",
            "correction_message": queries.correction_request_for(submission),
        },
    )


@never_cache
@sensitive_post_parameters("pin")
@citizen_required
@require_http_methods(["GET", "POST"])
def mine_resubmit(request: HttpRequest, reference: str) -> HttpResponse:
    submission, correcting = _correcting(request, reference)
    if not correcting:
        return redirect("portal:applications:mine_detail", submission.reference)
    card = submission.identity_level == IdentityLevel.CARD
    form, demo, cards = sign_form(request) if card else (None, False, [])
    problems: list[str] = []
    if request.method == "POST" and (form is None or form.is_valid()):
        verified = signature_from(request, form, demo, submission) if card else None
        if not card or verified is not None:
            try:
                corrections.resubmit_corrected(request.user, submission, signature=verified)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    problems.append(
                        _("修正した内容に不足や誤りがあります。各ページを確認してください。")
                    )
                    problems.extend(
                        str(message)
                        for messages_ in error.message_dict.values()
                        for message in messages_
                    )
                else:
                    problems.extend(str(message) for message in error.messages)
            else:
                messages.success(
                    request, _("修正した申請を再提出しました。担当課が改めて審査します。")
                )
                return redirect("portal:applications:mine_detail", submission.reference)
    definition = FormDefinition.of(submission.form_version)
    lang = language()
    context = (
        sign_context(submission, form, demo, cards)
        if card
        else {
            "submission": submission,
            "procedure": procedure_title(submission),
            "rows": answer_rows(submission),
        }
    )
    context.update(
        card=card,
        problems=problems,
        pages=[(page.key, page.title(lang)) for page in definition.pages],
    )
    return render(request, "applications/mine/mine_resubmit.html", context)


@never_cache
@citizen_required
@require_http_methods(["GET", "POST"])
def mine_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    submission = queries.get_submission_for(request.user, reference)
    if submission.status not in (
        Status.RECEIVED,
        Status.REVIEWING,
        Status.CORRECTION_REQUESTED,
    ):
        messages.info(request, _("この申請は取り下げられない状態です。"))
        return redirect("portal:applications:mine_detail", submission.reference)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.withdraw_submission(request.user, submission, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, _("申請を取り下げました。"))
            return redirect("portal:applications:mine_detail", submission.reference)
    return render(
        request,
        "applications/mine/mine_withdraw.html",
        {"submission": submission, "procedure": procedure_title(submission), "form": form},
    )
