from .citizen_link import CitizenLink
from .household import Household, banchi_search_key
from .household_version import HouseholdVersion
from .movement import Movement, MovementKind, MovementSource
from .person import REGISTRY_FIELDS, Person, Relationship, RemovalReason, Sex, Status
from .person_version import PersonVersion
from .register_wipe import RegisterWipe
from .town_area import TownArea

__all__ = [
    "REGISTRY_FIELDS",
    "CitizenLink",
    "Household",
    "HouseholdVersion",
    "Movement",
    "MovementKind",
    "MovementSource",
    "Person",
    "PersonVersion",
    "RegisterWipe",
    "Relationship",
    "RemovalReason",
    "Sex",
    "Status",
    "TownArea",
    "banchi_search_key",
]
