"""Staff pages of the procedures a department administers: list, facts, versions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yakuba.core.forms import add_service_errors

from ... import policies
from ...forms.builder import ProcedureForm
from ...models import FormState
from ...services import forms as form_services
from ...services import procedures as services
from .builder_common import (
    VIEWS,
    builder_crumbs,
    builder_page,
    get_procedure_for,
    procedure_crumb,
    procedures_for,
    versions_of,
)


def _departments(user) -> list[tuple[str, str]]:
    mine = set(policies.departments_for(user, "admin"))
    return [(code, name) for code, name in services.department_choices() if code in mine]


@builder_page(methods=("GET",))
def procedure_list(request: HttpRequest) -> HttpResponse:
    procedures = list(procedures_for(request.user).prefetch_related("form_versions"))
    rows = []
    for procedure in procedures:
        versions = sorted(procedure.form_versions.all(), key=lambda v: -v.number)
        published = next((v for v in versions if v.state == FormState.PUBLISHED), None)
        draft = next((v for v in versions if v.state == FormState.DRAFT), None)
        rows.append({"procedure": procedure, "published": published, "draft": draft})
    return render(
        request,
        "applications/builder/procedure_list.html",
        {
            "rows": rows,
            "may_edit_catalogue": policies.may_edit_catalogue(request.user),
            "breadcrumbs": [(_("申請フォームの管理"), "")],
        },
    )


@builder_page()
def procedure_new(request: HttpRequest) -> HttpResponse:
    form = ProcedureForm(request.POST or None, departments=_departments(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            procedure = services.create_procedure(request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("手続きを登録しました。続けて申請フォームを作成してください。")
            )
            return redirect(VIEWS + "builder_procedure_detail", procedure.pk)
    heading = _("手続きの登録")
    return render(
        request,
        "applications/builder/procedure_form.html",
        {"form": form, "heading": heading, "breadcrumbs": builder_crumbs((heading, ""))},
    )


@builder_page(methods=("GET",))
def procedure_detail(request: HttpRequest, procedure_id: int) -> HttpResponse:
    procedure = get_procedure_for(request.user, procedure_id)
    versions = list(versions_of(procedure))
    return render(
        request,
        "applications/builder/procedure_detail.html",
        {
            "procedure": procedure,
            "versions": versions,
            "draft": next((v for v in versions if v.state == FormState.DRAFT), None),
            "has_published": any(v.state == FormState.PUBLISHED for v in versions),
            "breadcrumbs": builder_crumbs((procedure.title, "")),
        },
    )


@builder_page()
def procedure_edit(request: HttpRequest, procedure_id: int) -> HttpResponse:
    procedure = get_procedure_for(request.user, procedure_id)
    form = ProcedureForm(
        request.POST or None, instance=procedure, departments=_departments(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_procedure(request.user, procedure, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("手続きの情報を保存しました。"))
            return redirect(VIEWS + "builder_procedure_detail", procedure.pk)
    heading = _("手続きの情報の変更")
    return render(
        request,
        "applications/builder/procedure_form.html",
        {
            "form": form,
            "procedure": procedure,
            "heading": heading,
            "breadcrumbs": builder_crumbs(procedure_crumb(procedure), (heading, "")),
        },
    )


@builder_page(methods=("POST",))
def procedure_publish(request: HttpRequest, procedure_id: int) -> HttpResponse:
    procedure = get_procedure_for(request.user, procedure_id)
    try:
        if request.POST.get("action") == "unpublish":
            services.unpublish_procedure(request.user, procedure)
            messages.success(request, _("手続きを非公開にしました。"))
        else:
            services.publish_procedure(request.user, procedure)
            messages.success(request, _("手続きを公開しました。"))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(VIEWS + "builder_procedure_detail", procedure.pk)


@builder_page(methods=("POST",))
def version_new(request: HttpRequest, procedure_id: int) -> HttpResponse:
    procedure = get_procedure_for(request.user, procedure_id)
    had_draft = procedure.form_versions.filter(state=FormState.DRAFT).exists()
    source = None
    if request.POST.get("from", "").isdigit():
        source = procedure.form_versions.filter(number=int(request.POST["from"])).first()
    version = form_services.start_draft_version(request.user, procedure, from_version=source)
    if had_draft:
        messages.info(request, _("作成中の版があるため、その版を開きました。"))
    else:
        messages.success(request, _("第%(number)d版を作成しました。") % {"number": version.number})
    return redirect(VIEWS + "builder_form", procedure.pk, version.number)


@builder_page(methods=("POST",))
def version_discard(request: HttpRequest, procedure_id: int, number: int) -> HttpResponse:
    """Delete the draft version (a published version stays forever)."""
    procedure = get_procedure_for(request.user, procedure_id)
    version = procedure.form_versions.filter(number=number).first()
    if version is None:
        raise Http404
    try:
        form_services.discard_draft(request.user, version)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(VIEWS + "builder_form", procedure.pk, number)
    messages.success(request, _("第%(number)d版（作成中）を破棄しました。") % {"number": number})
    return redirect(VIEWS + "builder_procedure_detail", procedure.pk)
