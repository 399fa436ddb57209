"""The printable daily usage sheet (使用日報), occupancy statistics with an SVG chart,
and the monthly CSV export of bookings."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from yakuba.audit.services import Subject, record_access
from yakuba.core.japanese import format_date_both, format_wareki
from yakuba.identity.decorators import staff_required

from ... import policies
from ...access import PURPOSE, USER_KIND, record_user_reads
from ...forms.operations import ExportForm, OccupancyForm
from ...models import Booking, BookingKind
from ...queries import operations as queries
from ...queries import statistics
from ...services.slots import add_months
from .operations import crumbs, holder_label, payment_label

# ------------------------------------------------------------------ usage sheet


@never_cache
@require_GET
@staff_required(grants=policies.VIEW_GRANTS)
def usage_sheet(request: HttpRequest, facility_code: str, day: datetime.date) -> HttpResponse:
    facility = queries.get_facility_for(request.user, facility_code)
    sheet = queries.usage_sheet_for(request.user, facility, day)
    record_user_reads(request, queries.registration_ids(sheet.bookings), queries.SHEET_FIELDS)
    rows = []
    for row in sheet.rows:
        cells = []
        for cell in row.cells:
            booking = cell.booking
            entry: dict[str, Any] = {"frame": cell.frame, "booking": booking}
            if booking is not None:
                entry.update(
                    continued=cell.continued,
                    holder=holder_label(booking),
                    group=booking.group.name if booking.group_id else "",
                    is_blackout=booking.kind == BookingKind.BLACKOUT,
                    phone=booking.registration.phone
                    if booking.kind == BookingKind.COUNTER and booking.registration_id
                    else "",
                    payment=payment_label(booking),
                )
            cells.append(entry)
        rows.append({"room": row.room, "cells": cells})
    return render(
        request,
        "facilities/staff/operations/usage_sheet.html",
        {
            "sheet": sheet,
            "rows": rows,
            "day_label": format_date_both(day),
            "weekday": "月火水木金土日"[day.weekday()],
            "printed_at": timezone.localtime(),
            "previous_day": day - datetime.timedelta(days=1),
            "next_day": day + datetime.timedelta(days=1),
            "breadcrumbs": crumbs((_("使用日報 %(facility)s") % {"facility": facility.name}, "")),
        },
    )


@require_GET
def usage_sheet_css(request: HttpRequest) -> HttpResponse:
    """Print rules of the usage sheet (A4 landscape), served as a stylesheet of our own
    origin so the page needs no inline style under the Content-Security-Policy."""
    response = HttpResponse(
        render_to_string("facilities/staff/operations/usage_sheet.css"),
        content_type="text/css; charset=utf-8",
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


# ------------------------------------------------------------------ occupancy

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 260
BAR_WIDTH = 400


def _chart(rows: list[statistics.FacilityMonth]) -> dict[str, Any]:
    bars = []
    for index, row in enumerate(rows):
        figures = row.figures
        y = index * (BAR_HEIGHT + BAR_GAP)
        bars.append(
            {
                "label": _("%(facility)s %(month)s")
                % {
                    "facility": row.facility.name,
                    "month": f"{row.month:%Y-%m}",
                },
                "rate": figures.rate,
                "y": y,
                "text_y": y + BAR_HEIGHT - 6,
                "width": round(BAR_WIDTH * figures.rate / 100, 1),
                "value_x": LABEL_WIDTH + round(BAR_WIDTH * figures.rate / 100, 1) + 6,
            }
        )
    return {
        "bars": bars,
        "height": max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP),
        "width": LABEL_WIDTH + BAR_WIDTH + 70,
        "label_width": LABEL_WIDTH,
        "bar_width": BAR_WIDTH,
        "bar_height": BAR_HEIGHT,
        "grid": [
            {"x": LABEL_WIDTH + BAR_WIDTH * step // 4, "label": f"{step * 25}%"}
            for step in range(5)
        ],
    }


@never_cache
@require_GET
@staff_required(grants=policies.VIEW_GRANTS)
def occupancy(request: HttpRequest) -> HttpResponse:
    facilities = queries.facilities_for(request.user)
    this_month = timezone.localdate().replace(day=1)
    data = request.GET if request.GET else None
    form = OccupancyForm(
        data,
        facilities=facilities,
        initial={"first_month": add_months(this_month, -5), "last_month": this_month},
    )
    first, last, chosen = add_months(this_month, -5), this_month, None
    if form.is_bound:
        if form.is_valid():
            first = form.cleaned_data["first_month"]
            last = form.cleaned_data["last_month"]
            chosen = form.cleaned_data["facility"]
        else:
            first = last = None
    rows = []
    if first and last:
        scope = facilities.filter(pk=chosen.pk) if chosen else None
        rows = statistics.occupancy(
            request.user, first_month=first, last_month=last, facilities=scope
        )
    return render(
        request,
        "facilities/staff/operations/occupancy.html",
        {
            "form": form,
            "rows": rows,
            "total": statistics.totals(rows),
            "chart": _chart(rows),
            "period": _("%(first)s〜%(last)s")
            % {"first": f"{first:%Y-%m}", "last": f"{last:%Y-%m}"}
            if first and last
            else "",
            "export_month": f"{(last or this_month):%Y-%m}",
            "breadcrumbs": crumbs((_("稼働率の統計"), "")),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# ------------------------------------------------------------------ CSV export

CSV_HEADER = [
    "予約番号",
    "施設",
    "部屋・コート",
    "利用日",
    "利用日（和暦）",
    "開始",
    "終了",
    "種別",
    "状態",
    "利用者番号",
    "利用者名",
    "団体名",
    "利用目的",
    "利用人数",
    "利用者区分",
    "使用料",
    "備品使用料",
    "減免",
    "減免額",
    "お支払い額",
    "支払期限",
    "支払日時",
    "支払方法",
    "領収書番号",
    "使用許可",
    "取消日時",
    "取消料",
    "受付日時",
]


def record_exports(request: HttpRequest, registration_ids: Any, fields: tuple[str, ...]) -> int:
    """Like :func:`~yakuba.facilities.access.record_user_reads`, with the audit action
    ``export`` (the holders' data leaves the system in a file)."""
    count = 0
    for registration_id in dict.fromkeys(registration_ids):
        record_access(
            request.user,
            subject=Subject(USER_KIND, str(registration_id)),
            record_kind=USER_KIND,
            fields=list(fields),
            purpose=PURPOSE,
            action="export",
            request=request,
        )
        count += 1
    return count


class _Echo:
    def write(self, value: str) -> str:
        return value


def _stamp(value: datetime.datetime | None) -> str:
    local = queries.local(value)
    return f"{local:%Y-%m-%d %H:%M}" if local else ""


def csv_row(booking: Booking) -> list[Any]:
    starts = queries.local(booking.starts_at)
    ends = queries.local(booking.ends_at)
    return [
        booking.pk,
        booking.room.facility.name,
        booking.room.name,
        f"{starts:%Y-%m-%d}",
        format_wareki(starts.date()),
        f"{starts:%H:%M}",
        f"{ends:%H:%M}",
        booking.get_kind_display(),
        booking.get_state_display(),
        booking.registration.number if booking.registration_id else "",
        holder_label(booking),
        booking.group.name if booking.group_id else "",
        booking.purpose,
        booking.attendees if booking.attendees is not None else "",
        booking.get_user_class_display() if booking.user_class else "",
        booking.room_fee,
        booking.equipment_fee,
        booking.reduction.reason if booking.reduction_id else "",
        booking.reduction_amount,
        booking.fee,
        _stamp(booking.payment_due_at),
        _stamp(booking.paid_at),
        booking.get_payment_method_display() if booking.payment_method else "",
        booking.payment_reference,
        booking.get_approval_display(),
        _stamp(booking.cancelled_at),
        booking.cancellation_fee,
        _stamp(booking.created),
    ]


def _stream(rows: Any, bom: bool) -> Iterator[str]:
    writer = csv.writer(_Echo())
    if bom:
        yield "\ufeff"
    yield writer.writerow(CSV_HEADER)
    for booking in queries.iterate(rows):
        yield writer.writerow(csv_row(booking))


@never_cache
@require_GET
@staff_required(grants=policies.VIEW_GRANTS)
def bookings_csv(request: HttpRequest) -> HttpResponse:
    """``export.csv?month=2026-04&facility=<code>&bom=1``: the month's bookings."""
    form = ExportForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "facilities/staff/operations/export_error.html",
            {"form": form, "breadcrumbs": crumbs((_("CSV出力"), ""))},
            status=400,
        )
    facility = None
    if form.cleaned_data["facility"]:
        try:
            facility = queries.get_facility_for(request.user, form.cleaned_data["facility"])
        except Http404:
            form.add_error("facility", _("この施設はありません。施設コードを確かめてください。"))
            return render(
                request,
                "facilities/staff/operations/export_error.html",
                {"form": form, "breadcrumbs": crumbs((_("CSV出力"), ""))},
                status=400,
            )
    month = form.cleaned_data["month"]
    rows = queries.export_bookings(request.user, month=month, facility=facility)
    record_exports(
        request,
        rows.exclude(registration__isnull=True)
        .order_by()
        .values_list("registration_id", flat=True)
        .distinct(),
        queries.BOOKING_FIELDS + ("利用者番号", "使用料の支払い"),
    )
    name = f"facility-bookings-{month:%Y-%m}" + (f"-{facility.code}" if facility else "") + ".csv"
    response = StreamingHttpResponse(
        _stream(rows, form.cleaned_data["bom"]), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def export_link(month: datetime.date, facility_code: str = "") -> str:
    query = f"?month={month:%Y-%m}" + (f"&facility={facility_code}" if facility_code else "")
    return reverse("console:facilities:bookings_csv") + query
