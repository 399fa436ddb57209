"""schema.org ``Dataset`` markup (JSON-LD) of a dataset page, for search engines' dataset
search and for harvesters that read pages rather than the catalogue.

The block is data, not script: browsers never run ``application/ld+json``, and the page
gives it the request's CSP nonce all the same.  ``<``, ``>`` and ``&`` are escaped as
``\\u003c`` … (as Django's ``json_script`` does) so a title can never close the element.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from ...licenses import get_license
from ...models import Dataset, Group, Resource, Tag
from ...serialize import dataset_page_url, resource_url, site_url
from .display import CATALOGUE_PATH, ORGANIZATION_PATH

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def temporal_coverage(dataset: Dataset) -> str:
    """ISO 8601 interval (``2024-04-01/2025-03-31``; ``..`` for an open end), or ""."""
    start, end = dataset.temporal_start, dataset.temporal_end
    if not start and not end:
        return ""
    if start == end:
        return start.isoformat()  # type: ignore[union-attr]
    return f"{start.isoformat() if start else '..'}/{end.isoformat() if end else '..'}"


def dataset_markup(
    dataset: Dataset,
    *,
    resources: Iterable[Resource],
    tags: Iterable[Tag],
    groups: Iterable[Group],
    municipality: Any = None,
) -> dict[str, Any]:
    """The ``Dataset`` object (Japanese texts: the canonical page is the Japanese one)."""
    organization = dataset.organization
    creator: dict[str, Any] = {
        "@type": "GovernmentOrganization",
        "name": organization.title,
        "url": site_url(ORGANIZATION_PATH.format(name=organization.name)),
    }
    if organization.title_en:
        creator["alternateName"] = organization.title_en
    if organization.email:
        creator["email"] = organization.email
    if municipality is not None:
        creator["parentOrganization"] = {
            "@type": "GovernmentOrganization",
            "name": municipality.name,
        }
    description = dataset.notes or dataset.title
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": dataset_page_url(dataset),
        "name": dataset.title,
        "description": description,
        "url": dataset_page_url(dataset),
        "identifier": str(dataset.pk),
        "inLanguage": "ja",
        "isAccessibleForFree": True,
        "creator": creator,
        "publisher": creator,
        "dateCreated": dataset.created.isoformat(),
        "dateModified": dataset.updated.isoformat(),
        "version": str(dataset.revision),
        "includedInDataCatalog": {"@type": "DataCatalog", "url": site_url(CATALOGUE_PATH)},
    }
    if dataset.title_en:
        data["alternateName"] = dataset.title_en
    license = get_license(dataset.license_id)
    if license is not None and license.url:
        data["license"] = license.url
    keywords = [tag.name for tag in tags] + [group.title for group in groups]
    if keywords:
        data["keywords"] = keywords
    coverage = temporal_coverage(dataset)
    if coverage:
        data["temporalCoverage"] = coverage
    if dataset.spatial:
        place: dict[str, Any] = {"@type": "Place", "name": dataset.spatial}
        if dataset.spatial_code:
            place["identifier"] = dataset.spatial_code
        data["spatialCoverage"] = place
    if dataset.contact_email or dataset.contact_phone:
        point: dict[str, Any] = {"@type": "ContactPoint", "contactType": "customer support"}
        if dataset.contact_name:
            point["name"] = dataset.contact_name
        if dataset.contact_email:
            point["email"] = dataset.contact_email
        if dataset.contact_phone:
            point["telephone"] = dataset.contact_phone
        creator_with_contact = {**creator, "contactPoint": point}
        data["creator"] = data["publisher"] = creator_with_contact
    distribution = []
    for resource in resources:
        address = resource_url(resource)
        if not address:
            continue
        item: dict[str, Any] = {
            "@type": "DataDownload",
            "name": resource.name,
            "contentUrl": address,
            "encodingFormat": resource.mimetype or resource.format or "application/octet-stream",
        }
        if resource.size is not None:
            item["contentSize"] = str(resource.size)
        if resource.last_modified:
            item["dateModified"] = resource.last_modified.isoformat()
        distribution.append(item)
    if distribution:
        data["distribution"] = distribution
    return data


def json_ld(data: dict[str, Any]) -> SafeString:
    """``data`` as JSON safe inside a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_ESCAPES))  # noqa: S308 (escaped above)
