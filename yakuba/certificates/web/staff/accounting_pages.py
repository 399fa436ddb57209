"""The fee accounting page for 会計課 (and 市民課 admins): issuances per kiosk per day,
totals, and the CSV download. Counts and fees only, so nothing is audited."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ...forms.kiosks import AccountingForm, default_period
from ...queries import accounting as queries
from .kiosks_common import accounting_page


def _form(request: HttpRequest) -> AccountingForm:
    first, last = default_period()
    data = request.GET if "date_from" in request.GET or "date_to" in request.GET else None
    return AccountingForm(
        data,
        kiosk_choices=queries.kiosk_choices_for(request.user),
        initial={"date_from": first.isoformat(), "date_to": last.isoformat(), "bom": True},
    )


def _period(form: AccountingForm):
    if form.is_bound:
        if not form.is_valid():
            return None
        data = form.cleaned_data
        return data["date_from"], data["date_to"], data["kiosk"] or None, data["bom"]
    first, last = default_period()
    return first, last, None, True


@accounting_page
def accounting(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    period = _period(form)
    report = None
    csv_url = ""
    if period is not None:
        first, last, kiosk_code, bom = period
        report = queries.daily_totals_for(
            request.user, date_from=first, date_to=last, kiosk_code=kiosk_code
        )
        query = {"date_from": first.isoformat(), "date_to": last.isoformat()}
        if kiosk_code:
            query["kiosk"] = kiosk_code
        if bom:
            query["bom"] = "on"
        csv_url = reverse("console:certificates:accounting_csv") + "?" + urlencode(query)
    return render(
        request,
        "certificates/staff/kiosks/accounting.html",
        {
            "form": form,
            "report": report,
            "csv_url": csv_url,
            "breadcrumbs": [(_("コンビニ交付の手数料"), "")],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@accounting_page
def accounting_csv(request: HttpRequest) -> HttpResponse:
    """``accounting.csv?date_from=…&date_to=…&kiosk=…&bom=on``; bad input → the page with
    the errors (400)."""
    form = AccountingForm(request.GET, kiosk_choices=queries.kiosk_choices_for(request.user))
    if not form.is_valid():
        return render(
            request,
            "certificates/staff/kiosks/accounting.html",
            {
                "form": form,
                "report": None,
                "csv_url": "",
                "breadcrumbs": [(_("コンビニ交付の手数料"), "")],
            },
            status=400,
        )
    data = form.cleaned_data
    body = queries.accounting_csv_for(
        request.user,
        date_from=data["date_from"],
        date_to=data["date_to"],
        kiosk_code=data["kiosk"] or None,
        bom=data["bom"],
    )
    name = f"kiosk-fees-{data['date_from']:%Y%m%d}-{data['date_to']:%Y%m%d}"
    if data["kiosk"]:
        name += f"-{data['kiosk']}"
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
