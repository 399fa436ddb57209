"""Staff pages of daily operations (mounted at /staff/facilities/, namespace
``console:facilities``): today's figures, booking search, one booking with its payment,
usage approval and cancellation, and the usage-approval queue.

Views are thin: forms parse, :mod:`yakuba.facilities.services.payments`,
:mod:`~yakuba.facilities.services.approval` and the cancellation service write,
:mod:`yakuba.facilities.queries.operations` reads.  Every page that shows holders'
names records the access (:func:`yakuba.facilities.access.record_user_reads`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from yakuba.core.japanese import format_date_both
from yakuba.identity.decorators import staff_required

from ... import policies
from ...access import record_user_reads
from ...forms.operations import (
    BookingSearchForm,
    MarkPaidForm,
    RejectUsageForm,
    SheetPickForm,
    StaffCancelForm,
)
from ...models import Approval, Booking, BookingState
from ...queries import operations as queries
from ...services import approval, payments
from ...services.booking import cancel_booking
from ...services.slots import local_zone

PAGE_SIZE = 50


def crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("施設予約の窓口業務"), reverse("console:facilities:operations_home")), *items]


def when(booking: Booking) -> str:
    """「令和8年12月4日（2026年12月4日）9:00〜12:00」."""
    starts = booking.starts_at.astimezone(local_zone())
    ends = booking.ends_at.astimezone(local_zone())
    return f"{format_date_both(starts.date())} {starts:%H:%M}〜{ends:%H:%M}"


def moment(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(local_zone())
    return f"{format_date_both(local.date())} {local:%H:%M}"


def holder_label(booking: Booking) -> str:
    """The name to show for a booking: the registration's, else the name given."""
    if booking.registration_id:
        return booking.registration.name
    if booking.holder_name:
        return booking.holder_name
    if booking.holder_id:
        return str(getattr(booking.holder, "display_name", "") or booking.holder)
    return ""


def payment_label(booking: Booking) -> str:
    if booking.fee == 0:
        return _("支払いなし")
    if booking.paid_at is not None:
        return _("支払済み")
    if booking.state in (BookingState.CANCELLED, BookingState.EXPIRED):
        return _("未払い（取消し）")
    return _("未払い")


def record_reads(request: HttpRequest, bookings: list[Booking], fields: tuple[str, ...]) -> None:
    record_user_reads(request, queries.registration_ids(bookings), fields)


# ------------------------------------------------------------------ home


@never_cache
@require_GET
@staff_required(grants=policies.VIEW_GRANTS)
def operations_home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    facilities = list(queries.facilities_for(request.user))
    return render(
        request,
        "facilities/staff/operations/home.html",
        {
            "today": today,
            "today_label": format_date_both(today),
            "rows": queries.today_for(request.user, today),
            "sheet_form": SheetPickForm(
                initial={"day": today, "facility": facilities[0].code if facilities else ""},
                facilities=facilities,
            ),
            "may_operate": policies.may_operate(request.user),
            "may_approve": policies.may_approve(request.user),
            "breadcrumbs": crumbs(),
        },
    )


@require_GET
@staff_required(grants=policies.VIEW_GRANTS)
def usage_sheet_pick(request: HttpRequest) -> HttpResponse:
    """The home page's 「使用日報を開く」 form (GET) → the sheet's own URL."""
    form = SheetPickForm(request.GET, facilities=queries.facilities_for(request.user))
    if not form.is_valid():
        messages.error(request, _("施設と利用日を選んでください。"))
        return redirect("console:facilities:operations_home")
    return redirect(
        "console:facilities:usage_sheet",
        facility_code=form.cleaned_data["facility"],
        day=form.cleaned_data["day"],
    )


def dashboard_panel(request: HttpRequest) -> dict[str, Any] | None:
    """The staff dashboard panel: today's bookings, awaiting payment and approval."""
    if not policies.may_view(request.user):
        return None
    rows = queries.today_for(request.user, timezone.localdate())
    return {
        "bookings": sum(row.bookings for row in rows),
        "awaiting_payment": sum(row.awaiting_payment for row in rows),
        "awaiting_approval": sum(row.awaiting_approval for row in rows),
    }


# ------------------------------------------------------------------ search


@never_cache
@require_GET
@staff_required(grants=policies.VIEW_GRANTS)
def booking_search_staff(request: HttpRequest) -> HttpResponse:
    form = BookingSearchForm(
        request.GET or None,
        facilities=queries.facilities_for(request.user),
        rooms=queries.rooms_for(request.user),
    )
    page = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        rows = queries.search_bookings(
            request.user,
            facility=data["facility"],
            room=data["room"],
            first_day=data["first_day"],
            last_day=data["last_day"],
            state=data["state"],
            kind=data["kind"],
            holder_name=data["holder_name"],
            unpaid=data["unpaid"],
        )
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        shown = list(page.object_list)
        record_reads(request, shown, queries.BOOKING_FIELDS)
        page.rows = [
            {
                "booking": booking,
                "when": when(booking),
                "holder": holder_label(booking),
                "payment": payment_label(booking),
            }
            for booking in shown
        ]
    return render(
        request,
        "facilities/staff/operations/booking_search.html",
        {"form": form, "page_obj": page, "breadcrumbs": crumbs((_("予約の検索"), ""))},
    )


# ------------------------------------------------------------------ one booking


def _detail_context(request: HttpRequest, booking: Booking, **forms: Any) -> dict[str, Any]:
    user = request.user
    record_reads(request, [booking], queries.BOOKING_FIELDS + ("電話番号", "メールアドレス"))
    active = booking.state in (BookingState.HELD, BookingState.CONFIRMED)
    return {
        "booking": booking,
        "when": when(booking),
        "holder": holder_label(booking),
        "payment": payment_label(booking),
        "times": {
            "created": moment(booking.created),
            "payment_due_at": moment(booking.payment_due_at),
            "paid_at": moment(booking.paid_at),
            "approval_decided_at": moment(booking.approval_decided_at),
            "cancelled_at": moment(booking.cancelled_at),
        },
        "lendables": list(booking.lendables.select_related("equipment")),
        "may_mark_paid": policies.may_operate(user)
        and booking.state == BookingState.HELD
        and booking.fee > 0
        and booking.paid_at is None
        and not payments.is_open_offer(booking),
        "may_decide": policies.may_approve(user)
        and active
        and booking.approval == Approval.PENDING,
        "may_cancel": policies.may_operate(user) and active and booking.ends_at > timezone.now(),
        "paid_form": forms.get("paid_form") or MarkPaidForm(),
        "reject_form": forms.get("reject_form") or RejectUsageForm(),
        "cancel_form": forms.get("cancel_form") or StaffCancelForm(),
        "breadcrumbs": crumbs(
            (_("予約の検索"), reverse("console:facilities:booking_search_staff")),
            (_("予約 %(number)s") % {"number": booking.pk}, ""),
        ),
    }


@never_cache
@require_GET
@staff_required(grants=policies.VIEW_GRANTS)
def booking_detail_staff(request: HttpRequest, pk: int) -> HttpResponse:
    booking = queries.get_booking_for(request.user, pk)
    return render(
        request,
        "facilities/staff/operations/booking_detail.html",
        _detail_context(request, booking),
    )


def _rerender(request: HttpRequest, booking: Booking, **forms: Any) -> HttpResponse:
    return render(
        request,
        "facilities/staff/operations/booking_detail.html",
        _detail_context(request, booking, **forms),
        status=400,
    )


def _message(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


@never_cache
@require_POST
@staff_required(grants=policies.OPERATE_GRANTS)
def booking_mark_paid(request: HttpRequest, pk: int) -> HttpResponse:
    booking = queries.get_booking_for(request.user, pk)
    form = MarkPaidForm(request.POST)
    if form.is_valid():
        try:
            payments.mark_paid(request.user, booking, reference=form.cleaned_data["reference"])
        except ValidationError as error:
            form.add_error("reference" if hasattr(error, "error_dict") else None, error)
        else:
            messages.success(request, _("支払いを記録しました。"))
            return redirect("console:facilities:booking_detail_staff", pk=booking.pk)
    return _rerender(request, booking, paid_form=form)


@never_cache
@require_POST
@staff_required(grants=policies.APPROVE_GRANTS)
def booking_approve(request: HttpRequest, pk: int) -> HttpResponse:
    booking = queries.get_booking_for(request.user, pk)
    try:
        approval.approve_usage(request.user, booking)
    except ValidationError as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, _("使用を許可しました。利用者にメールで知らせます。"))
    if request.POST.get("next_page") == "queue":
        return redirect("console:facilities:approval_queue")
    return redirect("console:facilities:booking_detail_staff", pk=booking.pk)


@never_cache
@require_POST
@staff_required(grants=policies.APPROVE_GRANTS)
def booking_reject(request: HttpRequest, pk: int) -> HttpResponse:
    booking = queries.get_booking_for(request.user, pk)
    form = RejectUsageForm(request.POST)
    if form.is_valid():
        try:
            approval.reject_usage(request.user, booking, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason" if hasattr(error, "error_dict") else None, error)
        else:
            messages.success(request, _("不許可にし、予約を取り消しました。"))
            return redirect("console:facilities:booking_detail_staff", pk=booking.pk)
    return _rerender(request, booking, reject_form=form)


def _cancel(staff: Any, booking: Booking, reason: str, waive_fee: bool) -> None:
    try:
        from ...services.cancellation import cancel_by_staff
    except ImportError:
        cancel_booking(booking)
    else:
        cancel_by_staff(staff, booking, reason, waive_fee=waive_fee)


@never_cache
@require_POST
@staff_required(grants=policies.OPERATE_GRANTS)
def booking_cancel_staff(request: HttpRequest, pk: int) -> HttpResponse:
    booking = queries.get_booking_for(request.user, pk)
    form = StaffCancelForm(request.POST)
    if form.is_valid():
        try:
            _cancel(
                request.user, booking, form.cleaned_data["reason"], form.cleaned_data["waive_fee"]
            )
        except ValidationError as error:
            form.add_error("reason" if hasattr(error, "error_dict") else None, error)
        else:
            messages.success(request, _("予約を取り消しました。"))
            return redirect("console:facilities:booking_detail_staff", pk=booking.pk)
    return _rerender(request, booking, cancel_form=form)


# ------------------------------------------------------------------ approval queue


@never_cache
@require_GET
@staff_required(grants=policies.VIEW_GRANTS)
def approval_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.approval_queue_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    shown = list(page.object_list)
    record_reads(request, shown, queries.BOOKING_FIELDS)
    return render(
        request,
        "facilities/staff/operations/approval_queue.html",
        {
            "page_obj": page,
            "rows": [
                {
                    "booking": booking,
                    "when": when(booking),
                    "holder": holder_label(booking),
                    "payment": payment_label(booking),
                }
                for booking in shown
            ],
            "may_approve": policies.may_approve(request.user),
            "breadcrumbs": crumbs((_("使用許可の審査"), "")),
        },
    )
