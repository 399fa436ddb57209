"""Citizen pages of the registration part: apply, status (renew, withdraw), groups.

All need a signed-in citizen; all work without JavaScript.  A group's page is shown to
its representative and to members linked by registration only; only the representative
changes the members or asks for renewal.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from yakuba.core.forms import add_service_errors
from yakuba.identity.decorators import citizen_required
from yakuba.identity.permissions import is_citizen
from yakuba.residents.queries import own_resident_facts

from ...forms.registration import (
    ADD_ROWS,
    GroupForm,
    RegistrationForm,
    entered_members,
    member_formset,
    members_of,
    rows_after_adding,
)
from ...models import RegistrationState
from ...queries.registration import (
    all_groups_of,
    get_group_for_citizen,
    is_representative,
    registration_for,
)
from ...services import registration as services

GROUP_FIELDS = ("name", "name_kana", "activity", "contact_phone")


def _crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("マイページ"), reverse("portal:mypage")),
        (_("利用者登録"), reverse("portal:facilities:registration_status")),
        *items,
    ]


def state_tag_kind(state: str) -> str:
    return {
        RegistrationState.APPROVED: "success",
        RegistrationState.APPLIED: "info",
        RegistrationState.REJECTED: "error",
        RegistrationState.EXPIRED: "warning",
    }.get(state, "")


# ------------------------------------------------------------------ user registration


def _initial(request: HttpRequest, facts: Any) -> dict[str, Any]:
    user = request.user
    registration = registration_for(user)
    initial: dict[str, Any] = {
        "name": user.display_name,
        "name_kana": user.display_name_kana,
        "email": user.email,
    }
    if registration is not None:
        initial.update(
            {
                name: getattr(registration, name)
                for name in (
                    "name",
                    "name_kana",
                    "postal_code",
                    "address",
                    "phone",
                    "email",
                    "is_resident",
                )
            }
        )
    if facts is not None:
        initial.update(name=facts.name, name_kana=facts.name_kana, address=facts.postal_address)
    return initial


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@citizen_required
def registration_apply(request: HttpRequest) -> HttpResponse:
    registration = registration_for(request.user)
    if registration is not None and registration.state in (
        RegistrationState.APPROVED,
        RegistrationState.EXPIRED,
    ):
        return redirect("portal:facilities:registration_status")
    facts = own_resident_facts(request.user)
    linked = facts is not None
    initial = _initial(request, facts)
    if request.method == "POST":
        form = RegistrationForm(request.POST, initial=initial, registry_linked=linked)
        if form.is_valid():
            try:
                services.apply_for_registration(request.user, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("利用者登録を申請しました。審査の結果はメールでお知らせします。"),
                )
                return redirect("portal:facilities:registration_status")
    else:
        form = RegistrationForm(initial=initial, registry_linked=linked)
    return render(
        request,
        "facilities/registration/registration_apply.html",
        {
            "form": form,
            "linked": linked,
            "facts": facts,
            "registration": registration,
            "breadcrumbs": _crumbs((_("利用者登録の申請"), "")),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
@citizen_required
def registration_status(request: HttpRequest) -> HttpResponse:
    registration = registration_for(request.user)
    groups = list(all_groups_of(registration).select_related("representative"))
    return render(
        request,
        "facilities/registration/registration_status.html",
        {
            "registration": registration,
            "state_kind": state_tag_kind(registration.state) if registration else "",
            "renewal_open": bool(registration and services.renewal_open(registration)),
            "may_apply_group": bool(
                registration
                and registration.state == RegistrationState.APPROVED
                and registration.valid_until
                and registration.valid_until >= timezone.localdate()
            ),
            "groups": [
                {
                    "group": group,
                    "kind": state_tag_kind(group.state),
                    "representative": group.representative_id == registration.pk,
                }
                for group in groups
            ]
            if registration
            else [],
            "breadcrumbs": _crumbs(),
        },
    )


@require_POST
@citizen_required
def registration_renew(request: HttpRequest) -> HttpResponse:
    try:
        registration = services.request_renewal(request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if registration.state == RegistrationState.APPROVED:
            messages.success(request, _("利用者登録を更新しました。"))
        else:
            messages.success(
                request,
                _(
                    "更新を申し込みました。市内在住・在勤・在学を確認できる書類をお持ちのうえ、"
                    "施設の窓口にお越しください。"
                ),
            )
    return redirect("portal:facilities:registration_status")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@citizen_required
def registration_withdraw(request: HttpRequest) -> HttpResponse:
    registration = registration_for(request.user)
    if registration is None or registration.state == RegistrationState.WITHDRAWN:
        return redirect("portal:facilities:registration_status")
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.withdraw_registration(request.user, registration)
        except ValidationError as error:
            errors = list(error.messages)
        else:
            messages.success(request, _("利用者登録を廃止しました。"))
            return redirect("portal:facilities:registration_status")
    return render(
        request,
        "facilities/registration/registration_withdraw.html",
        {
            "registration": registration,
            "errors": errors,
            "breadcrumbs": _crumbs((_("利用者登録の廃止"), "")),
        },
    )


# ------------------------------------------------------------------ groups


def _group_page(
    request: HttpRequest,
    template: str,
    form: GroupForm | None,
    formset: Any,
    **context: Any,
) -> HttpResponse:
    return render(request, template, {"form": form, "formset": formset, **context})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@citizen_required
def group_apply(request: HttpRequest) -> HttpResponse:
    registration = registration_for(request.user)
    context = {
        "registration": registration,
        "breadcrumbs": _crumbs((_("団体登録の申請"), "")),
        "minimum_members": settings.YAKUBA_FACILITY_GROUP_MIN_MEMBERS,
        "minimum_residents": settings.YAKUBA_FACILITY_GROUP_MIN_RESIDENTS,
    }
    template = "facilities/registration/group_apply.html"
    if request.method == "POST":
        formset = member_formset(request.POST)
        if ADD_ROWS in request.POST:
            form = GroupForm(initial={name: request.POST.get(name, "") for name in GROUP_FIELDS})
            formset = member_formset(
                initial=entered_members(formset), rows=rows_after_adding(formset)
            )
            return _group_page(request, template, form, formset, rows_added=True, **context)
        form = GroupForm(request.POST)
        if form.is_valid():
            if registration is None:
                form.add_error(None, _("先に利用者登録を申請してください。"))
            else:
                try:
                    group = services.apply_for_group(
                        registration,
                        name=form.cleaned_data["name"],
                        name_kana=form.cleaned_data["name_kana"],
                        activity=form.cleaned_data["activity"],
                        phone=form.cleaned_data["contact_phone"],
                        members=members_of(formset),
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("団体登録を申請しました。審査の結果は代表者にメールでお知らせします。"),
                    )
                    return redirect("portal:facilities:group_detail", group.pk)
        formset = member_formset(initial=entered_members(formset), rows=formset.total_form_count())
        return _group_page(request, template, form, formset, **context)
    return _group_page(request, template, GroupForm(), member_formset(), **context)


@never_cache
@require_http_methods(["GET", "HEAD"])
@citizen_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_group_for_citizen(request.user, pk)
    representative = is_representative(request.user, group)
    return render(
        request,
        "facilities/registration/group_detail.html",
        {
            "group": group,
            "kind": state_tag_kind(group.state),
            "members": list(group.members.order_by("id")),
            "representative": representative,
            "may_edit": representative
            and group.state in (RegistrationState.APPLIED, RegistrationState.APPROVED),
            "renewal_open": representative and services.renewal_open(group),
            "may_withdraw": representative and group.state != RegistrationState.WITHDRAWN,
            "breadcrumbs": _crumbs((group.name, "")),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@citizen_required
def group_members_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_group_for_citizen(request.user, pk)
    if not is_representative(request.user, group):
        raise Http404
    context = {
        "group": group,
        "breadcrumbs": _crumbs(
            (group.name, reverse("portal:facilities:group_detail", args=[group.pk])),
            (_("構成員の変更"), ""),
        ),
        "minimum_members": settings.YAKUBA_FACILITY_GROUP_MIN_MEMBERS,
        "minimum_residents": settings.YAKUBA_FACILITY_GROUP_MIN_RESIDENTS,
    }
    template = "facilities/registration/group_members.html"
    errors: list[str] = []
    if request.method == "POST":
        formset = member_formset(request.POST)
        if ADD_ROWS in request.POST:
            formset = member_formset(
                initial=entered_members(formset), rows=rows_after_adding(formset)
            )
            return _group_page(request, template, None, formset, rows_added=True, **context)
        try:
            services.update_group_members(request.user, group, members_of(formset))
        except ValidationError as error:
            errors = list(error.messages)
        else:
            messages.success(request, _("構成員を変更しました。"))
            return redirect("portal:facilities:group_detail", group.pk)
        formset = member_formset(initial=entered_members(formset), rows=formset.total_form_count())
        return _group_page(request, template, None, formset, errors=errors, **context)
    rows = [
        {"name": m.name, "name_kana": m.name_kana, "is_resident": m.is_resident}
        for m in services.other_members(group)
    ]
    return _group_page(request, template, None, member_formset(initial=rows), **context)


@require_POST
@citizen_required
def group_renew(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_group_for_citizen(request.user, pk)
    if not is_representative(request.user, group):
        raise Http404
    try:
        services.request_group_renewal(request.user, group)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("団体登録の更新を申し込みました。審査の結果はメールでお知らせします。")
        )
    return redirect("portal:facilities:group_detail", group.pk)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@citizen_required
def group_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The representative ends the group's registration (with a confirmation page)."""
    group = get_group_for_citizen(request.user, pk)
    if not is_representative(request.user, group) or group.state == RegistrationState.WITHDRAWN:
        raise Http404
    if request.method == "POST":
        services.withdraw_group(request.user, group)
        messages.success(request, _("団体登録を廃止しました。"))
        return redirect("portal:facilities:registration_status")
    return render(
        request,
        "facilities/registration/group_withdraw.html",
        {
            "group": group,
            "breadcrumbs": _crumbs(
                (group.name, reverse("portal:facilities:group_detail", args=[group.pk])),
                (_("団体登録の廃止"), ""),
            ),
        },
    )


# ------------------------------------------------------------------ マイページ card


def mypage_card_context(request: HttpRequest) -> dict[str, Any] | None:
    user = getattr(request, "user", None)
    if not is_citizen(user):
        return None
    registration = registration_for(user)
    groups = list(all_groups_of(registration)) if registration else []
    return {
        "registration": registration,
        "state_kind": state_tag_kind(registration.state) if registration else "",
        "renewal_open": bool(registration and services.renewal_open(registration)),
        "groups": groups,
    }
