"""Staff pages of the staff-kept tables (指定緊急避難場所, AED設置箇所): list, add, change,
delete, and import a CSV file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from yakuba.core.forms import add_service_errors

from ...services import places as services
from ...standard import reads
from ...standard.definitions import StandardDataset, get_definition
from ...standard.values import MunicipalityNotSet
from .standard_common import VIEWS, crumbs, standard_page
from .standard_forms import PLACE_FORMS, ImportForm


def _definition(key: str) -> StandardDataset:
    try:
        definition = get_definition(key)
    except KeyError:
        raise Http404 from None
    if not definition.staff_kept:
        raise Http404
    return definition


def _require_edit(request: HttpRequest, key: str) -> None:
    if not services.may_edit_places(request.user, key):
        raise PermissionDenied


def _list_url(key: str) -> str:
    return reverse(VIEWS + "place_list", args=[key])


def _crumbs(definition: StandardDataset, *items: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(
        (str(definition.title), reverse(VIEWS + "standard_detail", args=[definition.key])),
        *items,
    )


@standard_page()
def place_list(request: HttpRequest, key: str) -> HttpResponse:
    definition = _definition(key)
    return render(
        request,
        "opendata/standard/place_list.html",
        {
            "definition": definition,
            "places": list(reads.places_of(key)),
            "may_edit": services.may_edit_places(request.user, key),
            "breadcrumbs": _crumbs(definition, (_("登録されている場所"), "")),
        },
    )


def _form_page(request: HttpRequest, key: str, place=None) -> HttpResponse:
    definition = _definition(key)
    _require_edit(request, key)
    form = PLACE_FORMS[key](request.POST or None, instance=place)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_place(request.user, key, form.service_values(), place)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("保存しました。公開ファイルは自動で更新されます。"))
            return redirect(_list_url(key))
    heading = _("場所の変更") if place is not None else _("場所の登録")
    return render(
        request,
        "opendata/standard/place_form.html",
        {
            "definition": definition,
            "form": form,
            "heading": heading,
            "place": place,
            "breadcrumbs": _crumbs(
                definition, (_("登録されている場所"), _list_url(key)), (heading, "")
            ),
        },
    )


@standard_page(methods=("GET", "POST"))
def place_new(request: HttpRequest, key: str) -> HttpResponse:
    return _form_page(request, key)


@standard_page(methods=("GET", "POST"))
def place_edit(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    _definition(key)
    return _form_page(request, key, reads.get_place(key, pk))


@standard_page(methods=("GET", "POST"))
def place_delete(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    definition = _definition(key)
    _require_edit(request, key)
    place = reads.get_place(key, pk)
    if request.method == "POST":
        services.delete_place(request.user, key, place)
        messages.success(request, _("「%(name)s」を削除しました。") % {"name": place.name})
        return redirect(_list_url(key))
    return render(
        request,
        "opendata/standard/place_delete.html",
        {
            "definition": definition,
            "place": place,
            "breadcrumbs": _crumbs(
                definition, (_("登録されている場所"), _list_url(key)), (_("削除"), "")
            ),
        },
    )


@standard_page(methods=("GET", "POST"))
def place_import(request: HttpRequest, key: str) -> HttpResponse:
    definition = _definition(key)
    _require_edit(request, key)
    form = ImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = services.import_places(
                request.user, key, upload.read(), replace=form.cleaned_data["replace"]
            )
        except MunicipalityNotSet as error:
            form.add_error(None, str(error))
        else:
            if outcome.saved:
                messages.success(
                    request,
                    _(
                        "読み込みました（追加 %(created)s件、更新 %(updated)s件、削除 %(deleted)s件）。"
                    )
                    % {
                        "created": outcome.created,
                        "updated": outcome.updated,
                        "deleted": outcome.deleted,
                    },
                )
                return redirect(_list_url(key))
    return render(
        request,
        "opendata/standard/place_import.html",
        {
            "definition": definition,
            "form": form,
            "outcome": outcome,
            "breadcrumbs": _crumbs(
                definition,
                (_("登録されている場所"), _list_url(key)),
                (_("ファイルから読み込む"), ""),
            ),
        },
        status=400 if outcome is not None and not outcome.saved else 200,
    )
