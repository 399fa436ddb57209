"""Citizen pages of the waitlist (キャンセル待ち): join from the day page, my entries, an
offer with its accept / decline buttons.  Sign-in required; no GET changes anything."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yakuba.identity.decorators import citizen_required

from ...forms.waitlist import JoinWaitlistForm, add_errors
from ...models import Room, WaitState
from ...queries import registration as registration_queries
from ...queries import waitlist as queries
from ...services import waitlist as service
from ...services.reservations import require_valid_registration
from ...services.slots import local_zone


def parse_moment(text: str | None) -> datetime.datetime | None:
    """An ISO 8601 date-time; without an offset it is local (Asia/Tokyo) time.  A ``+``
    that arrived as a space in the query string is put back."""
    if not text:
        return None
    text = text.strip().replace(" ", "+")
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=local_zone())
    return moment


def join_url(room_id: int, starts_at: datetime.datetime, ends_at: datetime.datetime) -> str:
    """The join page for a taken time (used by the day page)."""
    query = urlencode(
        {
            "room": room_id,
            "start": starts_at.astimezone(local_zone()).isoformat(),
            "end": ends_at.astimezone(local_zone()).isoformat(),
        }
    )
    return f"{reverse('portal:facilities:waitlist_join')}?{query}"


def _booking_day_url(room: Room, day: datetime.date) -> str:
    try:
        return reverse("portal:facilities:booking_day", args=[room.pk, day.isoformat()])
    except NoReverseMatch:
        return ""


def registration_apply_url() -> str:
    try:
        return reverse("portal:facilities:registration_apply")
    except NoReverseMatch:
        return ""


def _bad_request(request: HttpRequest) -> HttpResponse:
    return render(request, "facilities/waitlist/waitlist_bad_request.html", status=400)


def _entry_row(entry: Any) -> dict[str, Any]:
    offer = entry.offer
    return {
        "entry": entry,
        "facility": entry.room.facility,
        "room": entry.room,
        "when": service.when_text(entry.starts_at, entry.ends_at),
        "state": entry.get_state_display(),
        "state_kind": {
            WaitState.WAITING: "info",
            WaitState.OFFERED: "warning",
            WaitState.ACCEPTED: "success",
        }.get(entry.state, ""),
        "position": queries.position_in_line(entry) if entry.state == WaitState.WAITING else None,
        "deadline": service.moment_text(offer.offer_expires_at)
        if entry.state == WaitState.OFFERED and offer is not None and offer.offer_expires_at
        else "",
        "fee": offer.fee if offer is not None else None,
    }


# ------------------------------------------------------------------ join


@never_cache
@citizen_required
@require_http_methods(["GET", "HEAD", "POST"])
def waitlist_join(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    try:
        room_id = int(source.get("room", ""))
    except ValueError:
        return _bad_request(request)
    starts_at = parse_moment(source.get("start"))
    ends_at = parse_moment(source.get("end"))
    room = queries.get_waitlist_room(room_id)
    if room is None or starts_at is None or ends_at is None:
        return _bad_request(request)
    if abs(starts_at - timezone.now()) > service.MAX_AHEAD or not (
        datetime.timedelta(0) < ends_at - starts_at <= datetime.timedelta(days=1)
    ):
        return _bad_request(request)
    registration = registration_queries.registration_for(request.user)
    day = starts_at.astimezone(local_zone()).date()
    try:
        require_valid_registration(registration, on=day)
    except ValidationError as error:
        return render(
            request,
            "facilities/waitlist/waitlist_registration_required.html",
            {"message": error.messages[0], "apply_url": registration_apply_url()},
            status=403,
        )
    problem = None
    try:
        service.check_waitlist_time(room, starts_at, ends_at)
    except ValidationError as error:
        problem = error
    groups = registration_queries.groups_of(registration)
    form = JoinWaitlistForm(
        request.POST if request.method == "POST" and problem is None else None,
        groups=groups,
        capacity=room.capacity,
    )
    if request.method == "POST" and problem is None and form.is_valid():
        try:
            service.join_waitlist(
                registration,
                room,
                starts_at,
                ends_at,
                purpose=form.cleaned_data["purpose"],
                attendees=form.cleaned_data["attendees"],
                group=form.cleaned_data["group"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("キャンセル待ちに登録しました。空きが出たら、メールでお知らせします。"),
            )
            return redirect("portal:facilities:waitlist_list")
    context = {
        "room": room,
        "facility": room.facility,
        "when": service.when_text(starts_at, ends_at),
        "start": starts_at.astimezone(local_zone()).isoformat(),
        "end": ends_at.astimezone(local_zone()).isoformat(),
        "form": form,
        "problem": problem.messages[0] if problem is not None else "",
        "free": problem is not None and getattr(problem, "code", "") == "free",
        "day_url": _booking_day_url(room, day),
        "offer_hours": service.offer_hours(),
    }
    return render(
        request,
        "facilities/waitlist/waitlist_join.html",
        context,
        status=409 if request.method == "POST" and problem is not None else 200,
    )


# ------------------------------------------------------------------ my entries


@never_cache
@citizen_required
@require_http_methods(["GET", "HEAD"])
def waitlist_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "facilities/waitlist/waitlist_list.html",
        {
            "open_rows": [_entry_row(entry) for entry in queries.open_entries_for(request.user)],
            "closed_rows": [
                _entry_row(entry) for entry in queries.closed_entries_for(request.user)
            ],
            "offer_hours": service.offer_hours(),
        },
    )


# ------------------------------------------------------------------ an offer


@never_cache
@citizen_required
@require_http_methods(["GET", "HEAD", "POST"])
def waitlist_offer(request: HttpRequest, pk: int) -> HttpResponse:
    entry = queries.get_waitlist_entry_for(request.user, pk)
    error_message = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                booking = service.accept_offer(request.user, entry)
                if booking.fee and booking.paid_at is None:
                    messages.success(
                        request,
                        _("予約しました。支払期限までに使用料をお支払いください。"),
                    )
                else:
                    messages.success(request, _("予約しました。"))
                return redirect("portal:facilities:waitlist_list")
            if action == "decline":
                service.decline_offer(request.user, entry)
                messages.success(request, _("辞退しました。この時間帯は次の方にご案内します。"))
                return redirect("portal:facilities:waitlist_list")
            error_message = _("「予約する」か「辞退する」を選んでください。")
        except ValidationError as error:
            error_message = error.messages[0]
        entry = queries.get_waitlist_entry_for(request.user, pk)
    return render(
        request,
        "facilities/waitlist/waitlist_offer.html",
        {"row": _entry_row(entry), "error_message": error_message},
        status=400 if error_message else 200,
    )


@never_cache
@citizen_required
@require_http_methods(["POST"])
def waitlist_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    entry = queries.get_waitlist_entry_for(request.user, pk)
    try:
        service.withdraw(request.user, entry)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("キャンセル待ちを取り下げました。"))
    return redirect("portal:facilities:waitlist_list")
