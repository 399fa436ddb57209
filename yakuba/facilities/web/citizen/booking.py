"""Confirming and making a first-come booking.

The day page posts the form here; this page shows the fee quote, the payment deadline
and the cancellation policy, with the entered values as hidden fields and a one-time
token.  「予約する」 posts again with ``action=reserve`` and calls
:func:`~yakuba.facilities.services.reservations.reserve`.

A second submit of the same confirmation (the back button, a double click) never makes
a second booking: the token of a confirmation already used leads to its booking; and
if two submits race, the database refuses the second (SlotTaken) or the slot check does, and that is recognised
as the user's own booking just made.
"""

from __future__ import annotations

import datetime
import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from yakuba.identity.decorators import citizen_required

from ...forms.booking import BookingForm, add_errors
from ...models import Booking, UserClass
from ...queries import booking as queries
from ...services.fees import FeeQuote, quote_fee, user_class_for
from ...services.reservations import payment_due, reserve
from ...services.slots import day_slots, frames_range
from .booking_calendar import _room, booking_form, check_day, day_context
from .booking_common import day_heading, registration_required

#: Session key: one-time tokens of confirmations already used → the booking made.
DONE_KEY = "facilities.booking.done"
MAX_REMEMBERED = 20


def _remember(request: HttpRequest, token: str, booking: Booking) -> None:
    done = dict(request.session.get(DONE_KEY, {}))
    done[token] = booking.pk
    request.session[DONE_KEY] = dict(list(done.items())[-MAX_REMEMBERED:])


def _day_page(request: HttpRequest, room, day: datetime.date, form: BookingForm) -> HttpResponse:
    return render(
        request, "facilities/booking/booking_day.html", day_context(request, room, day, form=form)
    )


def _already_booked(booking: Booking) -> HttpResponse:
    return redirect("portal:facilities:booking_detail", booking.pk)


@never_cache
@citizen_required
@require_POST
def booking_confirm(request: HttpRequest, room_id: int, day: datetime.date) -> HttpResponse:
    room = _room(room_id)
    check_day(day)
    registration = queries.registration_of(request.user)
    if not queries.is_approved(registration, day):
        return registration_required(request, registration)
    token = request.POST.get("token", "")
    done = request.session.get(DONE_KEY, {})
    if token and token in done:
        messages.info(
            request, _("この予約は既に受け付けています（二重に送信された分は無視しました）。")
        )
        return redirect("portal:facilities:booking_detail", done[token])
    slots = day_slots(room, day)
    form = booking_form(request, room, slots, registration, request.POST)
    if not form.is_valid():
        return _day_page(request, room, day, form)
    data = form.cleaned_data
    group = data["group"]
    try:
        starts_at, ends_at, frames = frames_range(room.facility, day, data["frames"])
        quote = quote_fee(
            room=room,
            frames=frames,
            user_class=user_class_for(registration, group, commercial=data["commercial"]),
            day=day,
            equipment=form.chosen_equipment(),
        )
    except ValidationError as error:
        add_errors(form, error)
        return _day_page(request, room, day, form)

    if request.POST.get("action") == "reserve":
        try:
            booking = reserve(
                registration=registration,
                room=room,
                day=day,
                frame_codes=data["frames"],
                purpose=data["purpose"],
                attendees=data["attendees"],
                group=group,
                commercial=data["commercial"],
                equipment=form.chosen_equipment(),
            )
        except ValidationError as error:
            # Taken (by the check or by the database) by the user's own booking of this
            # very time made minutes ago: a resubmit of the same confirmation.
            duplicate = queries.recent_duplicate(request.user, room, starts_at, ends_at)
            if duplicate is not None:
                messages.info(
                    request,
                    _("この予約は既に受け付けています（二重に送信された分は無視しました）。"),
                )
                return _already_booked(duplicate)
            add_errors(form, error)
            return _day_page(request, room, day, form)
        if token:
            _remember(request, token, booking)
        messages.success(request, _("予約を受け付けました。"))
        return redirect("portal:facilities:booking_detail", booking.pk)

    return render(
        request,
        "facilities/booking/booking_confirm.html",
        _confirm_context(request, room, day, form, quote, frames, starts_at, ends_at),
    )


def _confirm_context(request, room, day, form, quote: FeeQuote, frames, starts_at, ends_at):
    schedule = quote.schedule
    data = form.cleaned_data
    due = payment_due(quote.total, starts_at, schedule)
    free_until = day - datetime.timedelta(days=schedule.free_cancellation_days)
    hidden = [("frames", code) for code in data["frames"]]
    hidden += [
        ("purpose", data["purpose"]),
        ("attendees", data["attendees"]),
        ("token", secrets.token_urlsafe(18)),
    ]
    if data["group"] is not None:
        hidden.append(("group", data["group"].pk))
    if data["commercial"]:
        hidden.append(("commercial", "on"))
    for item, quantity in form.chosen_equipment().items():
        hidden.append((f"equipment_{item.pk}", quantity))
    return {
        "room": room,
        "day": day,
        "heading": day_heading(day),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "frames": frames,
        "data": data,
        "quote": quote,
        "user_class_label": UserClass(quote.user_class).label,
        "payment_due": due,
        "payment_due_heading": day_heading(queries.local_date(due)) if due else "",
        "schedule": schedule,
        "free_until_heading": day_heading(free_until),
        "hidden": hidden,
        "requires_approval": room.facility.requires_approval,
        "day_url_args": [room.pk, day.isoformat()],
    }
