"""Staff pages of the catalogue itself, for its administrators (文書情報課): publishers
(each tied to the department whose staff edit its datasets) and categories.  Writes go
through ``services.catalogue``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from yakuba.core.forms import add_service_errors

from ... import queries
from ...forms.catalogue import GroupForm, OrganizationForm
from ...models import DatasetState, Group, Organization
from ...services import catalogue as services
from .catalogue_common import VIEWS, catalogue_page, crumbs

_LIVE = ~Q(datasets__state=DatasetState.DELETED)


def _publishers_crumb() -> tuple[str, str]:
    return (_("公開元と分類"), reverse(VIEWS + "organization_list"))


@catalogue_page(catalogue=True)
def organization_list(request: HttpRequest) -> HttpResponse:
    """Publishers and categories, with the number of datasets of each (deleted ones apart)."""
    return render(
        request,
        "opendata/staff/organization_list.html",
        {
            "organizations": queries.organizations().annotate(
                dataset_count=Count("datasets", filter=_LIVE)
            ),
            "groups": queries.groups().annotate(dataset_count=Count("datasets", filter=_LIVE)),
            "breadcrumbs": crumbs((_("公開元と分類"), "")),
        },
    )


def _edit_page(request, *, form, heading, save, saved):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, saved)
            return redirect(VIEWS + "organization_list")
    return render(
        request,
        "opendata/staff/catalogue_form.html",
        {
            "form": form,
            "heading": heading,
            "breadcrumbs": crumbs(_publishers_crumb(), (heading, "")),
        },
    )


def _organization(name: str) -> Organization:
    try:
        return queries.get_organization(name)
    except Organization.DoesNotExist:
        raise Http404 from None


def _group(name: str) -> Group:
    try:
        return queries.get_group(name)
    except Group.DoesNotExist:
        raise Http404 from None


@catalogue_page(methods=("GET", "POST"), catalogue=True)
def organization_new(request: HttpRequest) -> HttpResponse:
    return _edit_page(
        request,
        form=OrganizationForm(request.POST or None),
        heading=_("公開元の登録"),
        save=lambda data: services.save_organization(request.user, fields=data),
        saved=_("公開元を登録しました。"),
    )


@catalogue_page(methods=("GET", "POST"), catalogue=True)
def organization_edit(request: HttpRequest, name: str) -> HttpResponse:
    organization = _organization(name)
    return _edit_page(
        request,
        form=OrganizationForm(request.POST or None, instance=organization),
        heading=_("公開元の変更: %(title)s") % {"title": organization.title},
        save=lambda data: services.save_organization(request.user, organization, fields=data),
        saved=_("公開元を保存しました。"),
    )


@catalogue_page(methods=("GET", "POST"), catalogue=True)
def group_new(request: HttpRequest) -> HttpResponse:
    return _edit_page(
        request,
        form=GroupForm(request.POST or None),
        heading=_("分類の登録"),
        save=lambda data: services.save_group(request.user, fields=data),
        saved=_("分類を登録しました。"),
    )


@catalogue_page(methods=("GET", "POST"), catalogue=True)
def group_edit(request: HttpRequest, name: str) -> HttpResponse:
    group = _group(name)
    return _edit_page(
        request,
        form=GroupForm(request.POST or None, instance=group),
        heading=_("分類の変更: %(title)s") % {"title": group.title},
        save=lambda data: services.save_group(request.user, group, fields=data),
        saved=_("分類を保存しました。"),
    )
