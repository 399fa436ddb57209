"""Staff pages of the shared catalogue (文書情報課 admins): categories, and life events
with their procedures in order."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yakuba.core.forms import add_service_errors

from ...forms.builder import CategoryForm, LifeEventForm, StepForm
from ...models import Category, LifeEvent
from ...services import procedures as services
from .builder_common import (
    VIEWS,
    builder_page,
    catalogue_crumbs,
    get_category,
    get_life_event,
)


@builder_page(methods=("GET",), catalogue=True)
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "applications/builder/catalogue.html",
        {
            "categories": Category.objects.order_by("order", "code"),
            "life_events": LifeEvent.objects.prefetch_related("steps").order_by("order", "code"),
            "breadcrumbs": [(_("分類とライフイベント"), "")],
        },
    )


def _edit_page(request, *, form, heading, save, saved, back):
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, saved)
            return back(result)
    return render(
        request,
        "applications/builder/catalogue_form.html",
        {"form": form, "heading": heading, "breadcrumbs": catalogue_crumbs((heading, ""))},
    )


@builder_page(catalogue=True)
def category_new(request: HttpRequest) -> HttpResponse:
    return _edit_page(
        request,
        form=CategoryForm(request.POST or None),
        heading=_("分類の登録"),
        save=lambda data: services.create_category(request.user, **data),
        saved=_("分類を登録しました。"),
        back=lambda _result: redirect(VIEWS + "builder_catalogue"),
    )


@builder_page(catalogue=True)
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_category(pk)
    return _edit_page(
        request,
        form=CategoryForm(request.POST or None, instance=category),
        heading=_("分類の変更: %(name)s") % {"name": category.name},
        save=lambda data: services.update_category(request.user, category, **data),
        saved=_("分類を保存しました。"),
        back=lambda _result: redirect(VIEWS + "builder_catalogue"),
    )


@builder_page(catalogue=True)
def life_event_new(request: HttpRequest) -> HttpResponse:
    return _edit_page(
        request,
        form=LifeEventForm(request.POST or None),
        heading=_("ライフイベントの登録"),
        save=lambda data: services.create_life_event(request.user, **data),
        saved=_("ライフイベントを登録しました。手続きを順に追加してください。"),
        back=lambda result: redirect(VIEWS + "builder_life_event", result.pk),
    )


@builder_page(catalogue=True)
def life_event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    life_event = get_life_event(pk)
    return _edit_page(
        request,
        form=LifeEventForm(request.POST or None, instance=life_event),
        heading=_("ライフイベントの変更: %(name)s") % {"name": life_event.name},
        save=lambda data: services.update_life_event(request.user, life_event, **data),
        saved=_("ライフイベントを保存しました。"),
        back=lambda result: redirect(VIEWS + "builder_life_event", result.pk),
    )


def _steps_of(life_event: LifeEvent) -> list[dict]:
    return [
        {"procedure": step.procedure_id, "note": step.note, "note_en": step.note_en}
        for step in life_event.steps.order_by("order")
    ]


@builder_page(catalogue=True)
def life_event_steps(request: HttpRequest, pk: int) -> HttpResponse:
    """The steps of a life event: add one, move one up or down, remove one."""
    life_event = get_life_event(pk)
    steps = _steps_of(life_event)
    form = StepForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        action = request.POST.get("action", "")
        wanted = None
        if action == "add" and form.is_valid():
            data = form.cleaned_data
            wanted = [
                *steps,
                {
                    "procedure": data["procedure"].pk,
                    "note": data["note"],
                    "note_en": data["note_en"],
                },
            ]
        elif action in ("up", "down", "remove"):
            try:
                index = int(request.POST.get("index", ""))
            except ValueError:
                index = -1
            if 0 <= index < len(steps):
                wanted = list(steps)
                if action == "remove":
                    del wanted[index]
                else:
                    target = index - 1 if action == "up" else index + 1
                    if 0 <= target < len(wanted):
                        wanted[index], wanted[target] = wanted[target], wanted[index]
                    else:
                        messages.error(request, _("これ以上移動できません。"))
                        wanted = None
        if wanted is not None:
            try:
                services.set_life_event_steps(request.user, life_event, wanted)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("手続きの順番を保存しました。"))
                return redirect(VIEWS + "builder_life_event", life_event.pk)
    return render(
        request,
        "applications/builder/life_event.html",
        {
            "life_event": life_event,
            "steps": list(life_event.steps.select_related("procedure").order_by("order")),
            "form": form,
            "breadcrumbs": catalogue_crumbs((life_event.name, "")),
        },
    )
