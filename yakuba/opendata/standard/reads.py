"""Reads for the staff pages of the standard datasets (no personal data; nothing is
recorded): each dataset's state, its kept file versions, and the staff-kept tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from ..models import AedLocation, Dataset, EvacuationSpace, Resource, ResourceFile
from .definitions import DATASETS, StandardDataset, get_definition

PLACE_MODELS: dict[str, type] = {"evacuation_space": EvacuationSpace, "aed": AedLocation}


@dataclass(frozen=True)
class StandardStatus:
    definition: StandardDataset
    dataset: Dataset | None
    resource: Resource | None

    @property
    def file_version(self) -> int:
        return self.resource.file_version if self.resource else 0


def _resource_of(dataset: Dataset | None) -> Resource | None:
    if dataset is None:
        return None
    return dataset.resources.filter(extras__standard_key=dataset.standard_key).first()


def standard_statuses() -> list[StandardStatus]:
    datasets = {
        dataset.standard_key: dataset
        for dataset in Dataset.objects.filter(
            standard_key__in=[d.key for d in DATASETS]
        ).select_related("organization")
    }
    return [
        StandardStatus(
            definition, datasets.get(definition.key), _resource_of(datasets.get(definition.key))
        )
        for definition in DATASETS
    ]


def get_standard_status(key: str) -> StandardStatus:
    try:
        definition = get_definition(key)
    except KeyError:
        raise Http404 from None
    dataset = Dataset.objects.filter(standard_key=key).select_related("organization").first()
    return StandardStatus(definition, dataset, _resource_of(dataset))


def file_versions(resource: Resource | None) -> QuerySet[ResourceFile]:
    if resource is None:
        return ResourceFile.objects.none()
    return resource.files.order_by("-number")


def place_model(key: str) -> type:
    try:
        return PLACE_MODELS[key]
    except KeyError:
        raise Http404 from None


def places_of(key: str) -> QuerySet[Any]:
    return place_model(key).objects.order_by("identifier")


def get_place(key: str, pk: int) -> Any:
    place = place_model(key).objects.filter(pk=pk).first()
    if place is None:
        raise Http404
    return place
