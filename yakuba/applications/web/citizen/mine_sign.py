"""「マイナンバーカードで署名して申請」: the sign page of a card-level application.

Shows what will be signed (the answers, and the canonical payload), then — in demo /
counter mode — the emulated card choice and the 署名用 PIN; outside demo mode the payload
as Base64 and a field for the CMS signature made by the JPKI client software.  A valid
signature of the applicant's own card submits the draft (``filling.submit_draft``)."""

from __future__ import annotations

import base64
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from yakuba.identity.decorators import citizen_required

from ...models import IdentityLevel, Status, Submission
from ...queries import mine as queries
from ...services import signing
from .mine_display import answer_rows, continue_url, done_url, procedure_title
from .mine_forms import CardSignForm, ExternalSignatureForm


def sign_form(request: HttpRequest) -> tuple[Any, bool, list]:
    data = request.POST if request.method == "POST" else None
    if signing.demo_signing_enabled():
        cards = signing.card_choices()
        return CardSignForm(data, cards=cards), True, cards
    return ExternalSignatureForm(data), False, []


def signature_from(
    request: HttpRequest, form: Any, demo: bool, submission: Submission
) -> signing.VerifiedSignature | None:
    """The verified signature of the valid form, or ``None`` with the problem on the form."""
    try:
        if demo:
            verified = signing.sign_with_card(
                request.user,
                submission,
                card_choice=form.cleaned_data["card"],
                pin=form.cleaned_data["pin"],
            )
        else:
            verified = signing.verify_submission_signature(
                submission, form.cleaned_data["signature"]
            )
    except signing.SigningError as error:
        form.add_error("pin" if error.code == "wrong_pin" else None, error.message)
        return None
    if not verified.is_valid:
        form.add_error(None, verified.message)
        return None
    return verified


def sign_context(submission: Submission, form: Any, demo: bool, cards: list) -> dict[str, Any]:
    return {
        "submission": submission,
        "procedure": procedure_title(submission),
        "rows": answer_rows(submission),
        "form": form,
        "demo": demo,
        "has_cards": bool(cards),
        "payload_base64": base64.b64encode(signing.signing_payload(submission)).decode("ascii"),
    }


@never_cache
@sensitive_post_parameters("pin")
@citizen_required
@require_http_methods(["GET", "POST"])
def mine_sign(request: HttpRequest, draft_key: str) -> HttpResponse:
    submitted = queries.submitted_by_draft_key(request.user, draft_key)
    if submitted is not None:
        return redirect(done_url(submitted))
    submission = queries.get_draft_for(request.user, draft_key)
    if submission.procedure.identity_level != IdentityLevel.CARD:
        return redirect(continue_url(submission) or "portal:applications:mine_list")
    form, demo, cards = sign_form(request)
    problem = ""
    back = ""
    if request.method == "POST" and form.is_valid():
        verified = signature_from(request, form, demo, submission)
        if verified is not None:
            from ...services.filling import submit_draft

            try:
                submitted = submit_draft(request.user, submission, signature=verified)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    problem = _(
                        "申請内容に不足や誤りがあります。内容を確認してから、もう一度署名してください。"
                    )
                    back = continue_url(submission)
                else:
                    form.add_error(None, error.messages[0])
            else:
                if submitted.status != Status.DRAFT:
                    return redirect(done_url(submitted))
    context = sign_context(submission, form, demo, cards)
    context.update(problem=problem, back_url=back or continue_url(submission))
    return render(request, "applications/mine/mine_sign.html", context)
