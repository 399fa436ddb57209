"""Forms of the residents staff pages (reading, and one per 異動 kind)."""

from .corrections import AddressCorrectionForm, CorrectionForm
from .fields import JapaneseDateField, PurposeField
from .movements import (
    BirthForm,
    DeathForm,
    HouseholdChangeForm,
    MoveInForm,
    MoveInPeopleFormSet,
    MovementForm,
    MoveOutForm,
    MoveWithinForm,
    NameChangeForm,
)
from .search import AsOfForm, PersonSearchForm, PurposeForm

__all__ = [
    "AddressCorrectionForm",
    "AsOfForm",
    "BirthForm",
    "CorrectionForm",
    "DeathForm",
    "HouseholdChangeForm",
    "JapaneseDateField",
    "MoveInForm",
    "MoveInPeopleFormSet",
    "MoveOutForm",
    "MoveWithinForm",
    "MovementForm",
    "NameChangeForm",
    "PersonSearchForm",
    "PurposeField",
    "PurposeForm",
]
