"""Staff pages of one group registration: details, members, approve, reject.

A group is not a person, but its page shows the representative's and the members'
names: the read is recorded for the representative's registration and for every
member who has a registration of their own.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from yakuba.core.forms import add_service_errors
from yakuba.identity.decorators import staff_required

from ... import policies
from ...access import record_user_reads
from ...forms.registration import RejectForm
from ...models import Group, RegistrationState
from ...queries import registration as queries
from ...services import registration as services
from .registration import crumbs, state_kind

GROUP_FIELDS = ("group_name", "representative", "contact_phone", "members", "is_resident")


def _detail(
    request: HttpRequest,
    group: Group,
    *,
    reject_form: RejectForm | None = None,
    page_errors: list[str] | None = None,
) -> HttpResponse:
    members = list(group.members.order_by("id"))
    record_user_reads(
        request,
        [group.representative_id, *(m.registration_id for m in members)],
        GROUP_FIELDS,
    )
    pending = group.state == RegistrationState.APPLIED
    residents = sum(1 for m in members if m.is_resident)
    return render(
        request,
        "facilities/staff/registration/group_detail.html",
        {
            "group": group,
            "members": members,
            "residents": residents,
            "state_kind": state_kind(group.state),
            "renewal": pending and bool(group.number),
            "may_approve": pending and policies.may_approve(request.user),
            "may_renew": group.state in (RegistrationState.APPROVED, RegistrationState.EXPIRED)
            and policies.may_operate(request.user),
            "reject_form": reject_form or RejectForm(),
            "page_errors": page_errors or [],
            "breadcrumbs": crumbs((group.name, "")),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
@staff_required(grants=policies.VIEW_GRANTS)
def group_detail_staff(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, queries.get_group_for_staff(request.user, pk))


@never_cache
@require_POST
@staff_required(grants=policies.APPROVE_GRANTS)
def group_approve(request: HttpRequest, pk: int) -> HttpResponse:
    group = queries.get_group_for_staff(request.user, pk)
    try:
        services.approve_group(request.user, group)
    except ValidationError as error:
        return _detail(request, group, page_errors=list(error.messages))
    messages.success(request, _("団体登録を承認しました。代表者にメールでお知らせします。"))
    return redirect("console:facilities:group_detail_staff", group.pk)


@never_cache
@require_POST
@staff_required(grants=policies.APPROVE_GRANTS)
def group_reject(request: HttpRequest, pk: int) -> HttpResponse:
    group = queries.get_group_for_staff(request.user, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.reject_group(request.user, group, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("不承認にしました。代表者にメールで理由をお知らせします。"))
            return redirect("console:facilities:group_detail_staff", group.pk)
    return _detail(request, group, reject_form=form)


@never_cache
@require_POST
@staff_required(grants=policies.OPERATE_GRANTS)
def group_renew_staff(request: HttpRequest, pk: int) -> HttpResponse:
    group = queries.get_group_for_staff(request.user, pk)
    try:
        services.renew_group(request.user, group)
    except ValidationError as error:
        return _detail(request, group, page_errors=list(error.messages))
    messages.success(request, _("団体登録を更新しました。"))
    return redirect("console:facilities:group_detail_staff", group.pk)
