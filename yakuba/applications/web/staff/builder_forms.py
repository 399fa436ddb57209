"""The form builder of a draft version, without JavaScript: every button is a small
form posting one change, saved at once through ``services.forms.edit_draft``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from yakuba.core.forms import add_service_errors

from ...forms.builder import (
    ChangeNoteForm,
    FieldForm,
    FieldTypeForm,
    FormTitleForm,
    NewPageForm,
    PageForm,
    empty_initial,
)
from ...models import FormVersion
from ...schema import FIELD_TYPES, BuilderForm
from ...services import forms as form_services
from . import builder_edits as edits
from .builder_common import (
    VIEWS,
    builder_crumbs,
    builder_page,
    get_version_for,
    procedure_crumb,
    version_crumb,
)


def _form_url(version: FormVersion, anchor: str = "") -> str:
    url = reverse(VIEWS + "builder_form", args=[version.procedure_id, version.number])
    return f"{url}#{anchor}" if anchor else url


def _back(version: FormVersion, anchor: str = "") -> HttpResponse:
    return redirect(_form_url(version, anchor))


def _apply(
    request: HttpRequest, version: FormVersion, change: Callable[[BuilderForm], Any]
) -> bool:
    """Save one change; a refusal becomes an error message on the builder page."""
    try:
        form_services.edit_draft(request.user, version, change)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    return True


def _crumbs(version: FormVersion, *items: tuple[str, str]) -> list[tuple[str, str]]:
    return builder_crumbs(procedure_crumb(version.procedure), version_crumb(version), *items)


def _read_only(request: HttpRequest, version: FormVersion) -> HttpResponse | None:
    """A published version's edit pages only say so."""
    if version.is_published:
        return render(
            request,
            "applications/builder/read_only.html",
            {"version": version, "breadcrumbs": _crumbs(version, (_("変更"), ""))},
        )
    return None


def condition_text(item: Any, by_key: dict[str, Any]) -> str:
    show_if = item.show_if or {}
    if not show_if:
        return ""
    controller = by_key.get(show_if.get("field"))
    label = controller.label if controller else show_if.get("field")
    if "checked" in show_if:
        return _("「%(label)s」がチェックされたとき") % {"label": label}
    if "in" in show_if:
        values = "、".join(str(v) for v in show_if["in"])
        return _("「%(label)s」が %(values)s のいずれかのとき") % {"label": label, "values": values}
    return _("「%(label)s」が %(value)s のとき") % {"label": label, "value": show_if.get("equals")}


def _sections(builder_form: BuilderForm) -> list[dict[str, Any]]:
    by_key = {item.key: item for item in builder_form.fields}
    rows = [
        {
            "field": item,
            "type": FIELD_TYPES[item.widget],
            "condition": condition_text(item, by_key),
            "index": index,
        }
        for index, item in enumerate(builder_form.fields)
    ]
    if not builder_form.pages:
        return [{"page": None, "rows": rows}]
    row_of = {row["field"].key: row for row in rows}
    return [
        {"page": page, "rows": [row_of[key] for key in page.fields if key in row_of]}
        for page in builder_form.pages
    ]


@builder_page(methods=("GET",))
def form_builder(request: HttpRequest, procedure_id: int, number: int) -> HttpResponse:
    version = get_version_for(request.user, procedure_id, number)
    builder_form = form_services.builder_form_of(version)
    return render(
        request,
        "applications/builder/form_builder.html",
        {
            "version": version,
            "procedure": version.procedure,
            "builder_form": builder_form,
            "sections": _sections(builder_form),
            "field_count": len(builder_form.fields),
            "title_form": FormTitleForm(
                initial={"title": builder_form.title, "title_en": builder_form.title_en}
            ),
            "note_form": ChangeNoteForm(initial={"change_note": version.change_note}),
            "move_choices": builder_form.pages,
            "breadcrumbs": builder_crumbs(
                procedure_crumb(version.procedure),
                (_("第%(number)d版") % {"number": version.number}, ""),
            ),
        },
    )


@builder_page(methods=("POST",))
def form_title(request: HttpRequest, procedure_id: int, number: int) -> HttpResponse:
    version = get_version_for(request.user, procedure_id, number)
    form = FormTitleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if _apply(request, version, lambda f: edits.set_title(f, data["title"], data["title_en"])):
            messages.success(request, _("題名を保存しました。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, _("題名: %(error)s") % {"error": error})
    return _back(version)


@builder_page(methods=("POST",))
def change_note(request: HttpRequest, procedure_id: int, number: int) -> HttpResponse:
    version = get_version_for(request.user, procedure_id, number)
    form = ChangeNoteForm(request.POST)
    if form.is_valid():
        try:
            form_services.set_change_note(request.user, version, form.cleaned_data["change_note"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("変更内容を保存しました。"))
    else:
        messages.error(request, _("変更内容は300文字以内で入力してください。"))
    return _back(version)


@builder_page()
def field_add(
    request: HttpRequest, procedure_id: int, number: int, parent: str = ""
) -> HttpResponse:
    """Choose the type of the new field, then go on to its editor."""
    version = get_version_for(request.user, procedure_id, number)
    if response := _read_only(request, version):
        return response
    data = (
        request.POST
        if request.method == "POST"
        else (request.GET if "widget" in request.GET else None)
    )
    form = FieldTypeForm(data, in_group=bool(parent))
    page = request.GET.get("page", "") or request.POST.get("page", "")
    if data is not None and form.is_valid():
        url = (
            reverse(VIEWS + "builder_child_new", args=[procedure_id, number, parent])
            if parent
            else reverse(VIEWS + "builder_field_new", args=[procedure_id, number])
        )
        return redirect(f"{url}?widget={form.cleaned_data['widget']}&page={page}")
    heading = _("項目を追加")
    return render(
        request,
        "applications/builder/field_type.html",
        {
            "form": form,
            "version": version,
            "parent": parent,
            "page": page,
            "types": FIELD_TYPES,
            "heading": heading,
            "breadcrumbs": _crumbs(version, (heading, "")),
        },
    )


def _field_page(
    request: HttpRequest,
    version: FormVersion,
    *,
    widget: str,
    key: str | None,
    parent: str,
    page: str,
) -> HttpResponse:
    builder_form = form_services.builder_form_of(version)
    try:
        existing = edits.find(builder_form, key, parent) if key else None
        siblings = edits.siblings(builder_form, parent)
    except ValidationError:
        raise Http404 from None
    if existing is not None:
        widget = existing.widget
    sibling_keys = {item.key for item in siblings if item.key != key}
    condition_fields = edits.earlier_fields(builder_form, key, parent=parent, page=page)
    kwargs: dict[str, Any] = {
        "widget": widget,
        "sibling_keys": sibling_keys,
        "condition_fields": condition_fields,
        "in_group": bool(parent),
    }
    if existing is not None:
        kwargs["field"] = existing
    else:
        kwargs["initial"] = empty_initial(widget)
    form = FieldForm(request.POST if request.method == "POST" else None, **kwargs)
    if request.method == "POST" and form.is_valid():
        new_field = form.to_field()

        def change(target: BuilderForm) -> None:
            if key:
                edits.replace_field(target, key, new_field, parent=parent)
            else:
                edits.add_field(target, new_field, page=page, parent=parent)

        try:
            form_services.edit_draft(request.user, version, change)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("項目「%(label)s」を保存しました。") % {"label": new_field.label}
            )
            if parent:
                return redirect(
                    VIEWS + "builder_field_edit", version.procedure_id, version.number, parent
                )
            return _back(version, f"field-{new_field.key}")
    field_type = FIELD_TYPES[widget]
    heading = (
        _("項目の編集: %(label)s") % {"label": existing.label}
        if existing
        else _("項目を追加: %(type)s") % {"type": field_type.label}
    )
    children = existing.children if existing is not None and widget == "group" else []
    return render(
        request,
        "applications/builder/field_form.html",
        {
            "form": form,
            "version": version,
            "field": existing,
            "field_type": field_type,
            "parent": parent,
            "page": page,
            "children": children,
            "heading": heading,
            "breadcrumbs": _crumbs(version, (heading, "")),
        },
    )


@builder_page()
def field_new(
    request: HttpRequest, procedure_id: int, number: int, parent: str = ""
) -> HttpResponse:
    version = get_version_for(request.user, procedure_id, number)
    if response := _read_only(request, version):
        return response
    widget = request.GET.get("widget", "")
    if widget not in FIELD_TYPES or (parent and not FIELD_TYPES[widget].in_group):
        messages.error(request, _("項目の種類を選んでください。"))
        if parent:
            return redirect(VIEWS + "builder_child_add", procedure_id, number, parent)
        return redirect(VIEWS + "builder_field_add", procedure_id, number)
    return _field_page(
        request, version, widget=widget, key=None, parent=parent, page=request.GET.get("page", "")
    )


@builder_page()
def field_edit(
    request: HttpRequest, procedure_id: int, number: int, key: str, parent: str = ""
) -> HttpResponse:
    version = get_version_for(request.user, procedure_id, number)
    if response := _read_only(request, version):
        return response
    return _field_page(request, version, widget="", key=key, parent=parent, page="")


@builder_page(methods=("POST",))
def field_action(
    request: HttpRequest, procedure_id: int, number: int, key: str, parent: str = ""
) -> HttpResponse:
    """上へ・下へ・削除・ページの移動 of one field (or sub-field of group ``parent``)."""
    version = get_version_for(request.user, procedure_id, number)
    action = request.POST.get("action", "")
    if action in ("up", "down"):
        done = _apply(request, version, lambda f: edits.move_field(f, key, action, parent=parent))
        if done:
            messages.success(request, _("項目の順番を変えました。"))
    elif action == "delete":
        if _apply(request, version, lambda f: edits.delete_field(f, key, parent=parent)):
            messages.success(request, _("項目を削除しました。"))
    elif action == "page" and not parent:
        page = request.POST.get("page", "")
        if _apply(request, version, lambda f: edits.move_to_page(f, key, page)):
            messages.success(request, _("項目を別のページに移しました。"))
    else:
        messages.error(request, _("操作を選んでください。"))
    if parent:
        return redirect(VIEWS + "builder_field_edit", procedure_id, number, parent)
    return _back(version, f"field-{key}")


@builder_page()
def field_delete(
    request: HttpRequest, procedure_id: int, number: int, key: str, parent: str = ""
) -> HttpResponse:
    """Confirm, then delete one field."""
    version = get_version_for(request.user, procedure_id, number)
    if response := _read_only(request, version):
        return response
    builder_form = form_services.builder_form_of(version)
    try:
        item = edits.find(builder_form, key, parent)
    except ValidationError:
        raise Http404 from None
    heading = _("項目の削除: %(label)s") % {"label": item.label}
    return render(
        request,
        "applications/builder/field_delete.html",
        {
            "version": version,
            "field": item,
            "parent": parent,
            "heading": heading,
            "breadcrumbs": _crumbs(version, (heading, "")),
        },
    )


@builder_page()
def page_new(request: HttpRequest, procedure_id: int, number: int) -> HttpResponse:
    version = get_version_for(request.user, procedure_id, number)
    if response := _read_only(request, version):
        return response
    builder_form = form_services.builder_form_of(version)
    if not builder_form.fields:
        messages.error(request, _("ページを作るには、先に項目を追加してください。"))
        return _back(version)
    form = NewPageForm(request.POST or None, fields=builder_form.fields)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            form_services.edit_draft(
                request.user,
                version,
                lambda f: edits.add_page(
                    f,
                    title=data["title"],
                    title_en=data["title_en"],
                    first_field=data["first_field"],
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("ページを追加しました。"))
            return _back(version)
    heading = _("ページを追加")
    return render(
        request,
        "applications/builder/page_form.html",
        {
            "form": form,
            "version": version,
            "heading": heading,
            "breadcrumbs": _crumbs(version, (heading, "")),
        },
    )


@builder_page()
def page_edit(request: HttpRequest, procedure_id: int, number: int, page_key: str) -> HttpResponse:
    version = get_version_for(request.user, procedure_id, number)
    if response := _read_only(request, version):
        return response
    builder_form = form_services.builder_form_of(version)
    page = next((p for p in builder_form.pages if p.key == page_key), None)
    if page is None:
        raise Http404
    if request.method == "POST" and request.POST.get("action") == "delete":
        if _apply(request, version, lambda f: edits.delete_page(f, page_key)):
            messages.success(
                request,
                _("ページ「%(title)s」を削除しました（項目は前のページに移りました）。")
                % {"title": page.title},
            )
        return _back(version)
    form = PageForm(request.POST or None, initial={"title": page.title, "title_en": page.title_en})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            form_services.edit_draft(
                request.user,
                version,
                lambda f: edits.rename_page(
                    f, page_key, title=data["title"], title_en=data["title_en"]
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("ページの題名を保存しました。"))
            return _back(version)
    heading = _("ページの編集: %(title)s") % {"title": page.title}
    return render(
        request,
        "applications/builder/page_form.html",
        {
            "form": form,
            "version": version,
            "page": page,
            "heading": heading,
            "breadcrumbs": _crumbs(version, (heading, "")),
        },
    )
