"""Preview (as the citizen sees each page, in Japanese and English), the JSON of a
version (view, download, import) and publishing with the differences to the previous
published version."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yakuba.core.forms import add_service_errors

from ...forms.builder import ImportForm, PublishForm
from ...models import FormVersion
from ...schema import BuilderField, BuilderForm, FormDefinition, build_page_form
from ...services import forms as form_services
from .builder_common import (
    VIEWS,
    builder_crumbs,
    builder_page,
    get_version_for,
    previous_published,
    procedure_crumb,
    version_crumb,
)

LANGUAGES = (("ja", "日本語"), ("en", "English"))


def _crumbs(version: FormVersion, *items: tuple[str, str]) -> list[tuple[str, str]]:
    return builder_crumbs(procedure_crumb(version.procedure), version_crumb(version), *items)


@builder_page(methods=("GET",))
def preview(request: HttpRequest, procedure_id: int, number: int) -> HttpResponse:
    """Every page of the form rendered by the engine's page forms, not submittable."""
    version = get_version_for(request.user, procedure_id, number)
    language = request.GET.get("lang", "ja")
    if language not in dict(LANGUAGES):
        language = "ja"
    definition = FormDefinition.of(version)
    pages = []
    with translation.override(language):
        for index, page in enumerate(definition.pages, 1):
            form = build_page_form(definition, page.key, language=language)
            pages.append(
                {
                    "number": index,
                    "title": (
                        page.title_en if language == "en" and page.title_en else page.title_ja
                    ),
                    "html": render_to_string(
                        "applications/builder/preview-page.html",
                        {"form": form, "page_number": index},
                        request=request,
                    ),
                }
            )
        title = definition.title(language)
    heading = _("プレビュー")
    return render(
        request,
        "applications/builder/preview.html",
        {
            "version": version,
            "pages": pages,
            "form_title": title,
            "language": language,
            "languages": LANGUAGES,
            "heading": heading,
            "breadcrumbs": _crumbs(version, (heading, "")),
        },
    )


def _pretty(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


@builder_page(methods=("GET",))
def json_view(request: HttpRequest, procedure_id: int, number: int) -> HttpResponse:
    version = get_version_for(request.user, procedure_id, number)
    part = request.GET.get("download", "")
    if part in ("schema", "ui_schema"):
        body = _pretty(getattr(version, part)) + "\n"
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        name = f"{version.procedure.code}-v{version.number}-{part.replace('_', '-')}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    heading = _("JSONを表示")
    return render(
        request,
        "applications/builder/json.html",
        {
            "version": version,
            "schema_json": _pretty(version.schema),
            "ui_json": _pretty(version.ui_schema),
            "heading": heading,
            "breadcrumbs": _crumbs(version, (heading, "")),
        },
    )


@builder_page()
def json_import(request: HttpRequest, procedure_id: int, number: int) -> HttpResponse:
    version = get_version_for(request.user, procedure_id, number)
    if version.is_published:
        return render(
            request,
            "applications/builder/read_only.html",
            {"version": version, "breadcrumbs": _crumbs(version, (_("JSONの取り込み"), ""))},
        )
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            form_services.import_definition(
                request.user, version, form.cleaned_data["schema"], form.cleaned_data["ui_schema"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("JSONを取り込みました。"))
            return redirect(VIEWS + "builder_form", procedure_id, number)
    heading = _("JSONの取り込み")
    return render(
        request,
        "applications/builder/import.html",
        {
            "form": form,
            "version": version,
            "heading": heading,
            "breadcrumbs": _crumbs(version, (heading, "")),
        },
    )


CHANGE_LABELS = {
    "widget": gettext_lazy("項目の種類"),
    "label": gettext_lazy("項目名"),
    "label_en": gettext_lazy("項目名（英語）"),
    "help": gettext_lazy("説明"),
    "help_en": gettext_lazy("説明（英語）"),
    "required": gettext_lazy("必須"),
    "options": gettext_lazy("設定"),
    "show_if": gettext_lazy("表示条件"),
    "prefill": gettext_lazy("住民記録から入力"),
    "placeholder": gettext_lazy("入力例"),
    "children": gettext_lazy("グループの項目"),
}


def form_differences(old: BuilderForm | None, new: BuilderForm) -> dict[str, Any]:
    """What changed from ``old`` to ``new``: title, fields added/removed/changed, order
    and pages."""
    old = old or BuilderForm(title="")
    old_fields: dict[str, BuilderField] = {item.key: item for item in old.fields}
    new_fields: dict[str, BuilderField] = {item.key: item for item in new.fields}
    changed = []
    for key, item in new_fields.items():
        before = old_fields.get(key)
        if before is None or before == item:
            continue
        was, now = asdict(before), asdict(item)
        names = [name for name in CHANGE_LABELS if was.get(name) != now.get(name)]
        changed.append({"field": item, "what": [CHANGE_LABELS[name] for name in names]})
    common_old = [key for key in old_fields if key in new_fields]
    common_new = [key for key in new_fields if key in old_fields]
    return {
        "title_changed": (old.title, old.title_en) != (new.title, new.title_en),
        "added": [item for key, item in new_fields.items() if key not in old_fields],
        "removed": [item for key, item in old_fields.items() if key not in new_fields],
        "changed": changed,
        "reordered": common_old != common_new,
        "pages_changed": [(p.key, p.title, p.title_en, p.fields) for p in old.pages]
        != [(p.key, p.title, p.title_en, p.fields) for p in new.pages],
    }


@builder_page()
def publish(request: HttpRequest, procedure_id: int, number: int) -> HttpResponse:
    """Confirm page with the differences to the previous published version, then publish."""
    version = get_version_for(request.user, procedure_id, number)
    if version.is_published:
        return render(
            request,
            "applications/builder/read_only.html",
            {"version": version, "breadcrumbs": _crumbs(version, (_("公開する"), ""))},
        )
    form = PublishForm(request.POST or None, initial={"change_note": version.change_note})
    if request.method == "POST" and form.is_valid():
        try:
            form_services.set_change_note(request.user, version, form.cleaned_data["change_note"])
            form_services.publish_version(request.user, version)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("第%(number)d版を公開しました。これから始まる申請はこの版を使います。")
                % {"number": version.number},
            )
            return redirect(VIEWS + "builder_procedure_detail", procedure_id)
    previous = previous_published(version)
    differences = form_differences(
        form_services.builder_form_of(previous) if previous else None,
        form_services.builder_form_of(version),
    )
    heading = _("第%(number)d版を公開する") % {"number": version.number}
    return render(
        request,
        "applications/builder/publish_confirm.html",
        {
            "form": form,
            "version": version,
            "previous": previous,
            "differences": differences,
            "heading": heading,
            "breadcrumbs": _crumbs(version, (_("公開する"), "")),
        },
    )
