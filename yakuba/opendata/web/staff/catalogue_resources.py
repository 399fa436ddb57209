"""Staff pages of a dataset's resources: add one (a file uploaded here, or a link or API
elsewhere), change or replace it (a new file becomes the next version; earlier ones stay),
remove it after a confirmation.  Every write goes through ``services.resources``, which
checks a file's content and size; its errors land on the form's fields, and everything
typed stays in the form (only the file must be chosen again: browsers never refill a file
field)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yakuba.core.forms import add_service_errors

from ...forms.resources import ResourceForm
from ...models import Resource, ResourceKind
from ...services import resources as services
from .catalogue_common import (
    VIEWS,
    catalogue_page,
    crumbs,
    dataset_crumb,
    get_dataset_to_edit,
    get_resource_to_edit,
)


def _form_page(request, *, form, heading, dataset, resource=None):
    return render(
        request,
        "opendata/staff/resource_form.html",
        {
            "form": form,
            "heading": heading,
            "dataset": dataset,
            "resource": resource,
            "file_posted": bool(request.FILES.get("upload")) and bool(form.errors),
            "breadcrumbs": crumbs(dataset_crumb(dataset), (heading, "")),
        },
    )


def _initial(resource: Resource) -> dict:
    return {
        "kind": resource.kind,
        "url": resource.url,
        "name": resource.name,
        "name_en": resource.name_en,
        "description": resource.description,
        "description_en": resource.description_en,
        "format": resource.format,
    }


@catalogue_page(methods=("GET", "POST"))
def resource_new(request: HttpRequest, name: str) -> HttpResponse:
    dataset = get_dataset_to_edit(request.user, name)
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"] if form.cleaned_data["kind"] == "upload" else None
        try:
            resource = services.create_resource(
                request.user, dataset, fields=form.service_fields(), upload=upload
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("「%(name)s」を追加しました。") % {"name": resource.name})
            return redirect(VIEWS + "dataset_detail", dataset.name)
    return _form_page(request, form=form, heading=_("データの追加"), dataset=dataset)


@catalogue_page(methods=("GET", "POST"))
def resource_edit(request: HttpRequest, name: str, resource_id: uuid.UUID) -> HttpResponse:
    resource = get_resource_to_edit(request.user, name, resource_id)
    dataset = resource.dataset
    has_file = resource.kind == ResourceKind.UPLOAD and bool(resource.file_version)
    form = ResourceForm(
        request.POST or None,
        request.FILES or None,
        has_file=has_file,
        initial=_initial(resource),
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"] if form.cleaned_data["kind"] == "upload" else None
        try:
            resource = services.update_resource(
                request.user,
                resource,
                fields=form.service_fields(),
                upload=upload,
                replace=False,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("「%(name)s」を保存しました。") % {"name": resource.name})
            return redirect(VIEWS + "dataset_detail", dataset.name)
    return _form_page(
        request,
        form=form,
        heading=_("データの変更: %(name)s") % {"name": resource.name},
        dataset=dataset,
        resource=resource,
    )


@catalogue_page(methods=("GET", "POST"))
def resource_delete(request: HttpRequest, name: str, resource_id: uuid.UUID) -> HttpResponse:
    resource = get_resource_to_edit(request.user, name, resource_id)
    dataset = resource.dataset
    if request.method == "POST":
        services.delete_resource(request.user, resource)
        messages.success(request, _("「%(name)s」を削除しました。") % {"name": resource.name})
        return redirect(VIEWS + "dataset_detail", dataset.name)
    heading = _("データの削除: %(name)s") % {"name": resource.name}
    return render(
        request,
        "opendata/staff/resource_delete.html",
        {
            "dataset": dataset,
            "resource": resource,
            "heading": heading,
            "breadcrumbs": crumbs(dataset_crumb(dataset), (heading, "")),
        },
    )
