from .citizen_link import CitizenLink
from .household import Household
from .person import Person, Relationship, Sex, Status
from .town_area import TownArea

__all__ = ["CitizenLink", "Household", "Person", "Relationship", "Sex", "Status", "TownArea"]
