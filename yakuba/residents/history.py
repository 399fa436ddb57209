"""Reading the history: which version of a person or household holds on a day.

Internal to the residents module (services and queries both use it); other
modules read through :mod:`yakuba.residents.queries`.  Nothing here is audited:
callers that show personal data record the access themselves.

The rule, everywhere: **as of a day D** the version with the greatest
``valid_from`` ≤ D holds; among versions with the same ``valid_from`` the latest
recorded (``recorded_at``, then id) wins.  With ``known_at`` = T only versions
recorded at or before T count ("as it was known at T").
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from .models import HouseholdVersion, PersonVersion, Status

_NEWEST_FIRST = ("-valid_from", "-recorded_at", "-pk")


def _versions(known_at: datetime.datetime | None) -> QuerySet[PersonVersion]:
    queryset = PersonVersion.objects.select_related("town_area", "household", "movement")
    if known_at is not None:
        queryset = queryset.filter(recorded_at__lte=known_at)
    return queryset


def latest_version(person_id: int, *, known_at=None) -> PersonVersion | None:
    """The version with the greatest ``valid_from`` (the one ``Person`` mirrors)."""
    return _versions(known_at).filter(person_id=person_id).order_by(*_NEWEST_FIRST).first()


def version_as_of(
    person_id: int, day: datetime.date, *, known_at: datetime.datetime | None = None
) -> PersonVersion | None:
    """The person's version in force on ``day`` (``None`` before their first one)."""
    return (
        _versions(known_at)
        .filter(person_id=person_id, valid_from__lte=day)
        .order_by(*_NEWEST_FIRST)
        .first()
    )


def versions_as_of(
    person_ids: Iterable[int], day: datetime.date, *, known_at: datetime.datetime | None = None
) -> dict[int, PersonVersion]:
    """``version_as_of`` for several people in one query (for a household's members)."""
    chosen: dict[int, PersonVersion] = {}
    ids = list(person_ids)
    if not ids:
        return chosen
    rows = (
        _versions(known_at)
        .filter(person_id__in=ids, valid_from__lte=day)
        .order_by("person_id", *_NEWEST_FIRST)
    )
    for version in rows:
        chosen.setdefault(version.person_id, version)
    return chosen


def timeline(person_id: int, *, known_at: datetime.datetime | None = None) -> list[PersonVersion]:
    """The winning version for each distinct ``valid_from``, oldest first."""
    winners: dict[datetime.date, PersonVersion] = {}
    for version in _versions(known_at).filter(person_id=person_id).order_by(*_NEWEST_FIRST):
        winners.setdefault(version.valid_from, version)
    return sorted(winners.values(), key=lambda version: version.valid_from)


def household_members_as_of(
    household_id: int, day: datetime.date, *, known_at: datetime.datetime | None = None
) -> list[PersonVersion]:
    """Versions of the people who were current members of the household on ``day``."""
    candidates = set(
        PersonVersion.objects.filter(household_id=household_id, valid_from__lte=day).values_list(
            "person_id", flat=True
        )
    )
    members = [
        version
        for version in versions_as_of(candidates, day, known_at=known_at).values()
        if version.household_id == household_id and version.status == Status.RESIDENT
    ]
    return sorted(members, key=lambda version: (version.birth_date, version.person_id))


def household_version_as_of(
    household_id: int, day: datetime.date, *, known_at: datetime.datetime | None = None
) -> HouseholdVersion | None:
    queryset = HouseholdVersion.objects.select_related("town_area").filter(
        household_id=household_id, valid_from__lte=day
    )
    if known_at is not None:
        queryset = queryset.filter(recorded_at__lte=known_at)
    return queryset.order_by(*_NEWEST_FIRST).first()


def household_timeline(
    household_id: int, *, known_at: datetime.datetime | None = None
) -> list[HouseholdVersion]:
    queryset = HouseholdVersion.objects.select_related("town_area").filter(
        household_id=household_id
    )
    if known_at is not None:
        queryset = queryset.filter(recorded_at__lte=known_at)
    winners: dict[datetime.date, HouseholdVersion] = {}
    for version in queryset.order_by(*_NEWEST_FIRST):
        winners.setdefault(version.valid_from, version)
    return sorted(winners.values(), key=lambda version: version.valid_from)


@dataclass(frozen=True)
class Change:
    """One field that a movement changed for one person."""

    field: str
    before: object
    after: object


#: Fields compared for the timeline (the address as one text).
COMPARED_FIELDS = (
    "resident_code",
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "former_family_name",
    "birth_date",
    "sex",
    "address",
    "household_id",
    "relationship",
    "became_resident_on",
    "address_set_on",
    "previous_address",
    "registered_domicile",
    "domicile_head",
    "status",
    "removed_on",
    "removal_reason",
    "next_address",
)


def compare(before: PersonVersion | None, after: PersonVersion) -> list[Change]:
    """Fields that differ between two versions (``before`` None: nothing to compare)."""
    if before is None:
        return []
    changes = []
    for name in COMPARED_FIELDS:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            changes.append(Change(name, old, new))
    return changes
