"""Every read of the open data catalogue, narrowed to what the reader may see.

Nothing here is personal data: no access records are written.  Unpublished datasets
(private or draft) are visible only to staff of the publisher's department and to the
catalogue's administrators (see :mod:`yakuba.opendata.policies`).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from . import policies
from .models import (
    ApiToken,
    Dataset,
    DatasetState,
    DatasetVersion,
    Group,
    Organization,
    Resource,
    ResourceFile,
    Tag,
)


def _by_id_or_name(queryset: QuerySet, id_or_name: str):
    """``queryset.get`` by UUID ``id`` or by ``name`` (CKAN accepts either)."""
    text = (id_or_name or "").strip()
    try:
        return queryset.get(pk=uuid.UUID(text))
    except (ValueError, queryset.model.DoesNotExist):
        return queryset.get(name=text)


def public_datasets() -> QuerySet[Dataset]:
    return Dataset.objects.filter(state=DatasetState.ACTIVE, private=False)


def searchable_datasets(
    user: Any, *, include_private: bool = False, include_drafts: bool = False
) -> QuerySet[Dataset]:
    """What a search by ``user`` covers: public datasets, plus (when asked) the private and
    draft ones the user may see."""
    visible = Q(state=DatasetState.ACTIVE, private=False)
    if include_private or include_drafts:
        states = [DatasetState.ACTIVE] + ([DatasetState.DRAFT] if include_drafts else [])
        unpublished = Q(state__in=states)
        if not include_private:
            unpublished &= Q(private=False)
        if not policies.may_run_catalogue(user):
            departments = policies.departments_for(user, "viewer")
            if not departments:
                return Dataset.objects.filter(visible)
            unpublished &= Q(organization__department_code__in=departments)
        visible |= unpublished
    return Dataset.objects.filter(visible)


def may_read(user: Any, dataset: Dataset) -> bool:
    if dataset.is_public:
        return True
    return policies.may_see_unpublished(user, dataset.organization.department_code)


def get_dataset_for(user: Any, id_or_name: str) -> Dataset:
    """The dataset by id or name.  ``Dataset.DoesNotExist`` when there is none (or it is
    deleted and the user may not see unpublished ones); ``PermissionDenied`` when it is
    private and the user may not see it (CKAN answers "Authorization Error")."""
    dataset = _by_id_or_name(Dataset.objects.select_related("organization"), id_or_name)
    if dataset.state == DatasetState.DELETED and not policies.may_see_unpublished(
        user, dataset.organization.department_code
    ):
        raise Dataset.DoesNotExist
    if not may_read(user, dataset):
        raise PermissionDenied
    return dataset


def get_dataset_to_edit(user: Any, id_or_name: str) -> Dataset:
    dataset = _by_id_or_name(Dataset.objects.select_related("organization"), id_or_name)
    if not policies.may_edit(user, dataset.organization.department_code):
        raise PermissionDenied
    return dataset


def get_resource_for(user: Any, resource_id: str) -> Resource:
    resource = Resource.objects.select_related("dataset__organization").get(
        pk=uuid.UUID(str(resource_id))
    )
    if not may_read(user, resource.dataset):
        raise PermissionDenied
    return resource


def resources_of(dataset: Dataset) -> QuerySet[Resource]:
    return dataset.resources.order_by("position", "created")


def current_file(resource: Resource) -> ResourceFile | None:
    if not resource.file_version:
        return None
    return resource.files.filter(number=resource.file_version).first()


def file_versions(resource: Resource) -> QuerySet[ResourceFile]:
    return resource.files.order_by("-number")


def dataset_versions(dataset: Dataset) -> QuerySet[DatasetVersion]:
    return dataset.versions.order_by("-number")


def organizations() -> QuerySet[Organization]:
    return Organization.objects.order_by("name")


def get_organization(id_or_name: str) -> Organization:
    return _by_id_or_name(Organization.objects.all(), id_or_name)


def organizations_to_edit(user: Any) -> QuerySet[Organization]:
    """The publishers whose datasets ``user`` may create or edit."""
    if policies.may_run_catalogue(user):
        return Organization.objects.order_by("name")
    return Organization.objects.filter(
        department_code__in=policies.departments_for(user, "operator")
    ).order_by("name")


def groups() -> QuerySet[Group]:
    return Group.objects.order_by("order", "name")


def get_group(id_or_name: str) -> Group:
    return _by_id_or_name(Group.objects.all(), id_or_name)


def tag_names(query: str = "") -> list[str]:
    """Tags used by at least one public dataset; ``query`` filters by substring."""
    tags = Tag.objects.filter(datasets__in=public_datasets().values("pk")).distinct()
    if query:
        tags = tags.filter(name__icontains=query)
    return list(tags.order_by("name").values_list("name", flat=True))


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created")


def get_token_of(user: Any, pk: int) -> ApiToken:
    return ApiToken.objects.get(user=user, pk=pk)


def dataset_by_standard_key(key: str) -> Dataset | None:
    return Dataset.objects.filter(standard_key=key).first()
