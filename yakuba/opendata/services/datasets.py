"""Create, change and delete datasets; every change keeps a version.

The fields a caller passes are the model's (``name``, ``title``, ``notes``,
``organization`` …) plus ``tags`` (a list of names) and ``groups`` (a list of
:class:`~yakuba.opendata.models.Group`).  ``update_dataset`` replaces: a field not given
goes back to its default (CKAN's ``package_update``); ``patch_dataset`` changes only the
fields given.  Errors are a ``ValidationError`` whose ``message_dict`` names each field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import policies, search_cache
from ..events import dataset_changed
from ..models import Dataset, DatasetState, DatasetVersion, Group, Organization, Tag
from ..text import joined_search_text

#: Fields a caller may set (besides ``tags`` and ``groups``).
EDITABLE_FIELDS = (
    "name",
    "title",
    "title_en",
    "notes",
    "notes_en",
    "organization",
    "license_id",
    "frequency",
    "spatial",
    "spatial_code",
    "temporal_start",
    "temporal_end",
    "contact_name",
    "contact_email",
    "contact_phone",
    "url",
    "version_label",
    "private",
    "state",
    "extras",
)
_TAG = re.compile(r"^[\w .-]{1,100}$")


def _defaults() -> dict[str, Any]:
    return {
        name: Dataset._meta.get_field(name).get_default()
        for name in EDITABLE_FIELDS
        if name != "organization"
    }


def clean_tag_names(names: Iterable[str]) -> list[str]:
    """Stripped, de-duplicated tag names; a ``ValidationError`` on ``tags`` for a bad one."""
    cleaned: list[str] = []
    for raw in names:
        name = " ".join(str(raw).split())
        if not _TAG.match(name):
            raise ValidationError(
                {
                    "tags": _(
                        "タグ「%(tag)s」は使えません。文字・数字・空白・「-」「_」「.」の"
                        "100文字以内にしてください。"
                    )
                    % {"tag": name[:40]}
                }
            )
        if name not in cleaned:
            cleaned.append(name)
    return cleaned


def _require_edit(actor: Any, organization: Organization | None) -> None:
    if organization is None or not policies.may_edit(actor, organization.department_code):
        raise PermissionDenied


def refresh_search_text(dataset: Dataset) -> None:
    """Recompute the stored search text (after the dataset, its tags or resources changed)."""
    tags = [tag.name for tag in dataset.tags.all()]
    groups = [part for group in dataset.groups.all() for part in (group.title, group.title_en)]
    resources = [
        part
        for resource in dataset.resources.all()
        for part in (resource.name, resource.name_en, resource.format, resource.description)
    ]
    organization = dataset.organization
    text = joined_search_text(
        dataset.title,
        dataset.title_en,
        dataset.name,
        dataset.notes,
        dataset.notes_en,
        organization.title,
        organization.title_en,
        *tags,
        *groups,
        *resources,
    )
    title = joined_search_text(dataset.title, dataset.title_en)
    Dataset.objects.filter(pk=dataset.pk).update(search_text=text, search_title=title)
    dataset.search_text, dataset.search_title = text, title


def keep_version(dataset: Dataset, actor: Any, action: str) -> DatasetVersion:
    """Number and store the dataset as it is now; send ``dataset_changed`` after commit."""
    from ..serialize import package_dict

    # ``updated`` is CKAN's metadata_modified: a resource change moves it too (harvesters
    # compare it to decide what to fetch again).
    Dataset.objects.filter(pk=dataset.pk).update(revision=F("revision") + 1, updated=timezone.now())
    search_cache.touch()  # a queryset update sends no model signal
    dataset.refresh_from_db()
    fresh = (
        Dataset.objects.select_related("organization")
        .prefetch_related("tags", "groups", "resources")
        .get(pk=dataset.pk)
    )
    version = DatasetVersion.objects.create(
        dataset=dataset,
        number=dataset.revision,
        snapshot=package_dict(fresh),
        action=action,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    dataset_id = str(dataset.pk)
    transaction.on_commit(
        lambda: dataset_changed.send(sender=Dataset, dataset_id=dataset_id, action=action)
    )
    return version


def _set_relations(
    dataset: Dataset, tags: Iterable[str] | None, groups: Iterable[Group] | None
) -> None:
    if tags is not None:
        names = clean_tag_names(tags)
        existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
        missing = [Tag(name=name) for name in names if name not in existing]
        if missing:
            Tag.objects.bulk_create(missing, ignore_conflicts=True)
            existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
        dataset.tags.set([existing[name] for name in names])
    if groups is not None:
        dataset.groups.set(list(groups))


def _apply(dataset: Dataset, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS) - {"tags", "groups"}
    if unknown:
        raise ValueError(f"unknown dataset fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name in ("tags", "groups"):
            continue
        if name == "extras":
            value = {str(key): value for key, value in (value or {}).items()}
        setattr(dataset, name, value)
    try:
        dataset.full_clean(exclude=["search_text", "search_title", "created_by"])
    except ValidationError as error:
        if hasattr(error, "error_dict") and "organization" in error.error_dict:
            raise ValidationError({"organization": _("公開元を選んでください。")}) from error
        raise
    if "tags" in fields:
        clean_tag_names(fields["tags"] or [])


@transaction.atomic
def create_dataset(actor: Any, *, fields: dict[str, Any]) -> Dataset:
    """A new dataset of ``fields["organization"]``, which ``actor`` must be allowed to edit."""
    _require_edit(actor, fields.get("organization"))
    dataset = Dataset(created_by=actor if getattr(actor, "is_authenticated", False) else None)
    _apply(dataset, fields)
    dataset.save()
    _set_relations(dataset, fields.get("tags"), fields.get("groups"))
    refresh_search_text(dataset)
    keep_version(dataset, actor, "create")
    return dataset


@transaction.atomic
def update_dataset(actor: Any, dataset: Dataset, *, fields: dict[str, Any]) -> Dataset:
    """Replace the dataset's metadata by ``fields`` (missing fields go back to defaults;
    tags and groups not given are removed).  Resources are not touched here."""
    return _change(actor, dataset, {**_defaults(), "tags": [], "groups": [], **fields}, "update")


@transaction.atomic
def patch_dataset(actor: Any, dataset: Dataset, *, fields: dict[str, Any]) -> Dataset:
    """Change only the given fields."""
    return _change(actor, dataset, fields, "patch")


def _change(actor: Any, dataset: Dataset, fields: dict[str, Any], action: str) -> Dataset:
    dataset = Dataset.objects.select_for_update().select_related("organization").get(pk=dataset.pk)
    _require_edit(actor, dataset.organization)
    if "organization" in fields:
        _require_edit(actor, fields["organization"])
    else:
        fields = {**fields, "organization": dataset.organization}
    _apply(dataset, fields)
    dataset.save()
    _set_relations(dataset, fields.get("tags"), fields.get("groups"))
    refresh_search_text(dataset)
    keep_version(dataset, actor, action)
    return dataset


@transaction.atomic
def delete_dataset(actor: Any, dataset: Dataset) -> Dataset:
    """CKAN's soft delete: the state becomes ``deleted``; the row, its resources and its
    versions stay (a deleted name stays taken, as in CKAN until purged)."""
    dataset = Dataset.objects.select_for_update().select_related("organization").get(pk=dataset.pk)
    _require_edit(actor, dataset.organization)
    if dataset.state != DatasetState.DELETED:
        dataset.state = DatasetState.DELETED
        dataset.save(update_fields=["state", "updated"])
        keep_version(dataset, actor, "delete")
    return dataset
