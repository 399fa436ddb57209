"""The citizens' catalogue of online procedures (電子申請): the top page with the search,
categories, life events and identity levels, and one category's page.

Public pages (no sign-in), no JavaScript needed: the search is a GET form.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from ...queries import catalogue as queries
from ...queries.catalogue import localized
from .catalogue_display import crumbs, procedure_row
from .catalogue_forms import ProcedureSearchForm


@require_safe
def procedure_list(request: HttpRequest) -> HttpResponse:
    """「電子申請」: search (``?q=``), categories, life events, identity levels, contact."""
    form = ProcedureSearchForm(request.GET or None)
    query = ""
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"].strip()
    searched = bool(query) and bool(queries.search_words(query))
    groups = queries.procedures_by_category()
    results = queries.search_procedures(query) if searched else []
    listed = [procedure for group in groups for procedure in group.procedures]
    departments = queries.departments({p.department_code for p in listed + results})
    categories = [
        {
            "category": group.category,
            "name": localized(group.category, "name"),
            "url": reverse("portal:applications:category_detail", args=[group.category.code]),
            "procedures": [procedure_row(p, departments) for p in group.procedures],
        }
        for group in groups
    ]
    card_procedures = [
        procedure_row(p, departments)
        for p in listed
        if p.identity_level == "card" and p.is_open  # type: ignore[attr-defined]
    ]
    events = [
        {
            "event": event,
            "name": localized(event, "name"),
            "url": reverse("portal:applications:life_event_detail", args=[event.code]),
        }
        for event in queries.life_events()
    ]
    return render(
        request,
        "applications/catalogue/procedure_list.html",
        {
            "form": form,
            "query": query,
            "searched": searched,
            "results": [procedure_row(p, departments) for p in results],
            "categories": categories,
            "card_procedures": card_procedures,
            "life_events": events,
            "breadcrumbs": crumbs(),
        },
    )


@require_safe
def category_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One category's procedures (those outside their window marked 「受付期間外」)."""
    category = queries.get_category(code)
    procedures = queries.category_procedures(category)
    departments = queries.departments({p.department_code for p in procedures})
    name = localized(category, "name")
    return render(
        request,
        "applications/catalogue/category_detail.html",
        {
            "category": category,
            "name": name,
            "procedures": [procedure_row(p, departments) for p in procedures],
            "form": ProcedureSearchForm(),
            "breadcrumbs": crumbs((name, "")),
        },
    )
