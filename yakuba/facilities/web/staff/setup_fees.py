"""Staff pages of the fee schedules (料金表): list, create (empty or copied), edit a draft
(policy, rates grid per facility, equipment fees, reductions), publish, delete a draft,
and a fee preview with :func:`~yakuba.facilities.services.fees.quote_fee`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from yakuba.core.forms import add_service_errors
from yakuba.core.japanese import format_yen

from ... import policies
from ...forms.catalogue import (
    EquipmentFeesForm,
    QuotePreviewForm,
    RatesForm,
    ReductionForm,
    ScheduleCreateForm,
    SchedulePolicyForm,
)
from ...models import UserClass
from ...queries import catalogue as queries
from ...services import fee_schedules as services
from ...services.fees import quote_fee
from ...services.slots import frames_range
from .setup_common import fee_crumbs, schedule_crumb, setup_page


def _detail(schedule_id: int) -> HttpResponse:
    return redirect("console:facilities:setup_schedule_detail", schedule_id)


@setup_page(methods=("GET",))
def schedule_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "facilities/staff/setup/schedule_list.html",
        {
            "schedules": list(queries.schedules_for(request.user)),
            "in_force": queries.schedule_in_force_today(),
            "may_change": policies.may_administer(request.user),
            "breadcrumbs": [(_("料金表"), "")],
        },
    )


@setup_page(change=True)
def schedule_new(request: HttpRequest) -> HttpResponse:
    schedules = list(queries.schedules_for(request.user))
    initial: dict[str, Any] = {}
    if request.method == "GET" and request.GET.get("copy_from", "").isdigit():
        initial["copy_from"] = int(request.GET["copy_from"])
    form = ScheduleCreateForm(request.POST or None, schedules=schedules, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            schedule = services.create_schedule(
                request.user,
                title=form.cleaned_data["title"],
                valid_from=form.cleaned_data["valid_from"],
                note=form.cleaned_data["note"],
                copy_from=form.copy_source(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("料金表（下書き）を作成しました。"))
            return _detail(schedule.pk)
    return render(
        request,
        "facilities/staff/setup/schedule_new.html",
        {"form": form, "breadcrumbs": fee_crumbs((_("料金表の作成"), ""))},
    )


def _preview(request: HttpRequest, facilities: list) -> dict[str, Any]:
    """The fee preview (GET ``preview_facility`` + the preview form's fields)."""
    chosen = None
    raw = request.GET.get("preview_facility", "")
    for facility in facilities:
        if str(facility.pk) == raw:
            chosen = facility
    if chosen is None:
        return {"preview_facilities": facilities}
    form = QuotePreviewForm(request.GET, facility=chosen)
    result: dict[str, Any] = {}
    if form.is_valid():
        room = form.room_map[form.cleaned_data["room"]]
        day = form.cleaned_data["day"]
        try:
            _start, _end, frames = frames_range(chosen, day, form.cleaned_data["frames"])
            quote = quote_fee(
                room=room,
                frames=frames,
                user_class=form.cleaned_data["user_class"],
                day=day,
                reduction_code=form.cleaned_data["reduction_code"].strip(),
            )
        except ValidationError as error:
            add_service_errors(
                form, error, field_map={"reduction": "reduction_code", "equipment": "room"}
            )
        else:
            result = {
                "schedule": quote.schedule,
                "lines": [(line.label, format_yen(line.amount)) for line in quote.lines],
                "room_fee": format_yen(quote.room_fee),
                "reduction": quote.reduction,
                "reduction_amount": format_yen(quote.reduction_amount),
                "total": format_yen(quote.total),
                "user_class": UserClass(quote.user_class).label,
            }
    return {
        "preview_facilities": facilities,
        "preview_facility": chosen,
        "preview_form": form,
        "preview": result,
    }


@setup_page(methods=("GET",))
def schedule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = queries.get_schedule_for(request.user, pk)
    facilities = list(queries.facilities_for(request.user))
    counts = queries.rate_counts(schedule)
    missing = [] if schedule.is_published else services.missing_rates(schedule)
    missing_by_facility: dict[int, int] = {}
    for cell in missing:
        missing_by_facility[cell.facility.pk] = missing_by_facility.get(cell.facility.pk, 0) + 1
    return render(
        request,
        "facilities/staff/setup/schedule_detail.html",
        {
            "schedule": schedule,
            "facility_rows": [
                (facility, counts.get(facility.pk, 0), missing_by_facility.get(facility.pk, 0))
                for facility in facilities
            ],
            "missing": missing[: services.LISTED_MISSING],
            "missing_count": len(missing),
            "missing_more": max(len(missing) - services.LISTED_MISSING, 0),
            "reductions": list(schedule.reductions.all()),
            "may_change": policies.may_administer(request.user) and not schedule.is_published,
            "may_copy": policies.may_administer(request.user),
            "valid_from_past": schedule.valid_from < timezone.localdate(),
            "breadcrumbs": fee_crumbs((schedule.title, "")),
            **_preview(request, facilities),
        },
    )


def _locked(request: HttpRequest, schedule: Any) -> HttpResponse | None:
    """Published schedules are immutable: every edit page sends back with a message."""
    if schedule.is_published:
        messages.error(request, services.locked_message())
        return _detail(schedule.pk)
    return None


@setup_page(change=True)
def schedule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = queries.get_schedule_for(request.user, pk)
    if (response := _locked(request, schedule)) is not None:
        return response
    form = SchedulePolicyForm(request.POST or None, instance=schedule)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_schedule(request.user, schedule, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("料金表の設定を保存しました。"))
            return _detail(schedule.pk)
    return render(
        request,
        "facilities/staff/setup/schedule_edit.html",
        {
            "form": form,
            "schedule": schedule,
            "heading": _("料金表の設定"),
            "breadcrumbs": fee_crumbs(schedule_crumb(schedule), (_("料金表の設定"), "")),
        },
    )


@setup_page()
def schedule_rates(request: HttpRequest, pk: int, facility_id: int) -> HttpResponse:
    """The rates grid (rooms × frames × the five user classes) and the equipment fees of
    one facility: a form for administrators while the schedule is a draft, read-only
    amounts otherwise (a published schedule, or a viewer)."""
    schedule = queries.get_schedule_for(request.user, pk)
    if request.method == "POST" and (response := _locked(request, schedule)) is not None:
        return response
    facility = queries.get_facility_for(request.user, facility_id)
    editable = policies.may_administer(request.user) and not schedule.is_published
    data = request.POST if request.method == "POST" else None
    rooms, frames = list(facility.rooms.all()), list(facility.frames.all())
    items = list(facility.lendables.all())
    rates = queries.schedule_rates(schedule, facility)
    fees = queries.schedule_equipment_fees(schedule, facility)
    rates_form = RatesForm(data, rooms=rooms, frames=frames, amounts=rates, prefix="rates")
    equipment_form = EquipmentFeesForm(data, items=items, amounts=fees, prefix="equipment")

    def shown(amount: int | None) -> str:
        return "—" if amount is None else format_yen(amount)

    readonly_rows = [
        (room, frame, [shown(rates.get((room.pk, frame.pk, value))) for value in UserClass.values])
        for room in rooms
        for frame in frames
    ]
    readonly_equipment = [(item, shown(fees.get(item.pk))) for item in items]
    if request.method == "POST" and rates_form.is_valid() and equipment_form.is_valid():
        try:
            services.set_rates(request.user, schedule, facility, rates_form.amounts())
            services.set_equipment_fees(request.user, schedule, facility, equipment_form.amounts())
        except ValidationError as error:
            add_service_errors(rates_form, error)
        else:
            messages.success(
                request, _("%(name)sの使用料を保存しました。") % {"name": facility.name}
            )
            return _detail(schedule.pk)
    return render(
        request,
        "facilities/staff/setup/schedule_rates.html",
        {
            "schedule": schedule,
            "facility": facility,
            "rates_form": rates_form,
            "equipment_form": equipment_form,
            "classes": UserClass.choices,
            "editable": editable,
            "readonly_rows": readonly_rows,
            "readonly_equipment": readonly_equipment,
            "has_errors": bool(rates_form.errors or equipment_form.errors),
            "breadcrumbs": fee_crumbs(schedule_crumb(schedule), (facility.name, "")),
        },
    )


@setup_page(change=True)
def reduction_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _reduction_page(request, pk, None)


@setup_page(change=True)
def reduction_edit(request: HttpRequest, pk: int, reduction_id: int) -> HttpResponse:
    return _reduction_page(request, pk, reduction_id)


def _reduction_page(request: HttpRequest, pk: int, reduction_id: int | None) -> HttpResponse:
    schedule = queries.get_schedule_for(request.user, pk)
    if (response := _locked(request, schedule)) is not None:
        return response
    reduction = (
        queries.get_reduction_for(request.user, schedule, reduction_id) if reduction_id else None
    )
    if (
        request.method == "POST"
        and reduction is not None
        and request.POST.get("action") == "delete"
    ):
        services.delete_reduction(request.user, reduction)
        messages.success(request, _("減免を削除しました。"))
        return _detail(schedule.pk)
    form = ReductionForm(request.POST or None, instance=reduction)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_reduction(request.user, schedule, form.cleaned_data, reduction)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("減免を保存しました。"))
            return _detail(schedule.pk)
    heading = _("減免の変更") if reduction else _("減免の追加")
    return render(
        request,
        "facilities/staff/setup/reduction_form.html",
        {
            "form": form,
            "schedule": schedule,
            "reduction": reduction,
            "heading": heading,
            "breadcrumbs": fee_crumbs(schedule_crumb(schedule), (heading, "")),
        },
    )


@setup_page(change=True, methods=("POST",))
def schedule_publish(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = queries.get_schedule_for(request.user, pk)
    try:
        services.publish_schedule(request.user, schedule)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("料金表を公開しました。公開した料金表は変更できません。"))
    return _detail(schedule.pk)


@setup_page(change=True, methods=("POST",))
def schedule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = queries.get_schedule_for(request.user, pk)
    try:
        services.delete_schedule(request.user, schedule)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _detail(schedule.pk)
    messages.success(request, _("下書きの料金表を削除しました。"))
    return redirect("console:facilities:setup_schedule_list")
