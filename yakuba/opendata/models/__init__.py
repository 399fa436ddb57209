from .catalogue import NAME_VALIDATOR, Group, Organization, Tag
from .dataset import Dataset, DatasetState, DatasetVersion, Frequency
from .resource import Resource, ResourceFile, ResourceKind
from .token import ApiToken

__all__ = [
    "NAME_VALIDATOR",
    "ApiToken",
    "Dataset",
    "DatasetState",
    "DatasetVersion",
    "Frequency",
    "Group",
    "Organization",
    "Resource",
    "ResourceFile",
    "ResourceKind",
    "Tag",
]

from .places import HAZARD_FIELDS, AedLocation, EvacuationSpace  # noqa: E402

__all__ += ["HAZARD_FIELDS", "AedLocation", "EvacuationSpace"]

from .stamp import CatalogueStamp  # noqa: E402

__all__ += ["CatalogueStamp"]
