"""Organisation pages of the staff console: units (dated, with history), staff and assignments.

Open to system administrators and to 職員課 department administrators
(``policies.ORG_ADMIN_GRANTS``).  These pages show staff data only, never
residents' data, so they write no access-record entries.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yakuba.core.forms import add_service_errors
from yakuba.identity import queries, services
from yakuba.identity.decorators import staff_required
from yakuba.identity.forms import (
    AsOfDateForm,
    AssignmentCreateForm,
    AssignmentEndForm,
    OrgUnitCreateForm,
    OrgUnitMergeForm,
    OrgUnitRenameForm,
    StaffCreateForm,
)
from yakuba.identity.permissions import today
from yakuba.identity.policies import ORG_ADMIN_GRANTS, may_grant_system_admin

org_admin_required = staff_required(grants=ORG_ADMIN_GRANTS, system_admin=True)


def _as_of(request: HttpRequest) -> tuple[AsOfDateForm, object]:
    form = AsOfDateForm(request.GET or None)
    day = today()
    if form.is_valid() and form.cleaned_data.get("on"):
        day = form.cleaned_data["on"]
    return form, day


# --- units ---------------------------------------------------------------------------------


@org_admin_required
def org_unit_list_view(request: HttpRequest) -> HttpResponse:
    filter_form, day = _as_of(request)
    units = queries.org_units_for(request.user, on=day)
    return render(
        request,
        "identity/orgunit_list.html",
        {"units": units, "day": day, "filter_form": filter_form},
    )


@org_admin_required
def org_unit_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    unit = queries.get_org_unit_for(request.user, pk)
    assignments = queries.assignments_of_unit_for(request.user, unit)
    return render(
        request,
        "identity/orgunit_detail.html",
        {"unit": unit, "assignments": assignments, "today": today()},
    )


def _open_units(user, day=None):
    return queries.all_org_units_for(user).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day or today())
    )


@org_admin_required
def org_unit_create_view(request: HttpRequest) -> HttpResponse:
    form = OrgUnitCreateForm(request.POST or None, units=_open_units(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.create_org_unit(
                code=data["code"],
                name=data["name"],
                name_en=data["name_en"],
                kind=data["kind"],
                parent=data["parent"],
                valid_from=data["valid_from"],
                phone=data["phone"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)sを登録しました。") % {"name": unit.name})
            return redirect("console:org_unit_detail", pk=unit.pk)
    return render(request, "identity/orgunit_form.html", {"form": form})


@org_admin_required
def org_unit_rename_view(request: HttpRequest, pk: int) -> HttpResponse:
    unit = queries.get_org_unit_for(request.user, pk)
    form = OrgUnitRenameForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            successor = services.rename_org_unit(
                unit,
                new_name=data["new_name"],
                new_name_en=data["new_name_en"],
                effective=data["effective"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(old)sは%(date)sから%(new)sになります。")
                % {"old": unit.name, "new": successor.name, "date": date_format(data["effective"])},
            )
            return redirect("console:org_unit_detail", pk=successor.pk)
    return render(request, "identity/orgunit_rename.html", {"form": form, "unit": unit})


@org_admin_required
def org_unit_merge_view(request: HttpRequest) -> HttpResponse:
    candidates = queries.all_org_units_for(request.user).filter(valid_to__isnull=True)
    form = OrgUnitMergeForm(request.POST or None, units=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            merged = services.merge_org_units(
                list(data["units"]),
                code=data["code"],
                name=data["name"],
                name_en=data["name_en"],
                effective=data["effective"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)sに統合しました。") % {"name": merged.name})
            return redirect("console:org_unit_detail", pk=merged.pk)
    return render(request, "identity/orgunit_merge.html", {"form": form})


# --- staff ----------------------------------------------------------------------------------


@org_admin_required
def staff_list_view(request: HttpRequest) -> HttpResponse:
    filter_form, day = _as_of(request)
    search = (
        filter_form.cleaned_data.get("q", "")
        if filter_form.is_bound and filter_form.is_valid()
        else ""
    )
    staff = queries.staff_for(request.user, on=day, search=search)
    return render(
        request,
        "identity/staff_list.html",
        {"staff": staff, "day": day, "filter_form": filter_form},
    )


@org_admin_required
def staff_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    member = queries.get_staff_member_for(request.user, pk)
    context = {
        "member": member,
        "assignments": queries.assignments_of_staff_for(request.user, member),
        "second_factor": queries.second_factor_status(member),
        "today": today(),
    }
    return render(request, "identity/staff_detail.html", context)


@org_admin_required
def staff_create_view(request: HttpRequest) -> HttpResponse:
    form = StaffCreateForm(
        request.POST or None,
        units=_open_units(request.user),
        may_grant_system_admin=may_grant_system_admin(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.invite_staff_member(
                email=data["email"],
                display_name=data["display_name"],
                display_name_kana=data["display_name_kana"],
                staff_number=data["staff_number"],
                is_system_admin=bool(data.get("is_system_admin")),
                org_unit=data["org_unit"],
                role=data["role"] or None,
                valid_from=data["valid_from"],
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)sさんを登録し、%(email)sにパスワード設定用のリンクを送信しました。")
                % {"name": member.display_name, "email": member.email},
            )
            return redirect("console:staff_detail", pk=member.pk)
    return render(request, "identity/staff_form.html", {"form": form})


@require_POST
@org_admin_required
def staff_resend_invitation_view(request: HttpRequest, pk: int) -> HttpResponse:
    member = queries.get_staff_member_for(request.user, pk)
    services.send_staff_invitation(member, site_url=request.build_absolute_uri("/"))
    messages.success(
        request, _("%(email)sにパスワード設定用のリンクを送信しました。") % {"email": member.email}
    )
    return redirect("console:staff_detail", pk=member.pk)


@require_POST
@org_admin_required
def staff_reset_second_factor_view(request: HttpRequest, pk: int) -> HttpResponse:
    member = queries.get_staff_member_for(request.user, pk)
    services.reset_second_factor(member)
    messages.success(
        request,
        _("%(name)sさんの2段階認証を解除しました。次回のログイン時に再設定が必要です。")
        % {"name": member.display_name or member.email},
    )
    return redirect("console:staff_detail", pk=member.pk)


@org_admin_required
def assignment_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    member = queries.get_staff_member_for(request.user, pk)
    form = AssignmentCreateForm(request.POST or None, units=queries.all_org_units_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assign_staff(
                member,
                data["org_unit"],
                data["role"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                is_primary=data["is_primary"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("配属を登録しました。"))
            return redirect("console:staff_detail", pk=member.pk)
    return render(request, "identity/assignment_form.html", {"form": form, "member": member})


@org_admin_required
def assignment_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = queries.get_assignment_for(request.user, pk)
    form = AssignmentEndForm(request.POST or None, assignment=assignment)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_assignment(assignment, last_day=form.cleaned_data["last_day"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("配属の終了日を登録しました。"))
            return redirect("console:staff_detail", pk=assignment.user_id)
    return render(request, "identity/assignment_end.html", {"form": form, "assignment": assignment})
