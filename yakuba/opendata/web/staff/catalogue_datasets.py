"""Staff pages of datasets: the list of those the user may edit, create, edit, delete (soft,
after a confirmation) and restore, and the kept versions.  Every write goes through
``services.datasets``."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yakuba.core.forms import add_service_errors
from yakuba.core.services import get_municipality

from ... import policies, queries
from ...forms.datasets import DatasetForm
from ...models import DatasetState
from ...serialize import dataset_page_url
from ...services import datasets as services
from ...text import search_key
from ..citizen.display import action_label, frequency_label, license_info, state_tag
from .catalogue_common import (
    VIEWS,
    catalogue_page,
    crumbs,
    dataset_crumb,
    datasets_to_edit,
    get_dataset_to_edit,
)

#: Datasets per page of the list.
ROWS = 50
#: Versions listed on a dataset's page.
HISTORY_ROWS = 50

STATE_FILTERS = {
    "": _("削除済みを除くすべて"),
    "public": _("公開中"),
    "private": _("非公開"),
    "draft": _("下書き"),
    "deleted": _("削除済み"),
}


@catalogue_page()
def dataset_list(request: HttpRequest) -> HttpResponse:
    """The datasets of the publishers the user may edit, newest change first."""
    datasets = datasets_to_edit(request.user)
    words = request.GET.get("q", "").strip()[:200]
    for word in words.split():
        key = search_key(word)
        if key:
            datasets = datasets.filter(search_text__contains=key)
    state = request.GET.get("state", "")
    if state not in STATE_FILTERS:
        state = ""
    if state == "deleted":
        datasets = datasets.filter(state=DatasetState.DELETED)
    else:
        datasets = datasets.exclude(state=DatasetState.DELETED)
    if state == "public":
        datasets = datasets.filter(state=DatasetState.ACTIVE, private=False)
    elif state == "private":
        datasets = datasets.filter(private=True)
    elif state == "draft":
        datasets = datasets.filter(state=DatasetState.DRAFT)
    page = Paginator(datasets, ROWS).get_page(request.GET.get("page"))
    organizations = queries.organizations_to_edit(request.user)
    return render(
        request,
        "opendata/staff/dataset_list.html",
        {
            "page": page,
            "rows": [{"dataset": d, "state": state_tag(d)} for d in page.object_list],
            "words": words,
            "state": state,
            "state_filters": list(STATE_FILTERS.items()),
            "may_create": organizations.exists(),
            "may_run_catalogue": policies.may_run_catalogue(request.user),
            "breadcrumbs": [(_("オープンデータ"), "")],
        },
    )


def _form_page(request, *, form, heading, breadcrumbs, dataset=None):
    return render(
        request,
        "opendata/staff/dataset_form.html",
        {"form": form, "heading": heading, "dataset": dataset, "breadcrumbs": breadcrumbs},
    )


@catalogue_page(methods=("GET", "POST"))
def dataset_new(request: HttpRequest) -> HttpResponse:
    organizations = queries.organizations_to_edit(request.user)
    if not organizations.exists():
        raise PermissionDenied
    initial = {}
    municipality = get_municipality()
    if municipality is not None:
        initial = {"spatial": municipality.name, "spatial_code": municipality.code}
    form = DatasetForm(request.POST or None, organizations=organizations, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            dataset = services.create_dataset(request.user, fields=form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "データセット「%(title)s」を登録しました。データ（ファイルやリンク）を追加してください。"
                )
                % {"title": dataset.title},
            )
            return redirect(VIEWS + "dataset_detail", dataset.name)
    heading = _("データセットの登録")
    return _form_page(request, form=form, heading=heading, breadcrumbs=crumbs((heading, "")))


@catalogue_page(methods=("GET", "POST"))
def dataset_edit(request: HttpRequest, name: str) -> HttpResponse:
    dataset = get_dataset_to_edit(request.user, name)
    form = DatasetForm(
        request.POST or None,
        instance=dataset,
        organizations=queries.organizations_to_edit(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            dataset = services.patch_dataset(request.user, dataset, fields=form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("変更を保存しました。"))
            return redirect(VIEWS + "dataset_detail", dataset.name)
    heading = _("データセットの変更")
    return _form_page(
        request,
        form=form,
        heading=heading,
        dataset=dataset,
        breadcrumbs=crumbs(dataset_crumb(dataset), (heading, "")),
    )


@catalogue_page()
def dataset_detail(request: HttpRequest, name: str) -> HttpResponse:
    dataset = get_dataset_to_edit(request.user, name)
    versions = list(
        queries.dataset_versions(dataset)
        .select_related("created_by")
        .defer("snapshot")[: HISTORY_ROWS + 1]
    )
    return render(
        request,
        "opendata/staff/dataset_detail.html",
        {
            "dataset": dataset,
            "state": state_tag(dataset),
            "is_deleted": dataset.state == DatasetState.DELETED,
            "tags": sorted(tag.name for tag in dataset.tags.all()),
            "groups": list(queries.groups().filter(datasets=dataset)),
            "license": license_info(dataset.license_id),
            "frequency": frequency_label(dataset.frequency),
            "resources": list(queries.resources_of(dataset)),
            "versions": [
                {"version": version, "action": action_label(version.action)}
                for version in versions[:HISTORY_ROWS]
            ],
            "more_versions": len(versions) > HISTORY_ROWS,
            "public_url": dataset_page_url(dataset),
            "breadcrumbs": crumbs((dataset.title, "")),
        },
    )


@catalogue_page(methods=("GET", "POST"))
def dataset_delete(request: HttpRequest, name: str) -> HttpResponse:
    """Confirm, then delete (the dataset leaves the catalogue; its row and versions stay)."""
    dataset = get_dataset_to_edit(request.user, name)
    if dataset.state == DatasetState.DELETED:
        return redirect(VIEWS + "dataset_detail", dataset.name)
    if request.method == "POST":
        services.delete_dataset(request.user, dataset)
        messages.success(
            request, _("データセット「%(title)s」を削除しました。") % {"title": dataset.title}
        )
        return redirect(VIEWS + "dataset_list")
    heading = _("データセットの削除")
    return render(
        request,
        "opendata/staff/dataset_delete.html",
        {
            "dataset": dataset,
            "heading": heading,
            "breadcrumbs": crumbs(dataset_crumb(dataset), (heading, "")),
        },
    )


@catalogue_page(methods=("POST",))
def dataset_restore(request: HttpRequest, name: str) -> HttpResponse:
    """Put a deleted dataset back (as it was, public or private)."""
    dataset = get_dataset_to_edit(request.user, name)
    if dataset.state == DatasetState.DELETED:
        services.patch_dataset(request.user, dataset, fields={"state": DatasetState.ACTIVE})
        messages.success(request, _("データセットを元に戻しました。"))
    return redirect(VIEWS + "dataset_detail", dataset.name)


@catalogue_page()
def version_detail(request: HttpRequest, name: str, number: int) -> HttpResponse:
    """One kept version: the dataset as the API returned it right after that change."""
    dataset = get_dataset_to_edit(request.user, name)
    version = (
        queries.dataset_versions(dataset).select_related("created_by").filter(number=number).first()
    )
    if version is None:
        raise Http404
    heading = _("改訂番号 %(number)s") % {"number": version.number}
    return render(
        request,
        "opendata/staff/version_detail.html",
        {
            "dataset": dataset,
            "version": version,
            "action": action_label(version.action),
            "snapshot": json.dumps(version.snapshot, ensure_ascii=False, indent=2),
            "heading": heading,
            "breadcrumbs": crumbs(dataset_crumb(dataset), (heading, "")),
        },
    )
