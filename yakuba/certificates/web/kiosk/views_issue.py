"""Fee and confirmation, printing, and 「カードをお取りください」.

The confirm screen carries the ``request_id`` made when it was first shown: 「発行する」
pressed twice, a reload, or a retry after a network error all reach ``issue_certificate``
with the same id, which finds the issuance already made — one certificate, one fee.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.csp import CSP
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_http_methods

from ...content import Refused
from ...models import CertificateKind
from ...services.issuance import (
    IssuanceError,
    ServiceClosed,
    document_for_print,
    issue_certificate,
    quote_fee,
    record_print,
)
from . import session
from .choices import summary_rows
from .device import kiosk_page, render_kiosk
from .forms import ConfirmForm, PrintedForm
from .lookups import issuance_for_kiosk

#: Seconds the 「カードをお取りください」 screen stays before the start screen returns.
DONE_SECONDS = 20


@require_http_methods(["GET", "POST"])
@kiosk_page("confirm")
def confirm(request: HttpRequest) -> HttpResponse:
    state = request.kiosk_state  # type: ignore[attr-defined]
    kiosk = request.kiosk  # type: ignore[attr-defined]
    if not state.get("request_id"):
        state["request_id"] = str(uuid.uuid4())
        session.save(request, state)
    form = ConfirmForm(
        request.POST if request.method == "POST" else None, expected=state["request_id"]
    )
    if request.method == "POST" and form.is_valid():
        try:
            issuance = issue_certificate(
                kiosk=kiosk,
                person_id=state["person_id"],
                card_certificate_serial=state["card_serial"],
                kind=state["kind"],
                options=state["options"],
                copies=state["copies"],
                request_id=uuid.UUID(state["request_id"]),
                language=state.get("language", "ja"),
            )
        except Refused as refusal:
            return _refused(request, state, refusal)
        except ServiceClosed as closed:
            session.clear(request)
            return render_kiosk(
                request, "certificates/kiosk/closed.html", {"status": closed.status}, idle=False
            )
        except IssuanceError as error:
            return _refused(request, state, error)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            state["issuance_id"] = issuance.pk
            session.save(request, state)
            return redirect("portal:kiosk:print")
    quote = quote_fee(state["kind"], state["copies"])
    return render_kiosk(
        request,
        "certificates/kiosk/confirm.html",
        {
            "form": form,
            "request_id": state["request_id"],
            "kind_label": CertificateKind(state["kind"]).label,
            "rows": summary_rows(state["kind"], state["options"], state["person_id"]),
            "copies": state["copies"],
            "quote": quote,
        },
    )


def _refused(request: HttpRequest, state: dict, refusal: Exception) -> HttpResponse:
    """Not issued: the public message only (never why, for a 除票 or a support measure)."""
    sensitive = getattr(refusal, "is_sensitive", True)
    if sensitive:
        session.clear(request)
    else:  # e.g. no seal registered: another certificate may still be chosen
        state.pop("request_id", None)
        session.save(request, state)
    return render_kiosk(
        request,
        "certificates/kiosk/refused.html",
        {"message": refusal.message, "may_choose_again": not sensitive},  # type: ignore[attr-defined]
    )


@require_http_methods(["GET", "POST"])
@kiosk_page("print")
def print_(request: HttpRequest) -> HttpResponse:
    state = request.kiosk_state  # type: ignore[attr-defined]
    kiosk = request.kiosk  # type: ignore[attr-defined]
    issuance = issuance_for_kiosk(state["issuance_id"], kiosk)
    if issuance is None:
        session.clear(request)
        return redirect("portal:kiosk:start")
    form = PrintedForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        succeeded = form.cleaned_data["printed"] == "yes"
        try:
            record_print(issuance.pk, kiosk=kiosk, succeeded=succeeded)
        except IssuanceError as error:
            form.add_error(None, error.message)
        else:
            if succeeded:
                session.clear(request)
                return redirect("portal:kiosk:done")
            return redirect("portal:kiosk:print")
    return render_kiosk(
        request,
        "certificates/kiosk/print.html",
        {
            "form": form,
            "issuance": issuance,
            "kind_label": CertificateKind(issuance.kind).label,
            "reprint": issuance.print_attempts > 0,
        },
    )


@require_GET
@kiosk_page("print", touch=False)
@xframe_options_sameorigin
@csp_override({"default-src": [CSP.NONE], "frame-ancestors": [CSP.SELF], "object-src": [CSP.SELF]})
def document(request: HttpRequest, issuance_id: int) -> HttpResponse:
    """The signed PDF, inline: only to the kiosk session that issued it, within the reprint window."""
    state = request.kiosk_state  # type: ignore[attr-defined]
    kiosk = request.kiosk  # type: ignore[attr-defined]
    pdf = None
    if state.get("issuance_id") == issuance_id:
        try:
            pdf = document_for_print(issuance_id, kiosk=kiosk)
        except IssuanceError:
            pdf = None
    if not pdf:
        return render_kiosk(request, "certificates/kiosk/document_gone.html", status=404)
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{issuance_id}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@kiosk_page()
def done(request: HttpRequest) -> HttpResponse:
    """「カードをお取りください」, then back to the start screen (no JavaScript needed)."""
    return render_kiosk(
        request,
        "certificates/kiosk/done.html",
        {"done_seconds": DONE_SECONDS},
        idle=False,
    )


__all__ = ["confirm", "document", "done", "print_"]
