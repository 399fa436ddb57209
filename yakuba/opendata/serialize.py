"""Datasets, resources, publishers and categories as CKAN's Action API returns them.

The same dictionaries are the API's answers, the kept version snapshots and the input of
the DCAT catalogue, so every consumer sees one shape.  CKAN's own keys come first; the
extra keys (``title_en``, ``frequency``, ``spatial``…) sit at the top level as
ckanext-scheming would put them.  Times are CKAN's naive ISO 8601 in UTC.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from .licenses import get_license
from .models import Dataset, Group, Organization, Resource, ResourceKind, Tag


def ckan_time(moment: datetime.datetime | None) -> str | None:
    if moment is None:
        return None
    if timezone.is_aware(moment):
        moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    return moment.isoformat()


def site_url(path: str) -> str:
    return settings.YAKUBA_SITE_URL + path


#: The public addresses of datasets and files on the citizen site.  Written out rather than
#: reversed: a staff-tier process (三層分離) has no citizen URLs to reverse, yet its API
#: answers and kept versions must name them.  ``test_public_paths`` checks they match the
#: routes of ``urls_citizen``.
DATASET_PATH = "/opendata/dataset/{name}/"
DOWNLOAD_PATH = "/opendata/dataset/{name}/resource/{resource_id}/download/{file_name}"


def dataset_page_url(dataset: Dataset) -> str:
    return site_url(DATASET_PATH.format(name=dataset.name))


def resource_download_path(resource: Resource, file_name: str) -> str:
    return DOWNLOAD_PATH.format(
        name=resource.dataset.name, resource_id=resource.pk, file_name=file_name
    )


def organization_dict(organization: Organization, *, dataset_count: int | None = None) -> dict:
    data: dict[str, Any] = {
        "id": str(organization.pk),
        "name": organization.name,
        "title": organization.title,
        "title_en": organization.title_en,
        "display_name": organization.title,
        "description": organization.description,
        "description_en": organization.description_en,
        "image_url": organization.image_url,
        "image_display_url": organization.image_url,
        "created": ckan_time(organization.created),
        "is_organization": True,
        "approval_status": "approved",
        "state": "active",
        "type": "organization",
        "department_code": organization.department_code,
    }
    if dataset_count is not None:
        data["package_count"] = dataset_count
    return data


def group_dict(group: Group, *, dataset_count: int | None = None) -> dict:
    data: dict[str, Any] = {
        "id": str(group.pk),
        "name": group.name,
        "title": group.title,
        "title_en": group.title_en,
        "display_name": group.title,
        "description": group.description,
        "description_en": group.description_en,
        "image_url": "",
        "image_display_url": "",
        "created": ckan_time(group.created),
        "is_organization": False,
        "approval_status": "approved",
        "state": "active",
        "type": "group",
        "theme_uri": group.theme_uri,
    }
    if dataset_count is not None:
        data["package_count"] = dataset_count
    return data


def tag_dict(tag: Tag) -> dict:
    return {
        "id": str(tag.pk),
        "name": tag.name,
        "display_name": tag.name,
        "state": "active",
        "vocabulary_id": None,
    }


def resource_url(resource: Resource) -> str:
    if resource.kind == ResourceKind.UPLOAD and resource.file_version:
        return site_url(resource_download_path(resource, resource.file_name))
    return resource.url


def resource_dict(resource: Resource) -> dict:
    """The resource; a client's extra keys first, so they can never hide one of ours."""
    return {
        **resource.extras,
        "id": str(resource.pk),
        "package_id": str(resource.dataset_id),
        "name": resource.name,
        "name_en": resource.name_en,
        "description": resource.description,
        "description_en": resource.description_en,
        "format": resource.format,
        "mimetype": resource.mimetype or None,
        "url": resource_url(resource),
        "url_type": "upload" if resource.kind == ResourceKind.UPLOAD else None,
        "resource_type": "api" if resource.kind == ResourceKind.API else None,
        "size": resource.size,
        "hash": resource.sha256,
        "last_modified": ckan_time(resource.last_modified),
        "created": ckan_time(resource.created),
        "metadata_modified": ckan_time(resource.updated),
        "position": resource.position,
        "state": "active",
        "datastore_active": False,
        "file_version": resource.file_version,
    }


def package_dict(dataset: Dataset) -> dict:
    """``package_show``'s result for ``dataset`` (prefetch tags, groups and resources to
    avoid a query per dataset when serialising many)."""
    license = get_license(dataset.license_id)
    resources = sorted(dataset.resources.all(), key=lambda r: (r.position, r.created))
    tags = sorted(dataset.tags.all(), key=lambda tag: tag.name)
    groups = sorted(dataset.groups.all(), key=lambda group: (group.order, group.name))
    return {
        "id": str(dataset.pk),
        "name": dataset.name,
        "title": dataset.title,
        "type": "dataset",
        "notes": dataset.notes,
        "url": dataset.url,
        "version": dataset.version_label,
        "author": None,
        "author_email": None,
        "maintainer": dataset.contact_name or None,
        "maintainer_email": dataset.contact_email or None,
        "license_id": dataset.license_id,
        "license_title": license.title if license else dataset.license_id,
        "license_url": license.url if license else "",
        "isopen": bool(license and license.is_open),
        "owner_org": str(dataset.organization_id),
        "organization": organization_dict(dataset.organization),
        "private": dataset.private,
        "state": dataset.state,
        "metadata_created": ckan_time(dataset.created),
        "metadata_modified": ckan_time(dataset.updated),
        "creator_user_id": str(dataset.created_by_id) if dataset.created_by_id else None,
        "num_resources": len(resources),
        "num_tags": len(tags),
        "tags": [tag_dict(tag) for tag in tags],
        "groups": [group_dict(group) for group in groups],
        "resources": [resource_dict(resource) for resource in resources],
        "extras": [{"key": key, "value": value} for key, value in sorted(dataset.extras.items())],
        "relationships_as_object": [],
        "relationships_as_subject": [],
        # yakuba's own fields (what ckanext-scheming would add)
        "title_en": dataset.title_en,
        "notes_en": dataset.notes_en,
        "frequency": dataset.frequency,
        "spatial": dataset.spatial,
        "spatial_code": dataset.spatial_code,
        "temporal_start": dataset.temporal_start.isoformat() if dataset.temporal_start else None,
        "temporal_end": dataset.temporal_end.isoformat() if dataset.temporal_end else None,
        "contact_phone": dataset.contact_phone,
        "standard_key": dataset.standard_key,
        "revision": dataset.revision,
        "page_url": dataset_page_url(dataset),
    }
