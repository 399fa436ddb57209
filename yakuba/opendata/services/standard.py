"""The standard datasets: make sure each exists with its publisher and metadata, and
regenerate its CSV file from the modules' data.

A regeneration builds the file (:mod:`yakuba.opendata.standard`), then hands it to
:func:`~yakuba.opendata.services.resources.publish_generated_file`: a file that differs
from the current one becomes the resource's next version and the dataset keeps a new
version (action ``regenerate``); the same bytes keep nothing.  Regenerations of one
dataset are serialised by a lock on its row, taken before the data is read, so a slower
run can never publish older data over a newer one.

``ensure_standard_datasets()`` and ``regenerate_all()`` are what set-up and the demo
loader call; the task :func:`yakuba.opendata.tasks.regenerate_standard_dataset_task`
calls :func:`regenerate`.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import translation

from .. import policies
from ..models import Dataset, DatasetState, Organization, Resource, ResourceKind, Tag
from ..standard.csvfile import write_csv
from ..standard.definitions import DATASETS, PUBLISHERS, StandardDataset, get_definition
from ..standard.table import Omission, Table
from ..standard.values import City, current_city
from .catalogue import ensure_organization
from .datasets import clean_tag_names, keep_version, refresh_search_text
from .resources import publish_generated_file

logger = logging.getLogger(__name__)

#: ``Resource.extras`` key marking the generated file of a standard dataset.
RESOURCE_MARK = "standard_key"


@dataclass(frozen=True)
class Regeneration:
    key: str
    #: Whether a new file version was kept (False: the content was unchanged, or the
    #: dataset is deleted).
    changed: bool
    file_version: int
    rows: int
    omitted: list[Omission] = field(default_factory=list)
    skipped: bool = False


def publisher_for(definition: StandardDataset, city: City) -> Organization:
    title, title_en = PUBLISHERS[definition.department]
    return ensure_organization(
        name=definition.department,
        fields={
            "title": title,
            "title_en": title_en,
            "department_code": definition.department,
            "phone": city.phone,
        },
    )


def _new_dataset(definition: StandardDataset, city: City, organization: Organization) -> Dataset:
    name = definition.dataset_name(city.code)
    if Dataset.objects.filter(name=name).exists():
        name = f"{name}_standard"
    dataset = Dataset(
        name=name,
        title=str(definition.title),
        title_en=definition.title_en,
        notes=str(definition.notes),
        notes_en=definition.notes_en,
        organization=organization,
        frequency=definition.frequency,
        spatial=city.full_name,
        spatial_code=city.code,
        contact_name=f"{city.name} {organization.title}",
        contact_phone=city.phone,
        standard_key=definition.key,
        extras={"standard": f"自治体標準オープンデータセット {definition.number}"},
    )
    dataset.full_clean(exclude=["search_text", "search_title", "created_by"])
    dataset.save()
    names = clean_tag_names(definition.tags)
    for tag_name in names:
        Tag.objects.get_or_create(name=tag_name)
    dataset.tags.set(Tag.objects.filter(name__in=names))
    return dataset


def _new_resource(dataset: Dataset, definition: StandardDataset, city: City) -> Resource:
    file_name = definition.file_name(city.code)
    return Resource.objects.create(
        dataset=dataset,
        position=0,
        name=file_name,
        name_en=file_name,
        description=str(definition.title),
        description_en=definition.title_en,
        kind=ResourceKind.UPLOAD,
        format="CSV",
        extras={RESOURCE_MARK: definition.key},
    )


def standard_resource(dataset: Dataset) -> Resource | None:
    return dataset.resources.filter(**{f"extras__{RESOURCE_MARK}": dataset.standard_key}).first()


def _in_japanese[**P, R](function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` with Japanese active: the files' values and the stored titles are
    Japanese whatever language the staff member or the worker has chosen."""

    @functools.wraps(function)
    def japanese(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override("ja"):
            return function(*args, **kwargs)

    return japanese


@_in_japanese
def ensure_standard_dataset(key: str) -> Dataset:
    """The dataset of standard ``key``, made (with its publisher and its CSV resource, no
    file yet) when missing.  An existing dataset's metadata is left as staff edited it;
    a deleted one stays deleted."""
    definition = get_definition(key)
    city = current_city()
    organization = publisher_for(definition, city)
    try:
        with transaction.atomic():
            dataset = Dataset.objects.select_for_update().filter(standard_key=key).first()
            if dataset is None:
                dataset = _new_dataset(definition, city, organization)
                _new_resource(dataset, definition, city)
                refresh_search_text(dataset)
                keep_version(dataset, None, "create")
            elif dataset.state != DatasetState.DELETED and standard_resource(dataset) is None:
                _new_resource(dataset, definition, city)
                refresh_search_text(dataset)
                keep_version(dataset, None, "resource_create")
    except IntegrityError:  # made at the same moment by another process
        dataset = Dataset.objects.get(standard_key=key)
    return dataset


def ensure_standard_datasets() -> list[Dataset]:
    """Every standard dataset, made when missing (set-up, the demo loader)."""
    return [ensure_standard_dataset(definition.key) for definition in DATASETS]


@_in_japanese
def build_table(key: str) -> Table:
    """The rows the file of ``key`` would have now (nothing is stored)."""
    return get_definition(key).build(current_city())


@_in_japanese
def regenerate(key: str) -> Regeneration:
    """Rebuild the file of standard ``key`` and keep it as a new version if it changed."""
    definition = get_definition(key)
    city = current_city()
    dataset = ensure_standard_dataset(key)
    if dataset.state == DatasetState.DELETED:
        return Regeneration(key, False, 0, 0, skipped=True)
    with transaction.atomic():
        dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
        resource = standard_resource(dataset)
        if resource is None:
            resource = _new_resource(dataset, definition, city)
        table = definition.build(city)
        content = write_csv(table.header, table.rows)
        changed = publish_generated_file(
            dataset,
            resource,
            content,
            file_name=definition.file_name(city.code),
            claimed_format="CSV",
        )
        resource.refresh_from_db()
    if table.omitted:
        logger.warning(
            "standard dataset %s: %d record(s) left out (a required field is empty)",
            key,
            len(table.omitted),
            extra={"omitted": [o.identifier for o in table.omitted]},
        )
    return Regeneration(key, changed, resource.file_version, len(table.rows), table.omitted)


def regenerate_all() -> list[Regeneration]:
    return [regenerate(definition.key) for definition in DATASETS]


def is_published(key: str) -> bool:
    """Whether the dataset of ``key`` exists and is not deleted (events regenerate only
    those)."""
    return Dataset.objects.filter(standard_key=key).exclude(state=DatasetState.DELETED).exists()


def may_regenerate(user: Any, key: str) -> bool:
    return policies.may_edit(user, get_definition(key).department)


def enqueue_regeneration(key: str) -> None:
    """Regenerate ``key`` in the task worker once the current transaction has committed."""
    from ..tasks import regenerate_standard_dataset_task

    get_definition(key)
    transaction.on_commit(lambda: regenerate_standard_dataset_task.enqueue(key))


def request_regeneration(actor: Any, key: str) -> None:
    """A staff member asks for the file to be rebuilt now (the staff page's button)."""
    if not may_regenerate(actor, key):
        raise PermissionDenied
    enqueue_regeneration(key)
