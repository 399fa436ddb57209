"""Staff pages of the vault: the number's page, reveal, record/replace, look up.

Every page is ``never_cache`` (``Cache-Control: no-store``); the clear number
appears only in the response to the reveal POST.  The number's POST fields and
variables are marked sensitive, so Django's error reports never show them.  Numbers travel in POST
bodies only, never in URLs (which reach browser history and proxies).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from yakuba.core.forms import add_service_errors
from yakuba.identity.decorators import staff_required
from yakuba.identity.permissions import has_role

from .crypto import VaultError
from .forms import LookupForm, RegisterForm, RevealForm
from .models import MyNumber
from .numbers import format_grouped
from .policies import (
    PURPOSES_BY_KEY,
    RECORD_PURPOSE,
    REGISTER_GRANTS,
    REVEAL_GRANTS,
    VIEW_GRANTS,
    may_register,
    may_replace,
    reveal_purposes_for,
)
from .queries import find_person_by_number, number_summary, person_exists, reveal_number
from .services import register_number

#: Who may follow a link to the residents' person page (their own policy decides).
REGISTER_READERS = (("shimin", "viewer"),)


def _vault_error(request: HttpRequest, error: VaultError) -> HttpResponse:
    return render(request, "vault/error.html", {"message": error.message}, status=503)


def _require_person(person_id: int) -> None:
    if not person_exists(person_id):
        raise Http404


def _links(request: HttpRequest, person_id: int) -> dict[str, str]:
    user = request.user
    return {
        "detail_url": reverse("console:mynumber_detail", args=[person_id]),
        "reveal_url": reverse("console:mynumber_reveal", args=[person_id])
        if reveal_purposes_for(user)
        else "",
        "register_url": reverse("console:mynumber_register", args=[person_id])
        if may_register(user)
        else "",
        "person_url": reverse("console:person_detail", args=[person_id])
        if has_role(user, REGISTER_READERS)
        else "",
    }


@never_cache
@staff_required(grants=VIEW_GRANTS)
def mynumber_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    """The masked number, its date and the masked earlier numbers (no clear number)."""
    _require_person(person_id)
    try:
        summary = number_summary(person_id)
    except VaultError as error:
        return _vault_error(request, error)
    return render(
        request,
        "vault/mynumber_detail.html",
        {"summary": summary, "person_id": person_id, **_links(request, person_id)},
    )


@never_cache
@sensitive_variables("number")
@require_http_methods(["GET", "POST"])
@staff_required(grants=REVEAL_GRANTS)
def mynumber_reveal(request: HttpRequest, person_id: int) -> HttpResponse:
    """GET: choose the purpose.  POST: the clear number, once, recorded."""
    _require_person(person_id)
    form = RevealForm(request.POST if request.method == "POST" else None, user=request.user)
    context = {"form": form, "person_id": person_id, **_links(request, person_id)}
    if request.method == "POST" and form.is_valid():
        purpose = form.cleaned_data["purpose"]
        try:
            number = reveal_number(request.user, person_id, purpose=purpose, request=request)
        except VaultError as error:
            return _vault_error(request, error)
        return render(
            request,
            "vault/mynumber_revealed.html",
            {
                **context,
                "number": format_grouped(number) if number else None,
                "purpose_label": PURPOSES_BY_KEY[purpose].label,
            },
        )
    return render(request, "vault/mynumber_reveal.html", context)


@never_cache
@sensitive_post_parameters("number", "number_again")
@require_http_methods(["GET", "POST"])
@staff_required(grants=REGISTER_GRANTS)
def mynumber_register(request: HttpRequest, person_id: int) -> HttpResponse:
    """Record a number on the person's 住民票, or (approvers) replace the recorded one."""
    _require_person(person_id)
    replacing = MyNumber.objects.filter(person_id=person_id).exists()
    context = {"person_id": person_id, "replacing": replacing, **_links(request, person_id)}
    if replacing and not may_replace(request.user):
        return render(request, "vault/mynumber_register_denied.html", context, status=403)
    form = RegisterForm(request.POST if request.method == "POST" else None, replacing=replacing)
    if request.method == "POST" and form.is_valid():
        try:
            result = register_number(
                request.user,
                person_id,
                form.cleaned_data["number"],
                purpose=RECORD_PURPOSE,
                request=request,
                assigned_on=form.cleaned_data["assigned_on"],
                reason=form.cleaned_data.get("reason"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except VaultError as error:
            return _vault_error(request, error)
        else:
            text = (
                _("個人番号を変更しました（%(masked)s）。")
                if result.replaced
                else _("個人番号を記載しました（%(masked)s）。")
            )
            messages.success(request, text % {"masked": result.masked})
            return redirect("console:mynumber_detail", person_id=person_id)
    return render(request, "vault/mynumber_register.html", {**context, "form": form})


@never_cache
@sensitive_post_parameters("number")
@require_http_methods(["GET", "POST"])
@staff_required(grants=REVEAL_GRANTS)
def mynumber_lookup(request: HttpRequest) -> HttpResponse:
    """Who has this number?  POST only (the number never goes into a URL); recorded."""
    form = LookupForm(request.POST if request.method == "POST" else None, user=request.user)
    match = None
    searched = False
    if request.method == "POST" and form.is_valid():
        try:
            match = find_person_by_number(
                request.user,
                form.cleaned_data["number"],
                purpose=form.cleaned_data["purpose"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except VaultError as error:
            return _vault_error(request, error)
        else:
            searched = True
            # A fresh form: the number typed is not sent back in the page.
            form = LookupForm(initial={"purpose": form.cleaned_data["purpose"]}, user=request.user)
    context = {"form": form, "match": match, "searched": searched}
    if match is not None:
        context.update(_links(request, match.person_id))
    return render(request, "vault/mynumber_lookup.html", context)
