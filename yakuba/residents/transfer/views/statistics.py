"""Population statistics: the table on the page and as CSV."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from yakuba.identity.decorators import staff_required

from ..forms import StatisticsForm
from ..policies import STATISTICS_GRANTS
from ..queries import population_statistics_for
from ..statistics import table_csv


def _form(request: HttpRequest) -> StatisticsForm:
    data = {key: request.GET[key] for key in ("as_of", "threshold") if key in request.GET}
    return StatisticsForm(data)


@staff_required(grants=STATISTICS_GRANTS)
def population_statistics(request: HttpRequest) -> HttpResponse:
    """Population by 町丁目 × 5-year band × sex on a day (default today), small cells as X."""
    form = _form(request)
    table = None
    csv_url = ""
    if form.is_valid():
        day, threshold = form.cleaned_data["as_of"], form.cleaned_data["threshold"]
        table = population_statistics_for(request.user, day, threshold=threshold)
        query = urlencode({"as_of": day.isoformat(), "threshold": threshold})
        csv_url = f"{reverse('console:population_statistics_csv')}?{query}"
    return render(
        request,
        "residents/transfer/statistics.html",
        {"form": form, "table": table, "csv_url": csv_url},
    )


@staff_required(grants=STATISTICS_GRANTS)
def population_statistics_csv(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if not form.is_valid():
        return population_statistics(request)
    day, threshold = form.cleaned_data["as_of"], form.cleaned_data["threshold"]
    table = population_statistics_for(request.user, day, threshold=threshold)
    response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="population_{day.strftime("%Y%m%d")}_k{threshold}.csv"'
    )
    return response
