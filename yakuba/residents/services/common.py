"""Small pieces shared by the 異動 services: addresses, relationships, the head rule."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Household, Person, Relationship, Status, TownArea
from .recorder import Recorder, current_members, lock_households, lock_people
from .validation import clean_text, field_error


@dataclass(frozen=True)
class Address:
    """An address in the city: 町丁目 + 番地 (+ 方書)."""

    town_area: TownArea
    banchi: str
    katagaki: str = ""

    def cleaned(self) -> Address:
        return Address(self.town_area, clean_text(self.banchi), clean_text(self.katagaki))


def full_address(town_area: TownArea, banchi: str, katagaki: str = "") -> str:
    """The address as written in 従前の住所: 都道府県 + 市 + 町丁目 + 番地 (+ 方書)."""
    from yakuba.core.services import get_municipality

    profile = get_municipality()
    prefix = f"{profile.prefecture}{profile.name}" if profile is not None else ""
    text = f"{prefix}{town_area.name}{banchi}"
    return f"{text} {katagaki}" if katagaki else text


def household_full_address(household: Household) -> str:
    return full_address(household.town_area, household.banchi, household.katagaki)


def same_address(household: Household, address: Address) -> bool:
    return (
        household.town_area_id == address.town_area.pk
        and clean_text(household.banchi) == address.banchi
        and clean_text(household.katagaki) == address.katagaki
    )


def one_household(people: Sequence[Person]) -> Household:
    """All ``people`` must belong to one household; returns it."""
    if not people:
        raise ValidationError(_("対象者を選んでください。"), code="no_people")
    households = {person.household_id for person in people}
    if len(households) != 1:
        raise ValidationError(
            _("同じ世帯の人だけを一緒に記録できます。"), code="different_households"
        )
    return people[0].household


def check_relationships(relationships: Mapping[int, str]) -> None:
    for value in relationships.values():
        if value not in Relationship.values:
            raise field_error("relationships", _("続柄を選んでください。"), "invalid_choice")


def check_active(household: Household) -> None:
    if (
        household.dissolved_on is not None
        or not household.members.filter(status=Status.RESIDENT).exists()
    ):
        raise field_error(
            "household",
            _("世帯（世帯番号 %(number)s）には現在の世帯員がいません。"),
            "household_dissolved",
            {"number": household.household_number},
        )


def rearrange_remaining(
    recorder: Recorder,
    household: Household,
    leaving: Sequence[Person],
    *,
    new_head: Person | None,
    remaining_relationships: Mapping[int, str] | None,
    head_left: bool | None = None,
) -> list[Person]:
    """After ``leaving`` have left ``household``: name the new head, relabel, or dissolve.

    Call after the leavers are saved; ``head_left`` says whether the head was
    among them (default: read from their 続柄, which must then be unchanged).  Rules: a household left without
    members is dissolved (世帯消滅); when the head left, ``new_head`` must be
    one of the remaining members; ``remaining_relationships`` (person id →
    続柄) relabels the others relative to the new head.
    """
    leaving_ids = {person.pk for person in leaving}
    remaining = current_members(household, exclude=leaving_ids)
    relabel = dict(remaining_relationships or {})
    check_relationships(relabel)
    if head_left is None:
        head_left = any(person.relationship == Relationship.HEAD for person in leaving)
    if not remaining:
        if new_head is not None:
            raise field_error("new_head", _("世帯に残る人がいません。"), "new_head_invalid")
        recorder.dissolve_if_empty(household)
        return []
    remaining_ids = {person.pk for person in remaining}
    if new_head is not None and new_head.pk not in remaining_ids:
        raise field_error(
            "new_head",
            _("新しい世帯主は、世帯に残る人から選んでください。"),
            "new_head_invalid",
        )
    if head_left and new_head is None:
        raise field_error(
            "new_head",
            _("世帯主が世帯を離れます。世帯に残る人から新しい世帯主を選んでください。"),
            "head_required",
        )
    if not head_left and new_head is not None:
        raise field_error(
            "new_head",
            _("世帯主は世帯に残ります。世帯主の変更は世帯変更で記録してください。"),
            "head_not_leaving",
        )
    if new_head is not None:
        relabel[new_head.pk] = Relationship.HEAD
    unknown = set(relabel) - remaining_ids
    if unknown:
        raise field_error(
            "relationships", _("世帯に残る人の続柄だけを変更できます。"), "invalid_choice"
        )
    changed = [
        person
        for person in remaining
        if relabel.get(person.pk, person.relationship) != person.relationship
    ]
    # Demotions first, so the one-head constraint never sees two heads at once.
    changed.sort(key=lambda person: relabel[person.pk] == Relationship.HEAD)
    for person in changed:
        person.relationship = relabel[person.pk]
        recorder.person_changed(person, ["relationship"])
    recorder.check_heads([household])
    return remaining


def locked_people(people: Sequence[Person], *extra: Household | None) -> list[Person]:
    """Lock the people's households (and ``extra``), then the people; return them fresh."""
    lock_households([*(person.household for person in people), *extra])
    fresh = lock_people(people)
    return [fresh[person.pk] for person in people]


def latest_household_change(household: Household) -> datetime.date | None:
    versions = household.versions.order_by("-valid_from").values_list("valid_from", flat=True)
    return versions.first()
