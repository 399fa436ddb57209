"""The dataset search behind ``package_search`` and the catalogue pages.

The query language is the part of CKAN's (Solr) syntax that clients actually send:

* free words (``防災 csv``): every word must occur, kana-, width- and case-insensitively,
  in the title, description, tags, publisher, categories or resource names/formats;
  ``"quoted words"`` match as one phrase; ``*:*`` (or nothing) matches everything;
* ``field:value`` and ``field:"value with spaces"`` for the fields in :data:`FIELDS`
  (``tags:防災``, ``organization:bosai``, ``res_format:CSV``, ``groups:disaster``,
  ``license_id:cc-by-4.0``, ``name:…``, ``id:…``); a leading ``-`` negates, a leading ``+``
  is accepted and ignored (every term is required anyway).

``fq`` takes field terms only; an unknown field there is a :class:`SearchQueryError`, as
Solr answers "undefined field".  In ``q`` an unknown ``word:word`` is searched as text.

Sorting: ``score``, ``name``, ``title_string``, ``metadata_modified``,
``metadata_created``, each ``asc`` or ``desc``, comma-separated; the default is CKAN's
``score desc, metadata_modified desc``.  The score ranks datasets whose title holds a
query word above those that hold it elsewhere only.

Facets count datasets per value of ``organization``, ``groups``, ``tags``, ``res_format``
and ``license_id`` over the whole match (not just the page).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Upper
from django.utils.translation import gettext as _

from . import search_cache
from .licenses import LICENSE_BY_ID
from .models import Dataset, Group, Resource, Tag
from .text import search_key

DEFAULT_ROWS = 10
MAX_ROWS = 1000
DEFAULT_SORT = "score desc, metadata_modified desc"
DEFAULT_FACET_LIMIT = 50
FACET_FIELDS = ("organization", "groups", "tags", "res_format", "license_id")
FIELDS = (
    "id",
    "name",
    "title",
    "organization",
    "owner_org",
    "groups",
    "tags",
    "res_format",
    "license_id",
    "frequency",
    "standard",
    "text",
)
SORT_FIELDS = {
    "name": "name",
    "title_string": "title",
    "metadata_modified": "updated",
    "metadata_created": "created",
}

_TERM = re.compile(r'([+-]?)(?:([A-Za-z_][A-Za-z0-9_]*):)?(?:"([^"]*)"|(\S+))')


class SearchQueryError(ValueError):
    """The query cannot be understood (CKAN answers "Search Query Error")."""


@dataclass(frozen=True)
class Term:
    field: str  # "" for free text
    value: str
    negated: bool = False


@dataclass(frozen=True)
class FacetItem:
    name: str
    display_name: str
    display_name_en: str
    count: int


@dataclass
class SearchResult:
    count: int
    datasets: list[Dataset]
    facets: dict[str, list[FacetItem]] = field(default_factory=dict)
    sort: str = DEFAULT_SORT


def parse_terms(text: str, *, fields_only: bool = False) -> list[Term]:
    """The terms of a ``q`` or ``fq`` string (see the module docstring)."""
    terms: list[Term] = []
    text = (text or "").strip()
    if text in ("", "*:*", "*"):
        return terms
    position = 0
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        match = _TERM.match(text, position)
        if match is None:  # an unmatched quote: the rest is one phrase
            terms.append(Term("", text[position:].strip('"')))
            break
        position = match.end()
        sign, name, quoted, bare = match.groups()
        value = quoted if quoted is not None else bare
        if value in ("*", "*:*") and not name:
            continue
        if name and name not in FIELDS:
            if fields_only:
                raise SearchQueryError(
                    _("検索条件の項目「%(field)s」は使えません。") % {"field": name}
                )
            value, name = f"{name}:{value}", ""
        if fields_only and not name:
            raise SearchQueryError(
                _("絞り込み条件は「項目:値」の形で指定してください（%(term)s）。") % {"term": value}
            )
        if value.upper() in ("AND", "OR") and not name and quoted is None:
            continue  # Solr's AND between terms: every term is required anyway
        terms.append(Term(name or "", value, negated=sign == "-"))
    return terms


def _exists(through, column: str, value: Any, **lookups: Any) -> Exists:
    return Exists(through.objects.filter(dataset_id=OuterRef("pk"), **{column: value}, **lookups))


def _term_condition(term: Term) -> Q | Exists:
    value = term.value
    if term.field in ("", "text"):
        key = search_key(value)
        return Q(search_text__contains=key) if key else Q()
    if term.field == "id":
        try:
            return Q(pk=uuid.UUID(value))
        except ValueError:
            return Q(pk__in=[])
    if term.field == "name":
        return Q(name=value)
    if term.field == "title":
        return Q(search_title__contains=search_key(value))
    if term.field == "organization":
        return Q(organization__name=value)
    if term.field == "owner_org":
        try:
            return Q(organization_id=uuid.UUID(value))
        except ValueError:
            return Q(organization__name=value)
    if term.field == "groups":
        return _exists(Dataset.groups.through, "group__name", value)
    if term.field == "tags":
        return _exists(Dataset.tags.through, "tag__name", value)
    if term.field == "res_format":
        return Exists(Resource.objects.filter(dataset_id=OuterRef("pk"), format__iexact=value))
    if term.field == "license_id":
        return Q(license_id=value)
    if term.field == "frequency":
        return Q(frequency=value)
    if term.field == "standard":
        return Q(standard_key=value)
    raise SearchQueryError(_("検索条件の項目「%(field)s」は使えません。") % {"field": term.field})


def apply_terms(queryset: QuerySet[Dataset], terms: Iterable[Term]) -> QuerySet[Dataset]:
    for term in terms:
        condition = _term_condition(term)
        queryset = queryset.exclude(condition) if term.negated else queryset.filter(condition)
    return queryset


def parse_sort(text: str) -> list[tuple[str, bool]]:
    """``[(field, descending)]`` of a CKAN sort string."""
    text = (text or "").strip() or DEFAULT_SORT
    order: list[tuple[str, bool]] = []
    for part in text.split(","):
        words = part.split()
        if not words:
            continue
        name = words[0]
        direction = words[1].lower() if len(words) > 1 else "asc"
        if len(words) > 2 or direction not in ("asc", "desc"):
            raise SearchQueryError(
                _("並べ替えの指定が正しくありません（%(sort)s）。") % {"sort": part}
            )
        if name != "score" and name not in SORT_FIELDS:
            raise SearchQueryError(_("「%(field)s」では並べ替えできません。") % {"field": name})
        order.append((name, direction == "desc"))
    return order


def _score(words: Sequence[str]) -> Case | Value:
    keys = [key for key in (search_key(word) for word in words) if key]
    if not keys:
        return Value(0, output_field=IntegerField())
    return sum(
        (
            Case(
                When(search_title__contains=key, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
            for key in keys
        ),
        start=Value(0, output_field=IntegerField()),
    )


def _ordering(order: list[tuple[str, bool]]) -> list:
    expressions = []
    for name, descending in order:
        column = F("score") if name == "score" else F(SORT_FIELDS[name])
        expressions.append(column.desc() if descending else column.asc())
    expressions.append(F("name").asc())  # a stable order for paging
    return expressions


def _facet(queryset: QuerySet[Dataset], name: str, limit: int, mincount: int) -> list[FacetItem]:
    ids = queryset.values("pk")
    if name == "organization":
        rows = (
            queryset.values("organization__name", "organization__title", "organization__title_en")
            .annotate(count=Count("pk"))
            .order_by("-count", "organization__name")
        )
        items = [
            FacetItem(
                row["organization__name"],
                row["organization__title"],
                row["organization__title_en"] or row["organization__title"],
                row["count"],
            )
            for row in rows[:limit]
        ]
    elif name == "groups":
        rows = (
            Group.objects.filter(datasets__in=ids)
            .values("name", "title", "title_en")
            .annotate(count=Count("datasets"))
            .order_by("-count", "name")
        )
        items = [
            FacetItem(row["name"], row["title"], row["title_en"] or row["title"], row["count"])
            for row in rows[:limit]
        ]
    elif name == "tags":
        rows = (
            Tag.objects.filter(datasets__in=ids)
            .values("name")
            .annotate(count=Count("datasets"))
            .order_by("-count", "name")
        )
        items = [FacetItem(r["name"], r["name"], r["name"], r["count"]) for r in rows[:limit]]
    elif name == "res_format":
        rows = (
            Resource.objects.filter(dataset__in=ids)
            .exclude(format="")
            .annotate(label=Upper("format"))
            .values("label")
            .annotate(count=Count("dataset", distinct=True))
            .order_by("-count", "label")
        )
        items = [FacetItem(r["label"], r["label"], r["label"], r["count"]) for r in rows[:limit]]
    elif name == "license_id":
        rows = queryset.values("license_id").annotate(count=Count("pk")).order_by("-count")
        items = []
        for row in rows[:limit]:
            license = LICENSE_BY_ID.get(row["license_id"])
            title = license.title if license else row["license_id"]
            title_en = license.title_en if license else row["license_id"]
            items.append(FacetItem(row["license_id"], title, title_en, row["count"]))
    else:
        raise SearchQueryError(_("「%(field)s」では集計できません。") % {"field": name})
    return [item for item in items if item.count >= mincount]


def search_datasets(
    base: QuerySet[Dataset],
    *,
    q: str = "",
    fq: str = "",
    sort: str = "",
    rows: int = DEFAULT_ROWS,
    start: int = 0,
    facet_fields: Sequence[str] = (),
    facet_limit: int = DEFAULT_FACET_LIMIT,
    facet_mincount: int = 1,
) -> SearchResult:
    """Search ``base`` (already narrowed to what the caller may see: see
    ``queries.searchable_datasets``).  ``rows`` is capped at :data:`MAX_ROWS`."""
    if rows < 0 or start < 0:
        raise SearchQueryError(_("rows と start は0以上の整数で指定してください。"))
    rows = min(rows, MAX_ROWS)
    unknown = [name for name in facet_fields if name not in FACET_FIELDS]
    if unknown:
        raise SearchQueryError(_("「%(field)s」では集計できません。") % {"field": unknown[0]})
    terms = parse_terms(q) + parse_terms(fq, fields_only=True)
    order = parse_sort(sort)
    matching = apply_terms(base, terms)

    def count_and_facets() -> tuple[int, dict[str, list[FacetItem]]]:
        facets = {
            name: _facet(matching, name, facet_limit, facet_mincount) for name in facet_fields
        }
        return matching.count(), facets

    count, facets = search_cache.remembered(
        matching, (tuple(facet_fields), facet_limit, facet_mincount), count_and_facets
    )
    page: list[Dataset] = []
    if rows and start < count:
        words = [term.value for term in terms if not term.field and not term.negated]
        ordered = matching
        if any(name == "score" for name, _descending in order):
            ordered = ordered.annotate(score=_score(words))
        page = list(
            ordered.select_related("organization")
            .prefetch_related("tags", "groups", "resources")
            .order_by(*_ordering(order))[start : start + rows]
        )
    return SearchResult(count=count, datasets=page, facets=facets, sort=sort or DEFAULT_SORT)


__all__ = [
    "DEFAULT_ROWS",
    "FACET_FIELDS",
    "MAX_ROWS",
    "FacetItem",
    "SearchQueryError",
    "SearchResult",
    "Term",
    "parse_sort",
    "parse_terms",
    "search_datasets",
]
