"""The read actions (CKAN's ``side_effect_free`` ones: GET or POST, CORS allowed).

Each takes a :class:`Call` and returns the ``result`` of CKAN's envelope; errors are
raised as :mod:`.errors` exceptions (or ``PermissionDenied`` / ``DoesNotExist``, which
the view answers as Authorization / Not Found errors).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from yakuba.core.services import get_municipality

from ... import queries, search
from ...licenses import LICENSES
from ...models import Dataset, Group, Organization, Resource, Tag
from ...serialize import group_dict, organization_dict, package_dict, resource_dict, tag_dict
from .errors import NotFound, SearchFailed, SearchQueryInvalid
from .mapping_resources import parse_resource_id
from .params import Parameters

#: The CKAN version whose Action API this one follows (``status_show``).
CKAN_API_VERSION = "2.12.0"
#: package_search parameters CKAN accepts (Solr's, plus its own); the Solr-only ones
#: (qf, wt, bf, boost, tie, defType, mm, df) are accepted and ignored.
SEARCH_PARAMETERS = frozenset(
    {
        "q",
        "fl",
        "fq",
        "fq_list",
        "rows",
        "sort",
        "start",
        "facet",
        "facet.mincount",
        "facet.limit",
        "facet.field",
        "include_private",
        "include_drafts",
        "include_deleted",
        "use_default_schema",
        "extras",
        "qf",
        "wt",
        "bf",
        "boost",
        "tie",
        "defType",
        "mm",
        "df",
    }
)
#: ``organization_list`` / ``group_list``: at most this many names, or dicts with
#: ``all_fields`` (CKAN's ``ckan.group_and_organization_list_max`` / ``…_all_fields_max``).
LIST_MAX = 1000
LIST_ALL_FIELDS_MAX = 25
#: How many datasets ``organization_show``/``group_show`` list with ``include_datasets``
#: (CKAN leaves it to package_search's default).
SHOW_DATASETS = search.DEFAULT_ROWS
UNLIMITED_FACETS = 10**6


@dataclass
class Call:
    request: HttpRequest
    user: Any
    data: dict[str, Any]
    #: Whether the request carried a token at all (a write then says "invalid token").
    token_sent: bool = False

    @property
    def params(self) -> Parameters:
        return Parameters(self.data)


def _english() -> bool:
    return (translation.get_language() or "").startswith("en")


def status_show(call: Call) -> dict:
    """The site: title, URL, default language and the CKAN API version followed."""
    city = get_municipality()
    name = (city.name_en if _english() else city.name) if city else ""
    title = _("%(city)s オープンデータ") % {"city": name} if name else _("オープンデータ")
    return {
        "site_title": title,
        "site_description": _("%(city)sが公開するデータの一覧です。") % {"city": name}
        if name
        else "",
        "site_url": settings.YAKUBA_SITE_URL,
        "error_emails_to": None,
        "locale_default": settings.LANGUAGE_CODE,
        "extensions": [],
        "ckan_version": CKAN_API_VERSION,
    }


def package_list(call: Call) -> list[str]:
    """Names of the public datasets, by name; ``limit`` and ``offset`` page them."""
    params = call.params
    limit = params.integer("limit", minimum=0)
    offset = params.integer("offset", minimum=0)
    params.check()
    names = queries.public_datasets().order_by("name").values_list("name", flat=True)
    if offset:
        names = names[offset:]
    if limit:
        names = names[:limit]
    return list(names)


def _rows(params: Parameters, name: str) -> int:
    """CKAN's ``rows``: default 10, silently capped at 1000."""
    rows = params.integer(name, search.DEFAULT_ROWS, minimum=0)
    return min(search.DEFAULT_ROWS if rows is None else rows, search.MAX_ROWS)


def _fields_list(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [part for item in items for part in str(item).replace(",", " ").split() if part]


def package_search(call: Call) -> dict:
    """Search datasets: q, fq (fq_list), sort, rows (default 10, at most 1000), start,
    facet, facet.field (a JSON list), facet.limit, facet.mincount, include_private,
    include_drafts, fl.  See docs/modules/opendata-api.md for the query syntax."""
    data = {key: value for key, value in call.data.items() if not key.startswith("ext_")}
    unknown = sorted(set(data) - SEARCH_PARAMETERS)
    if unknown:
        raise SearchQueryInvalid(_("使えない項目があります: %(names)s") % {"names": unknown})
    params = Parameters(data)
    q = params.text("q")
    fq = params.text("fq")
    fq_list = params.string_list("fq_list", json_text=False) or []
    sort = params.text("sort")
    rows = _rows(params, "rows")
    start = params.integer("start", 0, minimum=0) or 0
    facet_fields = list(dict.fromkeys(params.string_list("facet.field") or []))
    facet_limit = params.integer("facet.limit", search.DEFAULT_FACET_LIMIT)
    facet_mincount = params.integer("facet.mincount", 1, minimum=0)
    include_private = params.boolean("include_private")
    include_drafts = params.boolean("include_drafts")
    facets_on = params.boolean("facet", True)
    params.check()
    if sort in ("", "rank"):
        sort = search.DEFAULT_SORT
    try:
        search.parse_sort(sort)
    except search.SearchQueryError as error:
        raise SearchQueryInvalid(str(error)) from error
    unknown_facets = [name for name in facet_fields if name not in search.FACET_FIELDS]
    if unknown_facets:
        raise SearchFailed(_("「%(field)s」では集計できません。") % {"field": unknown_facets[0]})
    base = queries.searchable_datasets(
        call.user, include_private=include_private, include_drafts=include_drafts
    )
    try:
        found = search.search_datasets(
            base,
            q=q,
            fq=" ".join([fq, *fq_list]).strip(),
            sort=sort,
            rows=rows,
            start=start,
            facet_fields=facet_fields if facets_on else (),
            facet_limit=UNLIMITED_FACETS if facet_limit is None or facet_limit < 0 else facet_limit,
            facet_mincount=facet_mincount or 0,
        )
    except search.SearchQueryError as error:
        raise SearchFailed(str(error)) from error
    results = [package_dict(dataset) for dataset in found.datasets]
    if data.get("fl"):
        wanted = _fields_list(data["fl"])
        results = [{key: result.get(key) for key in wanted} for result in results]
    return {
        "count": found.count,
        "results": results,
        "facets": {name: {i.name: i.count for i in items} for name, items in found.facets.items()},
        "search_facets": _search_facets(found.facets),
        "sort": found.sort,
    }


def _search_facets(facets: dict[str, list[search.FacetItem]]) -> dict:
    """CKAN's ``search_facets``: items sorted by display name, descending, as CKAN does."""
    english = _english()
    restructured = {}
    for name, items in facets.items():
        entries = [
            {
                "name": item.name,
                "display_name": item.display_name_en if english else item.display_name,
                "count": item.count,
            }
            for item in items
        ]
        entries.sort(key=lambda entry: entry["display_name"], reverse=True)
        restructured[name] = {"title": name, "items": entries}
    return restructured


def current_package_list_with_resources(call: Call) -> list[dict]:
    """Datasets with their resources, most recently changed first; ``limit`` (default 10,
    at most 1000), ``offset`` (or the deprecated ``page``)."""
    params = call.params
    limit = _rows(params, "limit")
    offset = params.integer("offset", minimum=0)
    page = params.integer("page", minimum=1)
    params.check()
    if offset is None:
        offset = (page - 1) * limit if page else 0
    base = queries.searchable_datasets(call.user, include_private=True)
    found = search.search_datasets(base, rows=limit, start=offset, sort="metadata_modified desc")
    return [package_dict(dataset) for dataset in found.datasets]


def package_show(call: Call) -> dict:
    """One dataset by ``id`` (or name) with its resources."""
    params = call.params
    key = params.required_text("id", "name_or_id")
    try:
        dataset = queries.get_dataset_for(call.user, key)
    except Dataset.DoesNotExist:
        raise NotFound(_("データセット「%(id)s」はありません。") % {"id": key[:100]}) from None
    except PermissionDenied:
        raise PermissionDenied(_("このデータセットは公開されていません。")) from None
    return package_dict(dataset)


def resource_show(call: Call) -> dict:
    """One resource by ``id``."""
    key = call.params.required_text("id")
    try:
        resource = queries.get_resource_for(call.user, parse_resource_id(key) or key)
    except (Resource.DoesNotExist, ValueError):
        raise NotFound(_("リソース「%(id)s」はありません。") % {"id": key[:100]}) from None
    except PermissionDenied:
        raise PermissionDenied(_("このリソースのデータセットは公開されていません。")) from None
    return resource_dict(resource)


def _counts(call: Call, facet: str) -> dict[str, int]:
    """Public datasets per publisher or category name (CKAN counts through its index)."""
    found = search.search_datasets(
        queries.public_datasets(),
        rows=0,
        facet_fields=[facet],
        facet_limit=UNLIMITED_FACETS,
        facet_mincount=1,
    )
    return {item.name: item.count for item in found.facets[facet]}


def _list(call: Call, kind: str) -> list:
    is_organization = kind == "organization"
    params = call.params
    all_fields = params.boolean("all_fields")
    include_count = params.boolean("include_dataset_count", True)
    limit = params.integer("limit", minimum=0)
    offset = params.integer("offset", minimum=0) or 0
    sort = params.text("sort") or params.text("order_by") or "title asc"
    only = params.names("organizations" if is_organization else "groups")
    q = params.text("q")
    params.check()
    maximum = LIST_ALL_FIELDS_MAX if all_fields else LIST_MAX
    limit = maximum if not limit or limit > maximum else limit
    rows = queries.organizations() if is_organization else queries.groups()
    if only:
        rows = rows.filter(name__in=only)
    if q:
        rows = rows.filter(name__icontains=q) | rows.filter(title__icontains=q)
    counts = _counts(call, "organization" if is_organization else "groups")
    words = sort.split()
    field = words[0] if words else "title"
    descending = len(words) > 1 and words[1].lower() == "desc"
    if field in ("packages", "package_count"):
        field, descending = "package_count", len(words) < 2 or descending
    if field not in ("name", "title", "package_count") or len(words) > 2:
        raise SearchQueryInvalid(
            _("並べ替えの指定が正しくありません（%(sort)s）。") % {"sort": sort}
        )
    items = list(rows.distinct())
    if field == "package_count":
        items.sort(key=lambda row: (counts.get(row.name, 0), row.name), reverse=descending)
    else:
        items.sort(key=lambda row: getattr(row, field), reverse=descending)
    items = items[offset : offset + limit]
    if not all_fields:
        return [row.name for row in items]
    to_dict = organization_dict if is_organization else group_dict
    return [
        to_dict(row, dataset_count=counts.get(row.name, 0) if include_count else None)
        for row in items
    ]


def organization_list(call: Call) -> list:
    """Names of the publishers (``all_fields``: their dicts with ``package_count``);
    sort (``title``, ``name``, ``package_count``), limit, offset, organizations, q."""
    return _list(call, "organization")


def group_list(call: Call) -> list:
    """Names of the categories (``all_fields``: their dicts); as organization_list."""
    return _list(call, "group")


def _show(call: Call, kind: str) -> dict:
    is_organization = kind == "organization"
    params = call.params
    key = params.required_text("id")
    include_datasets = params.boolean("include_datasets")
    params.check()
    try:
        row = queries.get_organization(key) if is_organization else queries.get_group(key)
    except (Organization.DoesNotExist, Group.DoesNotExist):
        if is_organization:
            raise NotFound(_("公開元「%(id)s」はありません。") % {"id": key[:100]}) from None
        raise NotFound(_("分類「%(id)s」はありません。") % {"id": key[:100]}) from None
    base = queries.searchable_datasets(call.user, include_private=True)
    fq = f'organization:"{row.name}"' if is_organization else f'groups:"{row.name}"'
    found = search.search_datasets(base, fq=fq, rows=SHOW_DATASETS if include_datasets else 0)
    to_dict = organization_dict if is_organization else group_dict
    result = to_dict(row, dataset_count=found.count)
    result.update({"extras": [], "groups": [], "tags": [], "users": [], "num_followers": 0})
    if include_datasets:
        result["packages"] = [package_dict(dataset) for dataset in found.datasets]
    return result


def organization_show(call: Call) -> dict:
    """One publisher by ``id`` or name; ``include_datasets`` adds its first 10 datasets."""
    return _show(call, "organization")


def group_show(call: Call) -> dict:
    """One category by ``id`` or name; ``include_datasets`` adds its first 10 datasets."""
    return _show(call, "group")


def tag_list(call: Call) -> list:
    """Tags of the public datasets; ``query`` (or ``q``) filters by substring;
    ``all_fields`` returns tag dicts."""
    params = call.params
    query = params.text("query") or params.text("q")
    all_fields = params.boolean("all_fields")
    params.check()
    names = queries.tag_names(query)
    if not all_fields:
        return names
    return [tag_dict(tag) for tag in Tag.objects.filter(name__in=names).order_by("name")]


def license_list(call: Call) -> list[dict]:
    """The licences a dataset may carry, in CKAN's license dict shape."""
    english = _english()
    return [
        {
            "id": license.id,
            "title": license.title_en if english else license.title,
            "url": license.url,
            "od_conformance": license.od_conformance,
            "osd_conformance": license.osd_conformance,
            "status": "active",
            "maintainer": "",
            "family": "",
            "is_generic": False,
            "domain_content": False,
            "domain_data": True,
            "domain_software": False,
            "is_okd_compliant": license.is_open,
            "is_osi_compliant": False,
        }
        for license in LICENSES
    ]


def help_show(call: Call) -> str:
    """The description of the action ``name``."""
    from .registry import ACTIONS

    name = call.params.required_text("name")
    action = ACTIONS.get(name)
    if action is None:
        raise NotFound(_("操作「%(name)s」はありません。") % {"name": name[:100]})
    return action.help
