"""Staff setup of facilities, rooms, time frames, lendable equipment and closures
(文化振興課: viewers see, administrators change)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yakuba.core.forms import add_service_errors

from ... import policies
from ...forms.catalogue import (
    WEEKDAYS,
    ClosureForm,
    EquipmentForm,
    FacilityForm,
    FrameForm,
    RoomForm,
)
from ...queries import catalogue as queries
from ...services import catalogue as services
from .setup_common import facility_crumb, setup_crumbs, setup_page


def _detail(facility_id: int) -> HttpResponse:
    return redirect("console:facilities:setup_facility_detail", facility_id)


@setup_page(methods=("GET",))
def facility_list(request: HttpRequest) -> HttpResponse:
    facilities = list(queries.facilities_for(request.user).prefetch_related("rooms", "frames"))
    return render(
        request,
        "facilities/staff/setup/facility_list.html",
        {
            "facilities": facilities,
            "may_change": policies.may_administer(request.user),
            "breadcrumbs": setup_crumbs()[:-1] + [(_("施設の設定"), "")],
        },
    )


@setup_page(change=True)
def facility_new(request: HttpRequest) -> HttpResponse:
    form = FacilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            facility = services.save_facility(request.user, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("施設を登録しました。"))
            return _detail(facility.pk)
    return render(
        request,
        "facilities/staff/setup/facility_form.html",
        {
            "form": form,
            "heading": _("施設の登録"),
            "breadcrumbs": setup_crumbs((_("施設の登録"), "")),
        },
    )


@setup_page(methods=("GET",))
def facility_detail(request: HttpRequest, facility_id: int) -> HttpResponse:
    facility = queries.get_facility_for(request.user, facility_id)
    weekday_names = dict(WEEKDAYS)
    return render(
        request,
        "facilities/staff/setup/facility_detail.html",
        {
            "facility": facility,
            "rooms": list(facility.rooms.all()),
            "frames": list(facility.frames.all()),
            "equipment": list(facility.lendables.all()),
            "closures": list(queries.closures_of(facility)),
            "closed_weekdays": [
                str(weekday_names[day])
                for day in facility.closed_weekdays or []
                if day in weekday_names
            ],
            "may_change": policies.may_administer(request.user),
            "breadcrumbs": setup_crumbs((facility.name, "")),
        },
    )


@setup_page(change=True)
def facility_edit(request: HttpRequest, facility_id: int) -> HttpResponse:
    facility = queries.get_facility_for(request.user, facility_id)
    form = FacilityForm(request.POST or None, instance=facility)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_facility(request.user, form.cleaned_data, facility)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("施設の情報を保存しました。"))
            return _detail(facility.pk)
    return render(
        request,
        "facilities/staff/setup/facility_form.html",
        {
            "form": form,
            "facility": facility,
            "heading": _("施設の情報の変更"),
            "breadcrumbs": setup_crumbs(facility_crumb(facility), (_("変更"), "")),
        },
    )


def _part_page(
    request: HttpRequest,
    facility_id: int,
    *,
    form_class: type,
    save: Any,
    heading: str,
    saved: str,
    template: str,
    instance: Any = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Add or edit one part of a facility (room, frame, equipment) with one form."""
    facility = queries.get_facility_for(request.user, facility_id)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            save(request.user, facility, form.cleaned_data, instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, saved)
            return _detail(facility.pk)
    return render(
        request,
        template,
        {
            "form": form,
            "facility": facility,
            "instance": instance,
            "heading": heading,
            "breadcrumbs": setup_crumbs(facility_crumb(facility), (heading, "")),
            **(extra or {}),
        },
    )


@setup_page(change=True)
def room_new(request: HttpRequest, facility_id: int) -> HttpResponse:
    return _part_page(
        request,
        facility_id,
        form_class=RoomForm,
        save=services.save_room,
        heading=_("部屋・コートの追加"),
        saved=_("部屋・コートを追加しました。"),
        template="facilities/staff/setup/room_form.html",
    )


@setup_page(change=True)
def room_edit(request: HttpRequest, facility_id: int, pk: int) -> HttpResponse:
    facility = queries.get_facility_for(request.user, facility_id)
    room = queries.get_room_for(request.user, facility, pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action in ("deactivate", "activate"):
        if action == "deactivate":
            services.deactivate_room(request.user, room)
            messages.success(
                request,
                _("「%(name)s」の予約受付を停止しました。既にある予約は取り消されません。")
                % {"name": room.name},
            )
        else:
            services.activate_room(request.user, room)
            messages.success(
                request, _("「%(name)s」の予約受付を再開しました。") % {"name": room.name}
            )
        return _detail(facility.pk)
    return _part_page(
        request,
        facility_id,
        form_class=RoomForm,
        save=services.save_room,
        heading=_("部屋・コートの変更"),
        saved=_("部屋・コートを保存しました。"),
        template="facilities/staff/setup/room_form.html",
        instance=room,
    )


@setup_page(change=True)
def frame_new(request: HttpRequest, facility_id: int) -> HttpResponse:
    return _part_page(
        request,
        facility_id,
        form_class=FrameForm,
        save=services.save_frame,
        heading=_("利用区分の追加"),
        saved=_("利用区分を追加しました。料金表に、この区分の使用料を入力してください。"),
        template="facilities/staff/setup/frame_form.html",
    )


@setup_page(change=True)
def frame_edit(request: HttpRequest, facility_id: int, pk: int) -> HttpResponse:
    facility = queries.get_facility_for(request.user, facility_id)
    frame = queries.get_frame_for(request.user, facility, pk)
    if request.method == "POST" and request.POST.get("action") == "delete":
        try:
            services.delete_frame(request.user, frame)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("console:facilities:setup_frame_edit", facility.pk, frame.pk)
        messages.success(request, _("利用区分を削除しました。"))
        return _detail(facility.pk)
    return _part_page(
        request,
        facility_id,
        form_class=FrameForm,
        save=services.save_frame,
        heading=_("利用区分の変更"),
        saved=_("利用区分を保存しました。"),
        template="facilities/staff/setup/frame_form.html",
        instance=frame,
        extra={"future_bookings": services.future_bookings_in_frame(frame).count()},
    )


@setup_page(change=True)
def equipment_new(request: HttpRequest, facility_id: int) -> HttpResponse:
    return _part_page(
        request,
        facility_id,
        form_class=EquipmentForm,
        save=services.save_equipment,
        heading=_("貸出備品の追加"),
        saved=_("貸出備品を追加しました。"),
        template="facilities/staff/setup/equipment_form.html",
    )


@setup_page(change=True)
def equipment_edit(request: HttpRequest, facility_id: int, pk: int) -> HttpResponse:
    facility = queries.get_facility_for(request.user, facility_id)
    item = queries.get_equipment_for(request.user, facility, pk)
    if request.method == "POST" and request.POST.get("action") == "delete":
        try:
            services.delete_equipment(request.user, item)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("console:facilities:setup_equipment_edit", facility.pk, item.pk)
        messages.success(request, _("貸出備品を削除しました。"))
        return _detail(facility.pk)
    return _part_page(
        request,
        facility_id,
        form_class=EquipmentForm,
        save=services.save_equipment,
        heading=_("貸出備品の変更"),
        saved=_("貸出備品を保存しました。"),
        template="facilities/staff/setup/equipment_form.html",
        instance=item,
    )


@setup_page(change=True)
def closure_new(request: HttpRequest, facility_id: int) -> HttpResponse:
    facility = queries.get_facility_for(request.user, facility_id)
    form = ClosureForm(request.POST or None, facility=facility)
    if request.method == "POST" and form.is_valid():
        try:
            closure = services.add_closure(request.user, facility, form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("休館・休止を登録しました。"))
            return redirect("console:facilities:setup_closure_detail", facility.pk, closure.pk)
    heading = _("休館・休止の登録")
    return render(
        request,
        "facilities/staff/setup/closure_form.html",
        {
            "form": form,
            "facility": facility,
            "heading": heading,
            "breadcrumbs": setup_crumbs(facility_crumb(facility), (heading, "")),
        },
    )


@setup_page()
def closure_detail(request: HttpRequest, facility_id: int, pk: int) -> HttpResponse:
    """A closure and the bookings that fall in it (not cancelled: staff contact the users);
    administrators can delete the closure here."""
    facility = queries.get_facility_for(request.user, facility_id)
    closure = queries.get_closure_for(request.user, facility, pk)
    if request.method == "POST":
        services.delete_closure(request.user, closure)
        messages.success(request, _("休館・休止を削除しました。"))
        return _detail(facility.pk)
    return render(
        request,
        "facilities/staff/setup/closure_detail.html",
        {
            "facility": facility,
            "closure": closure,
            "bookings": queries.bookings_in_closure(closure),
            "may_change": policies.may_administer(request.user),
            "breadcrumbs": setup_crumbs(facility_crumb(facility), (closure.reason, "")),
        },
    )
