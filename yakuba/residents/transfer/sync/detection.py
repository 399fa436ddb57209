"""What changed: an extract's row against the person's current record.

The kind of 異動 is read from which fields differ, in this order (the first
that applies names the movement; the movement records the whole new state):

1. new 住民票コード → 出生 when 住民となった年月日 is the birth date, else 転入
   (a new person already 除票 → 初期記載);
2. 住民 → 除票 → 死亡 (消除事由 死亡), 転出 (転出), 職権修正 (職権消除);
   除票 → 住民 → 転入 when 住民となった年月日 is after the 消除日, else 職権修正;
3. address (町字コード, 番地, 方書) with a new 住所を定めた年月日 → 転居
   (same date: 職権修正 of the address);
4. 氏, 名, カナ or 旧氏 → 氏名変更;
5. 世帯番号 or 続柄 → 世帯変更;
6. anything else → 職権修正.

Dates: 出生 on the birth date, 転入 on 住民となった年月日, 転居 on 住所を定めた年月日,
除票 on the 消除日; the others on the row's 異動日, else the extract's day.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from yakuba.residents import events
from yakuba.residents.models import Person, Status

from ..csv_format import RegistryRow

#: Higher wins when one movement covers several people of one household group.
PRIORITY = {
    events.DEATH: 9,
    events.MOVE_OUT: 8,
    events.MOVE_IN: 7,
    events.BIRTH: 6,
    events.INITIAL: 5,
    events.MOVE_WITHIN: 4,
    events.NAME_CHANGE: 3,
    events.HOUSEHOLD_CHANGE: 2,
    events.CORRECTION: 1,
}

NAME_FIELDS = (
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "former_family_name",
)
OTHER_FIELDS = (
    "birth_date",
    "sex",
    "became_resident_on",
    "address_set_on",
    "previous_address",
    "registered_domicile",
    "domicile_head",
    "removed_on",
    "removal_reason",
    "next_address",
)


@dataclass(frozen=True)
class Change:
    """One person's detected change: the kind, its date, the row, the person (None when new)."""

    kind: str
    effective_on: datetime.date
    row: RegistryRow
    person: Person | None
    #: False when the date is only the extract's day (no 異動日 and no date of its own).
    dated: bool = True

    @property
    def old_household_number(self) -> str:
        return self.person.household.household_number if self.person is not None else ""


def _address(person: Person) -> tuple[str, str, str]:
    household = person.household
    return (household.town_area.code, household.banchi, household.katagaki)


def _differs(candidate: Person, person: Person, names: tuple[str, ...]) -> bool:
    return any((getattr(candidate, name) or "") != (getattr(person, name) or "") for name in names)


def detect(
    row: RegistryRow, candidate: Person, person: Person | None, extract_day: datetime.date
) -> Change | None:
    """The change ``row`` makes to ``person`` (``None`` when nothing differs).

    ``candidate`` is the row as the residents services would store it (names
    and kana normalised, see ``importer.person_from_row``): fields are
    compared on it, so ``やまだ`` in an extract is no change to ``ヤマダ``.
    """
    dated = row.changed_on or extract_day
    own_date = row.changed_on is not None
    if person is None:
        if row.status == Status.REMOVED:
            return Change(events.INITIAL, row.became_resident_on, row, None)
        if row.became_resident_on == row.birth_date:
            return Change(events.BIRTH, row.birth_date, row, None)
        return Change(events.MOVE_IN, row.became_resident_on, row, None)
    if row.status == Status.REMOVED and person.status == Status.RESIDENT:
        kind = {"death": events.DEATH, "move_out": events.MOVE_OUT}.get(
            row.removal_reason, events.CORRECTION
        )
        return Change(kind, row.removed_on or dated, row, person, row.removed_on is not None)
    if row.status == Status.RESIDENT and person.status == Status.REMOVED:
        if person.removed_on is not None and row.became_resident_on > person.removed_on:
            return Change(events.MOVE_IN, row.became_resident_on, row, person)
        return Change(events.CORRECTION, dated, row, person, own_date)
    if row.address != _address(person):
        if row.address_set_on != person.address_set_on:
            return Change(events.MOVE_WITHIN, row.address_set_on, row, person)
        return Change(events.CORRECTION, dated, row, person, own_date)
    if _differs(candidate, person, NAME_FIELDS):
        return Change(events.NAME_CHANGE, dated, row, person, own_date)
    if (
        row.household_number != person.household.household_number
        or row.relationship != person.relationship
    ):
        return Change(events.HOUSEHOLD_CHANGE, dated, row, person, own_date)
    if _differs(candidate, person, OTHER_FIELDS) or candidate.status != person.status:
        return Change(events.CORRECTION, dated, row, person, own_date)
    return None
