"""Staff pages of the resident register (search, person page, one page per 異動 kind)."""

from .movements import (
    address_correction,
    birth,
    correction,
    death,
    household_change,
    move_in,
    move_out,
    move_within,
    name_change,
)
from .reading import person_detail, resident_search

__all__ = [
    "address_correction",
    "birth",
    "correction",
    "death",
    "household_change",
    "move_in",
    "move_out",
    "move_within",
    "name_change",
    "person_detail",
    "resident_search",
]
