"""Counter and phone booking (窓口・電話予約) on behalf of a resident, in three steps on
one URL, without JavaScript:

1. ``?q=…`` — find the user registration (name, kana, 利用者番号, phone);
2. ``?registration=<id>`` — choose the room and the day;
3. ``?registration=<id>&room=<id>&day=<date>`` — the day's frames with their status,
   purpose, people, group, reduction; 「料金を確認」 shows the quote, 「予約する」 books
   (:func:`yakuba.facilities.services.staff_bookings.book_at_counter`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yakuba.core.forms import add_service_errors
from yakuba.core.japanese import format_date_both
from yakuba.identity.decorators import staff_required

from ... import policies
from ...access import record_user_reads
from ...forms.operations import CounterBookingForm, CounterRoomForm, RegistrationLookupForm
from ...models import Room, UserRegistration
from ...queries import operations as queries
from ...services.reservations import status_label
from ...services.slots import FREE, day_slots
from ...services.staff_bookings import book_at_counter, quote_counter_booking
from .operations import crumbs

REGISTRATION_FIELDS = ("氏名", "氏名（カナ）", "利用者番号", "電話番号", "住所", "市内在住")


def _registration(request: HttpRequest) -> UserRegistration | None:
    value = request.GET.get("registration", "")
    if not value.isdigit():
        return None
    return queries.get_registration_for(request.user, int(value))


def _booking_form(
    request: HttpRequest, registration: UserRegistration, room: Room, day: Any, slots: list
) -> CounterBookingForm:
    groups = list(queries.groups_of_registration(registration))
    return CounterBookingForm(
        request.POST if request.method == "POST" else None,
        frame_choices=[
            (
                slot.frame.code,
                str(slot.frame)
                if slot.status == FREE
                else _("%(frame)s（%(status)s）")
                % {"frame": slot.frame, "status": status_label(slot.status)},
            )
            for slot in slots
        ],
        group_choices=[(str(group.pk), group.name) for group in groups],
        reduction_choices=[
            (reduction.code, str(reduction)) for reduction in queries.reductions_on(day)
        ],
        equipment=room.facility.lendables.order_by("code"),
    )


def _book_arguments(
    form: CounterBookingForm, registration: UserRegistration, room: Room, day: Any
) -> dict[str, Any]:
    data = form.cleaned_data
    group = None
    if data["group"]:
        group = queries.groups_of_registration(registration).filter(pk=data["group"]).first()
    return {
        "registration": registration,
        "room": room,
        "day": day,
        "frame_codes": data["frames"],
        "group": group,
        "commercial": data["commercial"],
        "equipment": form.chosen_equipment(),
        "reduction_code": data["reduction"],
    }


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=policies.OPERATE_GRANTS)
def counter_booking(request: HttpRequest) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {
        "breadcrumbs": crumbs((_("窓口・電話予約"), "")),
        "lookup_form": RegistrationLookupForm(request.GET if "q" in request.GET else None),
    }
    registration = _registration(request)
    if registration is None:
        lookup = context["lookup_form"]
        if lookup.is_bound and lookup.is_valid():
            found = queries.registrations_matching(user, lookup.cleaned_data["q"])
            record_user_reads(request, [r.pk for r in found], REGISTRATION_FIELDS)
            context["found"] = found
        return render(request, "facilities/staff/operations/counter_booking.html", context)

    record_user_reads(request, [registration.pk], REGISTRATION_FIELDS)
    context["registration"] = registration
    room_form = CounterRoomForm(
        request.GET if "room" in request.GET else None, rooms=queries.rooms_for(user)
    )
    context["room_form"] = room_form
    if not (room_form.is_bound and room_form.is_valid()):
        return render(request, "facilities/staff/operations/counter_booking.html", context)

    room, day = room_form.cleaned_data["room"], room_form.cleaned_data["day"]
    slots = day_slots(room, day)
    form = _booking_form(request, registration, room, day, slots)
    context.update(
        room=room,
        day=day,
        day_label=format_date_both(day),
        slots=[(slot, status_label(slot.status)) for slot in slots],
        form=form,
    )
    if request.method == "POST" and form.is_valid():
        arguments = _book_arguments(form, registration, room, day)
        try:
            if request.POST.get("action") == "book":
                booking = book_at_counter(
                    user,
                    purpose=form.cleaned_data["purpose"],
                    attendees=form.cleaned_data["attendees"],
                    **arguments,
                )
            else:
                context["quote"] = quote_counter_booking(user, **arguments)
        except ValidationError as error:
            add_service_errors(form, error, field_map={"reduction_code": "reduction"})
        else:
            if request.POST.get("action") == "book":
                messages.success(
                    request,
                    _("予約しました（予約番号 %(number)s）。") % {"number": booking.pk},
                )
                return redirect(
                    reverse("console:facilities:booking_detail_staff", args=[booking.pk])
                )
    status = 400 if request.method == "POST" and form.errors else 200
    return render(
        request, "facilities/staff/operations/counter_booking.html", context, status=status
    )
