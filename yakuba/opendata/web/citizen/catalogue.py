"""The public catalogue's search page (``/opendata/``) and its two fixed-filter variants, a
publisher's page and a category's page.

Public pages, no JavaScript needed: the words and the sort order are a GET form; the facets
(publisher, category, tag, format, licence) are links that add or remove one value and keep
everything else, with the number of datasets each would leave.  The search runs through
``search.search_datasets`` over ``queries.searchable_datasets(user)``: a fixed number of
queries whatever the size of the catalogue.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ... import queries
from ...forms.search import FACETS, DatasetSearchForm, facet_filters, filter_query
from ...models import Group, Organization
from ...search import DEFAULT_SORT, SearchQueryError, SearchResult, search_datasets
from .display import VIEWS, dataset_row, is_english, localized, machine_links

#: Datasets per page.
ROWS = 20
#: Values shown per facet.
FACET_LIMIT = 20


def crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("トップ"), reverse("portal:home")), *items]


def _query_with(query: QueryDict, name: str, values: list[str]) -> str:
    changed = query.copy()
    changed.pop("page", None)
    if values:
        changed.setlist(name, values)
    else:
        changed.pop(name, None)
    encoded = changed.urlencode()
    return "?" + encoded if encoded else "?"


def _facet_groups(
    result: SearchResult | None, chosen: dict[str, list[str]], query: QueryDict, fixed: str
) -> list[dict[str, Any]]:
    """Each facet's values as links: ``toggle_url`` adds the value (or removes it when
    chosen), ``count`` the datasets of the current match holding it."""
    english = is_english()
    groups = []
    for name, label in FACETS:
        if name == fixed:
            continue
        selected = chosen.get(name, [])
        items = []
        seen = set()
        for item in result.facets.get(name, []) if result else []:
            seen.add(item.name)
            is_chosen = item.name in selected
            values = (
                [v for v in selected if v != item.name] if is_chosen else [*selected, item.name]
            )
            items.append(
                {
                    "name": item.name,
                    "label": item.display_name_en if english else item.display_name,
                    "count": item.count,
                    "chosen": is_chosen,
                    "url": _query_with(query, name, values),
                }
            )
        for value in selected:  # chosen values the current match no longer counts
            if value not in seen:
                items.insert(
                    0,
                    {
                        "name": value,
                        "label": value,
                        "count": result.count if result else 0,
                        "chosen": True,
                        "url": _query_with(query, name, [v for v in selected if v != value]),
                    },
                )
        items.sort(key=lambda item: not item["chosen"])
        groups.append(
            {"name": name, "label": label, "items": items[:FACET_LIMIT], "open": bool(selected)}
        )
    return groups


def _chosen_list(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The chosen values, each with the link that removes it."""
    return [
        {"facet": group["label"], "label": item["label"], "url": item["url"]}
        for group in groups
        for item in group["items"]
        if item["chosen"]
    ]


def _page_number(query: QueryDict) -> int:
    text = query.get("page", "1")
    return int(text) if text.isdigit() and 0 < int(text) < 100_000 else 1


def search_page(
    request: HttpRequest,
    *,
    fixed: tuple[str, str] | None = None,
    heading: Any = None,
    description: Any = None,
    extra: dict[str, Any] | None = None,
    breadcrumbs: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """The search (``fixed``: a facet and value every result must hold, for the publisher
    and category pages)."""
    query = request.GET
    form = DatasetSearchForm(query or None)
    words = sort = ""
    if form.is_bound and form.is_valid():
        words = form.cleaned_data["q"].strip()
        sort = form.cleaned_data["sort"]
    chosen, filter_error = facet_filters(query)
    fixed_name = fixed[0] if fixed else ""
    chosen.pop(fixed_name, None)
    search_error = filter_error
    result: SearchResult | None = None
    page = None
    if not form.errors and not filter_error:
        fq = filter_query({**chosen, **({fixed[0]: [fixed[1]]} if fixed else {})})
        effective_sort = sort or (DEFAULT_SORT if words else "metadata_modified desc")
        number = _page_number(query)
        try:
            base = queries.searchable_datasets(request.user)
            result = search_datasets(
                base,
                q=words,
                fq=fq,
                sort=effective_sort,
                rows=ROWS,
                start=(number - 1) * ROWS,
                facet_fields=[name for name, _label in FACETS if name != fixed_name],
                facet_limit=FACET_LIMIT,
            )
            last = max(1, -(-result.count // ROWS))
            if number > last:  # a page past the end (the catalogue shrank): show the last
                number = last
                result = search_datasets(
                    base,
                    q=words,
                    fq=fq,
                    sort=effective_sort,
                    rows=ROWS,
                    start=(number - 1) * ROWS,
                    facet_fields=[name for name, _label in FACETS if name != fixed_name],
                    facet_limit=FACET_LIMIT,
                )
        except SearchQueryError as error:
            search_error = str(error)
            result = None
        if result is not None:
            page = Paginator(range(result.count), ROWS).get_page(number)
    facets = _facet_groups(result, chosen, query, fixed_name)
    filtered = bool(words or chosen)
    context = {
        "form": form,
        "words": words,
        "result": result,
        "rows": [dataset_row(dataset) for dataset in result.datasets] if result else [],
        "page": page,
        "facets": facets,
        "has_facets": any(group["items"] for group in facets),
        "chosen": _chosen_list(facets),
        "hidden": [(name, value) for name, values in chosen.items() for value in values],
        "filtered": filtered,
        "search_error": search_error,
        "clear_url": request.path,
        "heading": heading or _("オープンデータ"),
        "description": description,
        "fixed": fixed_name,
        "links": machine_links(),
        "breadcrumbs": breadcrumbs or crumbs((_("オープンデータ"), "")),
        **(extra or {}),
    }
    return render(request, "opendata/dataset_list.html", context)


@require_safe
def dataset_list(request: HttpRequest) -> HttpResponse:
    """「オープンデータ」: search every public dataset."""
    return search_page(request)


@require_safe
def organization_detail(request: HttpRequest, name: str) -> HttpResponse:
    """One publisher's datasets (the search with the publisher fixed)."""
    try:
        organization = queries.get_organization(name)
    except Organization.DoesNotExist:
        raise Http404 from None
    title = localized(organization, "title")
    return search_page(
        request,
        fixed=("organization", organization.name),
        heading=title,
        description=localized(organization, "description"),
        extra={"organization": organization, "kind_label": _("公開元")},
        breadcrumbs=crumbs(
            (_("オープンデータ"), reverse(VIEWS + "dataset_list")), (str(title), "")
        ),
    )


@require_safe
def group_detail(request: HttpRequest, name: str) -> HttpResponse:
    """One category's datasets (the search with the category fixed)."""
    try:
        group = queries.get_group(name)
    except Group.DoesNotExist:
        raise Http404 from None
    title = localized(group, "title")
    return search_page(
        request,
        fixed=("groups", group.name),
        heading=title,
        description=localized(group, "description"),
        extra={"group": group, "kind_label": _("分類")},
        breadcrumbs=crumbs(
            (_("オープンデータ"), reverse(VIEWS + "dataset_list")), (str(title), "")
        ),
    )
