"""Choosing: which certificate, its options, how many copies."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from ...content import clean_options
from ...models import MAX_COPIES, CertificateKind
from . import session
from .choices import available_kind_values, kind_rows, option_fields, years_for
from .device import kiosk_page, render_kiosk
from .forms import CopiesForm, KindForm


@require_http_methods(["GET", "POST"])
@kiosk_page("kind")
def kind(request: HttpRequest) -> HttpResponse:
    state = request.kiosk_state  # type: ignore[attr-defined]
    available = available_kind_values(state["person_id"])
    form = KindForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["kind"]
        if chosen not in available:
            return render_kiosk(
                request,
                "certificates/kiosk/counter.html",
                {"kind_label": CertificateKind(chosen).label},
            )
        if state.get("kind") != chosen:
            state["kind"] = chosen
            session.forget_choices_after(state, "kind")
        if chosen == CertificateKind.SEAL:
            state["options"] = {}  # nothing to choose: straight to the copies
            session.save(request, state)
            return redirect("portal:kiosk:copies")
        session.save(request, state)
        return redirect("portal:kiosk:options")
    return render_kiosk(
        request,
        "certificates/kiosk/kind.html",
        {"form": form, "kinds": kind_rows(available)},
    )


@require_http_methods(["GET", "POST"])
@kiosk_page("options")
def options(request: HttpRequest) -> HttpResponse:
    state = request.kiosk_state  # type: ignore[attr-defined]
    chosen = state["kind"]
    if chosen == CertificateKind.SEAL:
        state["options"] = {}
        session.save(request, state)
        return redirect("portal:kiosk:copies")
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = dict(state.get("options") or {})
    if request.method == "POST":
        try:
            cleaned = clean_options(chosen, request.POST, **_years_argument(chosen, state))
        except ValidationError as error:
            errors = error.message_dict
            values = {key: request.POST.get(key) for key in request.POST}
        else:
            if state.get("options") != cleaned:
                state["options"] = cleaned
                session.forget_choices_after(state, "options")
            session.save(request, state)
            return redirect("portal:kiosk:copies")
    fields = option_fields(chosen, state["person_id"], values, errors)
    return render_kiosk(
        request,
        "certificates/kiosk/options.html",
        {
            "kind_label": CertificateKind(chosen).label,
            "fields": fields,
            "errors": [message for messages in errors.values() for message in messages],
        },
    )


def _years_argument(chosen: str, state: dict) -> dict[str, Any]:
    if chosen == CertificateKind.TAX:
        return {"available_years": years_for(state["person_id"])}
    return {}


@require_http_methods(["GET", "POST"])
@kiosk_page("copies")
def copies(request: HttpRequest) -> HttpResponse:
    state = request.kiosk_state  # type: ignore[attr-defined]
    form = CopiesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        count = form.chosen()
        if form.cleaned_data["action"] == "next":
            state.pop("copies_draft", None)
            if state.get("copies") != count:
                state["copies"] = count
                session.forget_choices_after(state, "copies")
            session.save(request, state)
            return redirect("portal:kiosk:confirm")
        state["copies_draft"] = count
        session.save(request, state)
        return redirect("portal:kiosk:copies")
    count = _int(state.get("copies_draft") or state.get("copies") or 1)
    return render_kiosk(
        request,
        "certificates/kiosk/copies.html",
        {
            "form": form,
            "count": count,
            "maximum": MAX_COPIES,
            "kind_label": CertificateKind(state["kind"]).label,
            "can_decrease": count > 1,
            "can_increase": count < MAX_COPIES,
        },
    )


def _int(value: Any) -> int:
    try:
        return min(MAX_COPIES, max(1, int(value)))
    except (TypeError, ValueError):
        return 1
