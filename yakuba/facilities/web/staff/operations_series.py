"""Recurring staff reservations and blackouts: create (with the report of days made
and skipped) and one series' page with its bookings and 「この日以降を取り消す」."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from yakuba.core.forms import add_service_errors
from yakuba.core.japanese import format_date_both
from yakuba.identity.decorators import staff_required

from ... import policies
from ...forms.operations import WEEKDAY_CHOICES, CancelSeriesForm, SeriesForm
from ...models import ACTIVE_STATES, BookingKind, TimeFrame
from ...queries import operations as queries
from ...services import series as series_service
from .operations import crumbs, when

#: Skipped days kept in the session for the series page right after creation.
SKIPPED_KEY = "facilities_series_skipped"


def _frame_choices(user) -> list[tuple[str, str]]:
    """Frame codes over the facilities the user sees (their labels, first one wins)."""
    choices: dict[str, str] = {}
    frames = TimeFrame.objects.filter(facility__in=queries.facilities_for(user)).order_by(
        "starts", "code"
    )
    for frame in frames:
        choices.setdefault(frame.code, f"{frame.label}（{frame.code}）")
    return list(choices.items())


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=policies.APPROVE_GRANTS)
def series_new(request: HttpRequest) -> HttpResponse:
    form = SeriesForm(
        request.POST or None,
        rooms=queries.rooms_for(request.user),
        frame_choices=_frame_choices(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = series_service.create_series(
                request.user,
                room=data["room"],
                weekdays=data["weekdays"],
                frame_codes=data["frames"],
                first_day=data["first_day"],
                last_day=data["last_day"],
                purpose=data["purpose"],
                kind=data["kind"],
                holder_name=data["holder_name"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[SKIPPED_KEY] = {
                "series": result.series.pk,
                "rows": [
                    [format_date_both(item.day), item.frame_label, item.reason]
                    for item in result.skipped
                ],
            }
            messages.success(
                request,
                _("%(created)s件の予約を作成しました（作成できなかった日: %(skipped)s件）。")
                % {"created": len(result.created), "skipped": len(result.skipped)},
            )
            return redirect("console:facilities:series_detail", pk=result.series.pk)
    return render(
        request,
        "facilities/staff/operations/series_form.html",
        {"form": form, "breadcrumbs": crumbs((_("繰り返し予約・利用停止"), ""))},
        status=400 if form.errors else 200,
    )


def _series_page(request: HttpRequest, series, cancel_form: CancelSeriesForm, status: int = 200):
    bookings = list(series.bookings.order_by("starts_at"))
    skipped = request.session.get(SKIPPED_KEY) or {}
    weekday_names = dict(WEEKDAY_CHOICES)
    rule = series.rule or {}
    return render(
        request,
        "facilities/staff/operations/series_detail.html",
        {
            "series": series,
            "is_blackout": series.kind == BookingKind.BLACKOUT,
            "rule": rule,
            "weekdays": "・".join(
                str(weekday_names.get(day, day)) for day in rule.get("weekdays", [])
            ),
            "rows": [
                {
                    "booking": booking,
                    "when": when(booking),
                    "active": booking.state in ACTIVE_STATES,
                }
                for booking in bookings
            ],
            "skipped": skipped.get("rows", []) if skipped.get("series") == series.pk else [],
            "cancel_form": cancel_form,
            "may_cancel": policies.may_approve(request.user),
            "breadcrumbs": crumbs((_("繰り返し予約 %(number)s") % {"number": series.pk}, "")),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET"])
@staff_required(grants=policies.VIEW_GRANTS)
def series_detail(request: HttpRequest, pk: int) -> HttpResponse:
    series = queries.get_series_for(request.user, pk)
    return _series_page(request, series, CancelSeriesForm())


@never_cache
@require_POST
@staff_required(grants=policies.APPROVE_GRANTS)
def series_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    series = queries.get_series_for(request.user, pk)
    form = CancelSeriesForm(request.POST)
    if form.is_valid():
        count = series_service.cancel_series(request.user, series, form.cleaned_data["from_day"])
        request.session.pop(SKIPPED_KEY, None)
        messages.success(request, _("%(count)s件の予約を取り消しました。") % {"count": count})
        return redirect("console:facilities:series_detail", pk=series.pk)
    return _series_page(request, series, form, status=400)
