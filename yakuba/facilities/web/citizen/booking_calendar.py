"""Availability of a room: the month calendar, the week view and the day page with the
booking form.  Anyone can look; booking needs sign-in and an approved 利用者登録."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ...forms.booking import BookingForm
from ...models import Equipment, Room
from ...queries import booking as queries
from ...services.slots import NOT_YET, TAKEN, add_months, day_slots, first_come_opens_at
from .booking_common import (
    DAY_STATUS,
    SLOT_STATUS,
    WEEKDAYS_LONG_SUNDAY_FIRST,
    WEEKDAYS_SUNDAY_FIRST,
    day_heading,
    month_heading,
    parse_day,
    parse_month,
    registration_apply_url,
    registration_renew_url,
    weekday_short,
)
from .waitlist import join_url

#: How far the calendars page back and forth from today.
MONTHS_BACK = 1
MONTHS_AHEAD = 24


def _room(room_id: int) -> Room:
    try:
        return queries.get_room_for_booking(room_id)
    except Room.DoesNotExist:
        raise Http404 from None


def check_day(day: datetime.date) -> datetime.date:
    """A day the booking pages show (404 far in the past or future)."""
    today = timezone.localdate()
    if _clamp_day(day, today) != day:
        raise Http404
    return day


def _clamp_month(month: datetime.date, today: datetime.date) -> datetime.date:
    earliest = add_months(today.replace(day=1), -MONTHS_BACK)
    latest = add_months(today.replace(day=1), MONTHS_AHEAD)
    return min(max(month, earliest), latest)


def _clamp_day(day: datetime.date, today: datetime.date) -> datetime.date:
    earliest = add_months(today.replace(day=1), -MONTHS_BACK)
    latest = add_months(today.replace(day=1), MONTHS_AHEAD + 1) - datetime.timedelta(days=1)
    return min(max(day, earliest), latest)


@require_http_methods(["GET", "HEAD"])
def booking_calendar(request: HttpRequest, room_id: int) -> HttpResponse:
    room = _room(room_id)
    today = timezone.localdate()
    month = _clamp_month(parse_month(request.GET.get("month"), today), today)
    earliest = add_months(today.replace(day=1), -MONTHS_BACK)
    latest = add_months(today.replace(day=1), MONTHS_AHEAD)
    previous_month = add_months(month, -1) if month > earliest else None
    next_month = add_months(month, 1) if month < latest else None
    weeks = [
        [
            None
            if cell is None
            else {
                "day": cell.day,
                "status": cell.status,
                "display": DAY_STATUS[cell.status],
                "free_count": cell.free_count,
                "weekday": weekday_short(cell.day),
                "heading": day_heading(cell.day),
                "is_today": cell.day == today,
                "url": reverse(
                    "portal:facilities:booking_day", args=[room.pk, cell.day.isoformat()]
                ),
            }
            for cell in week
        ]
        for week in queries.month_days(room, month)
    ]
    return render(
        request,
        "facilities/booking/booking_calendar.html",
        {
            "room": room,
            "month": month,
            "heading": month_heading(month),
            "weeks": weeks,
            "weekdays": list(zip(WEEKDAYS_SUNDAY_FIRST, WEEKDAYS_LONG_SUNDAY_FIRST, strict=True)),
            "previous_month": previous_month,
            "previous_heading": month_heading(previous_month) if previous_month else "",
            "next_month": next_month,
            "next_heading": month_heading(next_month) if next_month else "",
            "legend": DAY_STATUS.values(),
            "week_start": month if month > today else today,
        },
    )


@require_http_methods(["GET", "HEAD"])
def booking_week(request: HttpRequest, room_id: int) -> HttpResponse:
    room = _room(room_id)
    today = timezone.localdate()
    first = _clamp_day(parse_day(request.GET.get("from"), today), today)
    days = queries.week_days(room, first)
    frames = days[0].slots and [slot.frame for slot in days[0].slots] or []
    rows = [
        {
            "day": day.day,
            "heading": day_heading(day.day),
            "url": reverse("portal:facilities:booking_day", args=[room.pk, day.day.isoformat()]),
            "cells": [
                {"slot": slot, "display": SLOT_STATUS[slot.status], "frame": slot.frame}
                for slot in day.slots
            ],
        }
        for day in days
    ]
    previous_first = first - datetime.timedelta(days=7)
    next_first = first + datetime.timedelta(days=7)
    return render(
        request,
        "facilities/booking/booking_week.html",
        {
            "room": room,
            "first": first,
            "last": first + datetime.timedelta(days=6),
            "first_heading": day_heading(first),
            "last_heading": day_heading(first + datetime.timedelta(days=6)),
            "frames": frames,
            "rows": rows,
            "previous_first": previous_first
            if _clamp_day(previous_first, today) == previous_first
            else None,
            "next_first": next_first if _clamp_day(next_first, today) == next_first else None,
            "legend": SLOT_STATUS.values(),
        },
    )


def day_context(request: HttpRequest, room: Room, day: datetime.date, form=None) -> dict:
    """The context of the day page (also re-rendered by the confirmation view on errors)."""
    slots = day_slots(room, day)
    registration = queries.registration_of(request.user)
    approved = queries.is_approved(registration, day)
    signed_in = request.user.is_authenticated and getattr(request.user, "kind", "") == "citizen"
    if form is None and approved:
        form = booking_form(request, room, slots, registration)
    month = day.replace(day=1)
    opens_at = None
    if any(slot.status == NOT_YET for slot in slots) and not room.lottery_only:
        opens_at = first_come_opens_at(room.facility, month)
    return {
        "opens_at": opens_at,
        "opens_heading": day_heading(queries.local_date(opens_at)) if opens_at else "",
        "room": room,
        "day": day,
        "heading": day_heading(day),
        "slots": _slot_rows(slots),
        "any_free": any(slot.is_free for slot in slots),
        "form": form,
        "signed_in": signed_in,
        "registration": registration,
        "approved": approved,
        "apply_url": registration_apply_url(),
        "renew_url": registration_renew_url(),
        "login_url": reverse("portal:login") + "?next=" + request.get_full_path(),
        "calendar_url": reverse("portal:facilities:booking_calendar", args=[room.pk])
        + f"?month={month:%Y-%m}",
        "week_url": reverse("portal:facilities:booking_week", args=[room.pk])
        + f"?from={day.isoformat()}",
        "confirm_url": reverse(
            "portal:facilities:booking_confirm", args=[room.pk, day.isoformat()]
        ),
    }


def _slot_rows(slots) -> list[dict]:
    """Rows of the day page; free frames get the checkbox ids the error summary links to
    (``id_frames_0`` is the first free frame)."""
    rows, free = [], 0
    for slot in slots:
        row = {"slot": slot, "display": SLOT_STATUS[slot.status], "frame": slot.frame}
        if slot.is_free:
            row["input_id"] = f"id_frames_{free}"
            free += 1
        elif slot.status == TAKEN:
            row["waitlist_url"] = join_url(slot.room_id, slot.starts_at, slot.ends_at)
        rows.append(row)
    return rows


def booking_form(
    request: HttpRequest, room: Room, slots, registration, data=None, *, initial=None, **kwargs
) -> BookingForm:
    if data is None and initial is None:
        wanted = [
            code
            for code in request.GET.getlist("frame")
            if any(slot.frame.code == code and slot.is_free for slot in slots)
        ]
        initial = {"frames": wanted}
    return BookingForm(
        data,
        initial=initial,
        slots=slots,
        groups=queries.approved_groups_of(registration),
        equipment=list(Equipment.objects.filter(facility_id=room.facility_id).order_by("code")),
        capacity=room.capacity,
        **kwargs,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def booking_day(request: HttpRequest, room_id: int, day: datetime.date) -> HttpResponse:
    """The frames of one day; for a registered citizen, the booking form.  A POST (the
    confirmation page's 「戻って修正する」) shows the form again with what was entered."""
    room = _room(room_id)
    context = day_context(request, room, check_day(day))
    if request.method == "POST" and context["approved"]:
        slots = [row["slot"] for row in context["slots"]]
        entered = {name: request.POST.get(name) for name in request.POST if name != "token"}
        entered["frames"] = request.POST.getlist("frames")
        context["form"] = booking_form(
            request, room, slots, context["registration"], initial=entered
        )
    return render(request, "facilities/booking/booking_day.html", context)
