"""A small register with history, for the content tests (and anyone testing issuance).

``build_register()`` needs the municipality profile saved first
(``yakuba.core.testing.demo_municipality``) and a database. Every 異動 goes through
the residents services (system actor), so the history is what production writes:

* 山田 太郎 (head, 1970-03-01), 花子 (wife, 1972-05-05), 一郎 (child, 2005-06-10) at
  本町一丁目1番地の1 since 2000-04-01 (一郎 since birth);
* 2020-04-01 転居 of the household to 本町二丁目5番地 村山コーポ101号室;
* 2022-01-01 氏名変更: 花子 → 佐藤 花子, 旧氏 山田;
* 鈴木 次郎 (1980-01-15), alone at 本町一丁目8番地 since 2010-10-01, 転出 on 2023-03-31.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

D = datetime.date

MOVED_ON = D(2020, 4, 1)
RENAMED_ON = D(2022, 1, 1)
LEFT_ON = D(2023, 3, 31)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """An aware moment on ``day`` (Japan time)."""
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


@dataclass(frozen=True)
class Register:
    head_id: int
    wife_id: int
    child_id: int
    leaver_id: int


def build_register() -> Register:
    from yakuba.residents.services import (
        Address,
        record_move_out,
        record_move_within,
        record_name_change,
    )
    from yakuba.residents.tests.factories import PersonFactory, TownAreaFactory

    honcho1 = TownAreaFactory()
    honcho2 = TownAreaFactory(
        code="0004002", name="本町二丁目", chome=2, name_kana="ホンマチニチョウメ"
    )
    moved_in = D(2000, 4, 1)
    head = PersonFactory(
        resident_code="11111111111",
        household__town_area=honcho1,
        household__banchi="1番地の1",
        became_resident_on=moved_in,
        address_set_on=moved_in,
        previous_address="東京都立川市柴崎町三丁目8番地の2",
        registered_domicile="東京都武蔵村山市本町一丁目1番地",
        domicile_head="山田　太郎",
    )
    wife = PersonFactory(
        resident_code="11111111112",
        household=head.household,
        relationship="wife",
        sex="female",
        given_name="花子",
        given_name_kana="ハナコ",
        birth_date=D(1972, 5, 5),
        became_resident_on=moved_in,
        address_set_on=moved_in,
        previous_address="東京都立川市柴崎町三丁目8番地の2",
        registered_domicile="東京都武蔵村山市本町一丁目1番地",
        domicile_head="山田　太郎",
    )
    child = PersonFactory(
        resident_code="11111111113",
        household=head.household,
        relationship="child",
        given_name="一郎",
        given_name_kana="イチロウ",
        birth_date=D(2005, 6, 10),
        registered_domicile="東京都武蔵村山市本町一丁目1番地",
        domicile_head="山田　太郎",
    )
    leaver = PersonFactory(
        resident_code="11111111121",
        household__town_area=honcho1,
        household__banchi="8番地",
        family_name="鈴木",
        given_name="次郎",
        family_name_kana="スズキ",
        given_name_kana="ジロウ",
        birth_date=D(1980, 1, 15),
        became_resident_on=D(2010, 10, 1),
        address_set_on=D(2010, 10, 1),
        previous_address="東京都東大和市中央一丁目1番地",
    )
    record_move_within(
        None,
        [head, wife, child],
        effective_on=MOVED_ON,
        address=Address(honcho2, "5番地", "村山コーポ101号室"),
        source="import",
    )
    from yakuba.residents.queries import people_by_resident_code

    wife_now = people_by_resident_code(["11111111112"])["11111111112"]
    record_name_change(
        None,
        wife_now,
        effective_on=RENAMED_ON,
        family_name="佐藤",
        given_name="花子",
        family_name_kana="サトウ",
        given_name_kana="ハナコ",
        former_family_name="山田",
        source="import",
    )
    record_move_out(
        None,
        [leaver],
        effective_on=LEFT_ON,
        destination="東京都立川市錦町一丁目2番地",
        source="import",
    )
    return Register(head.pk, wife.pk, child.pk, leaver.pk)
