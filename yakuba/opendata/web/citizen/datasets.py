"""The public page of one dataset: its metadata, its resources with their download buttons
and, for CSV files, a table preview of the first rows; the history of its kept versions;
schema.org ``Dataset`` markup; links to the machine-readable catalogue and the API.

Staff who may see unpublished datasets see private, draft and deleted ones too, marked so
and kept out of search engines (``noindex``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from yakuba.core.services import get_municipality

from ... import queries
from ...models import Dataset, ResourceFile
from ...preview import resource_preview
from ...serialize import resource_download_path
from .catalogue import crumbs
from .display import (
    VIEWS,
    action_label,
    frequency_label,
    license_info,
    local_date,
    localized,
    machine_links,
    resource_link,
    state_tag,
)
from .markup import dataset_markup, json_ld, temporal_coverage

#: Kept versions listed on the page (the latest first).
HISTORY_ROWS = 20
#: Earlier file versions listed per resource.
FILE_VERSIONS = 10


def _resource_row(resource) -> dict[str, Any]:
    files = list(resource.files.all())  # prefetched, the latest first
    earlier = [
        {
            "number": kept.number,
            "created": local_date(kept.created),
            "size": kept.size,
            "url": resource_download_path(resource, kept.file_name) + f"?version={kept.number}",
        }
        for kept in files
        if kept.number != resource.file_version
    ][:FILE_VERSIONS]
    link = resource_link(resource)
    excel = []
    if link["url"] and not link["external"] and (resource.format or "").upper() == "CSV":
        # Excel opens a UTF-8 file without a BOM as Shift_JIS (garbled Japanese).
        excel = [
            {"url": link["url"] + "?encoding=utf-8-sig", "label": _("Excel用（UTF-8 BOM付き）")},
            {"url": link["url"] + "?encoding=shift_jis", "label": _("古いExcel用（Shift_JIS）")},
        ]
    return {
        "resource": resource,
        "name": localized(resource, "name"),
        "description": localized(resource, "description"),
        "format": (resource.format or "").upper(),
        "link": link,
        "excel": excel,
        "modified": local_date(resource.last_modified or resource.updated),
        "preview": resource_preview(resource),
        "earlier": earlier,
    }


@require_safe
def dataset_detail(request: HttpRequest, name: str) -> HttpResponse:
    try:
        dataset = queries.get_dataset_for(request.user, name)
    except (Dataset.DoesNotExist, PermissionDenied):
        raise Http404 from None
    resources = list(
        queries.resources_of(dataset).prefetch_related(
            Prefetch("files", queryset=ResourceFile.objects.order_by("-number"))
        )
    )
    tags = sorted(dataset.tags.all(), key=lambda tag: tag.name)
    groups = list(queries.groups().filter(datasets=dataset))
    versions = list(
        queries.dataset_versions(dataset).values("number", "created", "action")[: HISTORY_ROWS + 1]
    )
    title = localized(dataset, "title")
    organization = dataset.organization
    markup = dataset_markup(
        dataset,
        resources=resources,
        tags=tags,
        groups=groups,
        municipality=get_municipality(),
    )
    return render(
        request,
        "opendata/dataset_detail.html",
        {
            "dataset": dataset,
            "title": title,
            "notes": localized(dataset, "notes"),
            "state": state_tag(dataset),
            "organization": organization,
            "organization_title": localized(organization, "title"),
            "organization_url": reverse(VIEWS + "organization_detail", args=[organization.name]),
            "groups": [
                {
                    "title": localized(group, "title"),
                    "url": reverse(VIEWS + "group_detail", args=[group.name]),
                }
                for group in groups
            ],
            "tags": [
                {
                    "name": tag.name,
                    "url": reverse(VIEWS + "dataset_list") + "?" + _tag_query(tag.name),
                }
                for tag in tags
            ],
            "license": license_info(dataset.license_id),
            "frequency": frequency_label(dataset.frequency),
            "temporal": temporal_coverage(dataset),
            "created": local_date(dataset.created),
            "modified": local_date(dataset.updated),
            "resources": [_resource_row(resource) for resource in resources],
            "versions": [
                {
                    "number": version["number"],
                    "created": version["created"],
                    "action": action_label(version["action"]),
                }
                for version in versions[:HISTORY_ROWS]
            ],
            "more_versions": len(versions) > HISTORY_ROWS,
            "links": machine_links(dataset),
            "jsonld": json_ld(markup),
            "breadcrumbs": crumbs(
                (_("オープンデータ"), reverse(VIEWS + "dataset_list")),
                (str(title), ""),
            ),
        },
    )


def _tag_query(name: str) -> str:
    query = QueryDict(mutable=True)
    query["tags"] = name
    return query.urlencode()
