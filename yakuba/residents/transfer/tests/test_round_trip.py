"""Export → import into an empty register → the same current state."""

from __future__ import annotations

import datetime

import pytest

from yakuba.residents.models import Household, Person, TownArea
from yakuba.residents.services import (
    Address,
    NewPerson,
    create_household,
    record_death,
    record_move_out,
    record_move_within,
    record_name_change,
    wipe_register,
)
from yakuba.residents.services.people import add_person
from yakuba.residents.transfer.importer import load_register
from yakuba.residents.transfer.services import start_export, stream_export

pytestmark = pytest.mark.django_db

PERSON_FIELDS = (
    "resident_code",
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "former_family_name",
    "birth_date",
    "sex",
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
    "name_search_key",
)


def current_state():
    people = {
        person.resident_code: (
            *(getattr(person, name) for name in PERSON_FIELDS),
            person.household.household_number,
        )
        for person in Person.objects.select_related("household")
    }
    households = {
        household.household_number: (
            household.town_area.code,
            household.banchi,
            household.katagaki,
            household.dissolved_on,
            household.address_search_key,
        )
        for household in Household.objects.select_related("town_area")
        .filter(members__isnull=False)
        .distinct()
    }
    return people, households


def build_register(areas):
    """A register written by the counter services: moves, a name change, a death, a move out."""
    honcho1, honcho2, midorigaoka = areas
    household = create_household(
        None,
        town_area=honcho1,
        banchi="1番地の1",
        katagaki="コーポ榎 203号室",
        household_number="100",
        head=NewPerson(
            family_name="山田",
            given_name="太郎",
            family_name_kana="ヤマダ",
            given_name_kana="タロウ",
            birth_date=datetime.date(1950, 3, 1),
            sex="male",
            relationship="head",
            became_resident_on=datetime.date(1990, 4, 1),
            address_set_on=datetime.date(1990, 4, 1),
            previous_address="東京都立川市柴崎町三丁目8番地の2",
            registered_domicile="東京都立川市柴崎町三丁目8番地",
            domicile_head="山田 太郎",
            resident_code="30000000001",
        ),
    )
    wife = add_person(
        None,
        household,
        NewPerson(
            family_name="山田",
            given_name="花子",
            family_name_kana="ヤマダ",
            given_name_kana="ハナコ",
            former_family_name="鈴木",
            birth_date=datetime.date(1952, 5, 5),
            sex="female",
            relationship="wife",
            became_resident_on=datetime.date(1990, 4, 1),
            address_set_on=datetime.date(1990, 4, 1),
            resident_code="30000000002",
        ),
    )
    child = add_person(
        None,
        household,
        NewPerson(
            family_name="山田",
            given_name="一郎",
            family_name_kana="ヤマダ",
            given_name_kana="イチロウ",
            birth_date=datetime.date(1991, 6, 10),
            sex="male",
            relationship="child",
            resident_code="30000000003",
        ),
    )
    head = Person.objects.get(resident_code="30000000001")
    record_move_within(
        None,
        [head, wife, child],
        effective_on=datetime.date(2015, 4, 1),
        address=Address(honcho2, "2-3-4"),
    )
    child.refresh_from_db()
    record_name_change(
        None,
        child,
        effective_on=datetime.date(2018, 1, 10),
        family_name="山田",
        given_name="一朗",
        family_name_kana="ヤマダ",
        given_name_kana="イチロウ",
    )
    head.refresh_from_db()
    wife.refresh_from_db()
    record_death(None, head, effective_on=datetime.date(2020, 2, 2), new_head=wife)
    single = create_household(
        None,
        town_area=midorigaoka,
        banchi="1460番地",
        katagaki="12号棟305号室",
        household_number="200",
        head=NewPerson(
            family_name="佐藤",
            given_name="次郎",
            family_name_kana="サトウ",
            given_name_kana="ジロウ",
            birth_date=datetime.date(1980, 1, 1),
            sex="male",
            relationship="head",
            resident_code="30000000004",
        ),
    )
    record_move_out(
        None,
        list(single.members.all()),
        effective_on=datetime.date(2021, 3, 31),
        destination="埼玉県所沢市並木一丁目1番地の1",
    )


@pytest.mark.db_guarantees
def test_export_then_import_into_an_empty_register_gives_the_same_current_state(areas, admin_a):
    build_register(areas)
    before = current_state()
    assert len(before[0]) == 4 and len(before[1]) == 2

    started = start_export(admin_a)
    exported = b"".join(stream_export(started.job))
    wipe_register()
    assert Person.objects.count() == 0
    outcome = load_register([exported], dry_run=False, external_id="e" * 64)

    assert outcome.ok, [problem.text for problem in outcome.problems]
    assert current_state() == before
    assert TownArea.objects.count() == 3

    # and exporting the imported register gives the same file
    again = b"".join(stream_export(start_export(admin_a).job))
    assert again == exported
