"""Staff pages of the registration part: the approval queue, one user registration
(approve, reject, renew, withdraw), search and the counter registration.

Every page that shows a facility user's personal data records the read with
:func:`yakuba.facilities.access.record_user_reads` in the same request.  Group pages
are in :mod:`.registration_groups`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from yakuba.core.forms import add_service_errors
from yakuba.identity.decorators import staff_required

from ... import policies
from ...access import record_user_reads
from ...forms.registration import (
    ApproveRegistrationForm,
    CounterRegistrationForm,
    RejectForm,
    SearchForm,
)
from ...models import RegistrationState, UserRegistration
from ...queries import registration as queries
from ...services import registration as services

#: Fields of a registration shown on the detail page (the access record lists them).
DETAIL_FIELDS = (
    "name",
    "name_kana",
    "postal_code",
    "address",
    "phone",
    "email",
    "is_resident",
    "number",
    "valid_until",
)
#: Fields shown in lists (queue, search results).
LIST_FIELDS = ("name", "name_kana", "number", "phone")


def crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("施設の利用者登録"), reverse("console:facilities:registration_queue")), *items]


def state_kind(state: str) -> str:
    return {
        RegistrationState.APPROVED: "success",
        RegistrationState.APPLIED: "info",
        RegistrationState.REJECTED: "error",
        RegistrationState.EXPIRED: "warning",
    }.get(state, "")


# ------------------------------------------------------------------ queue


@never_cache
@require_http_methods(["GET", "HEAD"])
@staff_required(grants=policies.VIEW_GRANTS)
def registration_queue(request: HttpRequest) -> HttpResponse:
    """Applications awaiting approval, users and groups, oldest first."""
    users = list(queries.registrations_awaiting(request.user))
    groups = list(queries.groups_awaiting(request.user))
    record_user_reads(
        request,
        [row.pk for row in users] + [group.representative_id for group in groups],
        LIST_FIELDS,
    )
    return render(
        request,
        "facilities/staff/registration/registration_queue.html",
        {
            "users": users,
            "groups": groups,
            "may_operate": policies.may_operate(request.user),
            "breadcrumbs": crumbs((_("審査待ち"), "")),
        },
    )


# ------------------------------------------------------------------ one registration


def _detail(
    request: HttpRequest,
    registration: UserRegistration,
    *,
    approve_form: ApproveRegistrationForm | None = None,
    reject_form: RejectForm | None = None,
    page_errors: list[str] | None = None,
) -> HttpResponse:
    record_user_reads(request, [registration.pk], DETAIL_FIELDS)
    pending = registration.state == RegistrationState.APPLIED
    registry = registration.residence_source == services.REGISTRY
    if approve_form is None:
        approve_form = ApproveRegistrationForm(
            initial={"is_resident": "1" if registration.is_resident else "0"}
        )
    return render(
        request,
        "facilities/staff/registration/registration_detail.html",
        {
            "registration": registration,
            "state_kind": state_kind(registration.state),
            "renewal": pending and bool(registration.number),
            "registry": registry,
            "may_approve": pending and policies.may_approve(request.user),
            "may_renew": registration.state
            in (RegistrationState.APPROVED, RegistrationState.EXPIRED)
            and policies.may_operate(request.user),
            "may_withdraw": registration.state != RegistrationState.WITHDRAWN
            and policies.may_operate(request.user),
            "approve_form": approve_form,
            "reject_form": reject_form or RejectForm(),
            "page_errors": page_errors or [],
            "groups": list(queries.all_groups_of(registration)),
            "breadcrumbs": crumbs((registration.name, "")),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
@staff_required(grants=policies.VIEW_GRANTS)
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, queries.get_registration_for_staff(request.user, pk))


@never_cache
@require_POST
@staff_required(grants=policies.APPROVE_GRANTS)
def registration_approve(request: HttpRequest, pk: int) -> HttpResponse:
    registration = queries.get_registration_for_staff(request.user, pk)
    form = ApproveRegistrationForm(request.POST)
    registry = registration.residence_source == services.REGISTRY
    if not registry and not form.is_valid():
        return _detail(request, registration, approve_form=form)
    is_resident = None if registry else form.cleaned_data["is_resident"]
    try:
        services.approve_registration(request.user, registration, is_resident=is_resident)
    except ValidationError as error:
        return _detail(request, registration, page_errors=list(error.messages))
    messages.success(request, _("承認しました。申請者にメールでお知らせします。"))
    return redirect("console:facilities:registration_detail", registration.pk)


@never_cache
@require_POST
@staff_required(grants=policies.APPROVE_GRANTS)
def registration_reject(request: HttpRequest, pk: int) -> HttpResponse:
    registration = queries.get_registration_for_staff(request.user, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.reject_registration(request.user, registration, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("不承認にしました。申請者にメールで理由をお知らせします。"))
            return redirect("console:facilities:registration_detail", registration.pk)
    return _detail(request, registration, reject_form=form)


@never_cache
@require_POST
@staff_required(grants=policies.OPERATE_GRANTS)
def registration_renew_staff(request: HttpRequest, pk: int) -> HttpResponse:
    registration = queries.get_registration_for_staff(request.user, pk)
    form = ApproveRegistrationForm(request.POST)
    is_resident = form.cleaned_data["is_resident"] if form.is_valid() else None
    try:
        services.renew_registration(request.user, registration, is_resident=is_resident)
    except ValidationError as error:
        return _detail(request, registration, page_errors=list(error.messages))
    messages.success(request, _("登録を更新しました。"))
    return redirect("console:facilities:registration_detail", registration.pk)


@never_cache
@require_POST
@staff_required(grants=policies.OPERATE_GRANTS)
def registration_withdraw_staff(request: HttpRequest, pk: int) -> HttpResponse:
    registration = queries.get_registration_for_staff(request.user, pk)
    try:
        services.withdraw_registration(request.user, registration)
    except ValidationError as error:
        return _detail(request, registration, page_errors=list(error.messages))
    messages.success(request, _("登録を廃止しました。"))
    return redirect("console:facilities:registration_detail", registration.pk)


# ------------------------------------------------------------------ search, counter


@never_cache
@require_http_methods(["GET", "HEAD"])
@staff_required(grants=policies.VIEW_GRANTS)
def registration_search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results: list[UserRegistration] = []
    searched = False
    if form.is_valid() and form.cleaned_data["q"]:
        searched = True
        results = list(queries.search_registrations(request.user, form.cleaned_data["q"]))
        record_user_reads(request, [row.pk for row in results], LIST_FIELDS)
    return render(
        request,
        "facilities/staff/registration/registration_search.html",
        {
            "form": form,
            "results": results,
            "searched": searched,
            "may_operate": policies.may_operate(request.user),
            "state_kind": state_kind,
            "breadcrumbs": crumbs((_("利用者の検索"), "")),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@staff_required(grants=policies.OPERATE_GRANTS)
def registration_counter(request: HttpRequest) -> HttpResponse:
    """窓口・電話での利用者登録 (residents without an account), approved at once."""
    form = CounterRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register_at_counter(request.user, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("利用者登録をしました。利用者番号は %(number)s です。")
                % {"number": registration.number},
            )
            return redirect("console:facilities:registration_detail", registration.pk)
    return render(
        request,
        "facilities/staff/registration/registration_counter.html",
        {"form": form, "breadcrumbs": crumbs((_("窓口での利用者登録"), ""))},
    )


# ------------------------------------------------------------------ dashboard panel


def dashboard_panel_context(request: HttpRequest) -> dict[str, Any] | None:
    if not policies.may_view(request.user):
        return None
    return queries.awaiting_counts()
