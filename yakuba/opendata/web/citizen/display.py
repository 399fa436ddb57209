"""What the catalogue pages show of a dataset, a resource or a publisher: texts in the page's
language, labels of codes, dates in local time, and links to parts other helpers provide
(the DCAT catalogue, the Action API) only once their routes exist."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ...licenses import get_license
from ...models import Dataset, DatasetState, Frequency, Resource, ResourceKind
from ...serialize import resource_download_path

VIEWS = "portal:opendata:"

#: Public addresses of the catalogue's pages, written out for the markup's absolute URLs
#: (``tests/test_pages_catalogue`` checks they are the routes of ``urls_citizen``).
CATALOGUE_PATH = "/opendata/"
ORGANIZATION_PATH = "/opendata/organization/{name}/"
#: Public addresses of the machine-readable catalogue (DCAT) and of the Action API.
CATALOG_JSONLD_PATH = "/opendata/catalog.jsonld"
CATALOG_TURTLE_PATH = "/opendata/catalog.ttl"
DATASET_JSONLD_PATH = "/opendata/dataset/{name}.jsonld"
DATASET_TURTLE_PATH = "/opendata/dataset/{name}.ttl"
API_PACKAGE_SHOW_PATH = "/api/3/action/package_show"
API_PACKAGE_SEARCH_PATH = "/api/3/action/package_search"

#: What each kept version records, as the history lists it.
ACTION_LABELS = {
    "create": gettext_lazy("作成"),
    "update": gettext_lazy("更新"),
    "patch": gettext_lazy("一部更新"),
    "delete": gettext_lazy("削除"),
    "resource_create": gettext_lazy("リソースの追加"),
    "resource_update": gettext_lazy("リソースの更新"),
    "resource_delete": gettext_lazy("リソースの削除"),
    "regenerate": gettext_lazy("自動更新"),
}


def is_english() -> bool:
    return (get_language() or "ja").startswith("en")


@dataclass(frozen=True)
class Text:
    """A text in the page's language when there is one; ``lang`` is set when it falls back
    to Japanese on an English page (so screen readers pronounce it right)."""

    value: str
    lang: str = ""

    def __str__(self) -> str:
        return self.value


def localized(instance: Any, name: str) -> Text:
    """``<name>_en`` on an English page when filled in, else ``<name>``."""
    if is_english():
        english = getattr(instance, f"{name}_en", "") or ""
        if english:
            return Text(english)
        value = getattr(instance, name) or ""
        return Text(value, "ja" if value else "")
    return Text(getattr(instance, name) or "")


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def frequency_label(value: str) -> str:
    return str(Frequency(value).label) if value in Frequency.values else value


def license_info(license_id: str) -> dict[str, str]:
    license = get_license(license_id)
    if license is None:
        return {"id": license_id, "title": license_id, "url": ""}
    return {
        "id": license.id,
        "title": license.title_en if is_english() else license.title,
        "url": license.url,
    }


def local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


@cache
def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def optional_path(path: str) -> str:
    """``path`` when one of the site's routes answers it, else "" (a part not built yet)."""
    return path if _resolves(path) else ""


def machine_links(dataset: Dataset | None = None) -> dict[str, str]:
    """The DCAT catalogue and the Action API (for one dataset, or the search)."""
    links = {
        "catalog_jsonld": optional_path(CATALOG_JSONLD_PATH),
        "catalog_turtle": optional_path(CATALOG_TURTLE_PATH),
    }
    if dataset is None:
        api = optional_path(API_PACKAGE_SEARCH_PATH)
        links["api"] = api
    else:
        api = optional_path(API_PACKAGE_SHOW_PATH)
        links["api"] = f"{api}?id={dataset.name}" if api else ""
        # The dataset's own DCAT record (the route is a pattern, so test one name).
        if optional_path(DATASET_TURTLE_PATH.format(name="x")):
            links["dataset_jsonld"] = DATASET_JSONLD_PATH.format(name=dataset.name)
            links["dataset_turtle"] = DATASET_TURTLE_PATH.format(name=dataset.name)
    return links


def dataset_url(dataset: Dataset) -> str:
    return reverse(VIEWS + "dataset_detail", args=[dataset.name])


def state_tag(dataset: Dataset) -> dict[str, str] | None:
    """A badge for a dataset only staff can see (``None`` for a public one)."""
    if dataset.state == DatasetState.DELETED:
        return {"text": _("削除済み"), "kind": "error"}
    if dataset.state == DatasetState.DRAFT:
        return {"text": _("下書き"), "kind": "warning"}
    if dataset.private:
        return {"text": _("非公開"), "kind": "warning"}
    return None


def formats_of(dataset: Dataset) -> list[str]:
    """The distinct formats of the dataset's resources (prefetched), in order."""
    formats: list[str] = []
    for resource in sorted(dataset.resources.all(), key=lambda r: (r.position, r.created)):
        label = (resource.format or "").upper()
        if label and label not in formats:
            formats.append(label)
    return formats


def dataset_row(dataset: Dataset) -> dict[str, Any]:
    """One search result (tags, groups and resources prefetched)."""
    return {
        "dataset": dataset,
        "title": localized(dataset, "title"),
        "notes": localized(dataset, "notes"),
        "url": dataset_url(dataset),
        "organization": localized(dataset.organization, "title"),
        "formats": formats_of(dataset),
        "groups": [localized(group, "title") for group in dataset.groups.all()],
        "modified": local_date(dataset.updated),
        "state": state_tag(dataset),
    }


def resource_link(resource: Resource) -> dict[str, str]:
    """Where the resource's button leads: our download path for a kept file, else its
    address elsewhere (``external``)."""
    if resource.kind == ResourceKind.UPLOAD and resource.file_version:
        return {"url": resource_download_path(resource, resource.file_name), "external": ""}
    if resource.url:
        return {"url": resource.url, "external": "1"}
    return {"url": "", "external": ""}
