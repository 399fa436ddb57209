"""The citizen's own bookings: the list, one booking, and cancelling it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yakuba.core.japanese import format_yen
from yakuba.identity.decorators import citizen_required

from ...models import Booking, BookingState
from ...queries import booking as queries
from ...services.cancellation import (
    cancel_by_citizen,
    cancellation_fee_for,
    may_cancel_online,
)
from .booking_common import day_heading

STATE_KIND = {
    BookingState.HELD: "warning",
    BookingState.CONFIRMED: "success",
    BookingState.CANCELLED: "",
    BookingState.EXPIRED: "",
}


def booking_row(booking: Booking) -> dict[str, Any]:
    """What the pages show of one booking (local date in 和暦, times, state)."""
    return {
        "booking": booking,
        "heading": day_heading(queries.local_date(booking.starts_at)),
        "state_kind": STATE_KIND.get(booking.state, ""),
    }


def _own(request: HttpRequest, pk: int) -> Booking:
    try:
        return queries.get_booking_for(request.user, pk)
    except Booking.DoesNotExist:
        raise Http404 from None


@never_cache
@citizen_required
@require_http_methods(["GET", "HEAD"])
def booking_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "facilities/booking/booking_list.html",
        {
            "upcoming": [
                booking_row(b) for b in queries.upcoming_bookings_for(request.user, now=now)
            ],
            "past": [booking_row(b) for b in queries.past_bookings_for(request.user, now=now)],
        },
    )


@never_cache
@citizen_required
@require_http_methods(["GET", "HEAD"])
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _own(request, pk)
    now = timezone.now()
    terms = cancellation_fee_for(booking, now)
    cancelled_terms = None
    if booking.state == BookingState.CANCELLED and booking.paid_at is not None:
        cancelled_terms = {"refund": booking.fee - booking.cancellation_fee}
    return render(
        request,
        "facilities/booking/booking_detail.html",
        {
            **booking_row(booking),
            "lendables": list(booking.lendables.all()),
            "terms": terms,
            "free_until_heading": day_heading(terms.free_until) if terms.free_until else "",
            "payment_due_heading": day_heading(queries.local_date(booking.payment_due_at))
            if booking.payment_due_at
            else "",
            "may_cancel": may_cancel_online(booking, request.user, now),
            "cancelled_terms": cancelled_terms,
        },
    )


@never_cache
@citizen_required
@require_http_methods(["GET", "HEAD", "POST"])
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _own(request, pk)
    now = timezone.now()
    if not may_cancel_online(booking, request.user, now):
        messages.error(
            request,
            _(
                "この予約はインターネットでは取り消せません（取消し済み・期限切れ、または利用開始時刻を過ぎています）。施設にお問い合わせください。"
            ),
        )
        return redirect("portal:facilities:booking_detail", booking.pk)
    terms = cancellation_fee_for(booking, now)
    if request.method == "POST":
        try:
            _booking, applied = cancel_by_citizen(request.user, booking, now=now)
        except (ValidationError, PermissionDenied) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else ""
            messages.error(request, text or _("この予約は取り消せません。"))
            return redirect("portal:facilities:booking_detail", booking.pk)
        if applied.fee_kept:
            messages.success(
                request,
                _("予約を取り消しました。取消料は%(fee)s、還付額は%(refund)sです。")
                % {"fee": format_yen(applied.fee_kept), "refund": format_yen(applied.refund)},
            )
        elif applied.refund:
            messages.success(
                request,
                _("予約を取り消しました。お支払いの%(refund)sは全額還付します。")
                % {"refund": format_yen(applied.refund)},
            )
        else:
            messages.success(request, _("予約を取り消しました。取消料はかかりません。"))
        return redirect("portal:facilities:booking_detail", booking.pk)
    return render(
        request,
        "facilities/booking/booking_cancel.html",
        {
            **booking_row(booking),
            "terms": terms,
            "free_until_heading": day_heading(terms.free_until) if terms.free_until else "",
        },
    )
