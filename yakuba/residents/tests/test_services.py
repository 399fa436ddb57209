"""Writes: town areas from CSV, households with their head, people, bulk import, links."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.core.exceptions import ValidationError

from yakuba.audit.models import AccessRecord
from yakuba.residents.models import CitizenLink, Household, Person, TownArea
from yakuba.residents.services import (
    NewHousehold,
    NewPerson,
    PersonNotFoundError,
    add_person,
    bulk_create_population,
    create_household,
    import_town_areas,
    link_citizen,
    read_town_area_csv,
    wipe_register,
)

from .factories import HouseholdFactory, PersonFactory, TownAreaFactory

pytestmark = pytest.mark.django_db

HEAD = NewPerson(
    family_name="山田",
    given_name="太郎",
    family_name_kana="やまだ",
    given_name_kana="ﾀﾛｳ",
    birth_date=datetime.date(1970, 3, 1),
    sex="male",
    relationship="head",
)


def _errors(error: ValidationError) -> dict[str, list[str]]:
    return {name: [e.code for e in errors] for name, errors in error.error_dict.items()}


def test_imports_every_town_area_of_the_demo_city():
    count = import_town_areas(read_town_area_csv())

    assert count == 64
    assert TownArea.objects.count() == 64
    honcho = TownArea.objects.get(name="本町一丁目")
    assert (honcho.code, honcho.postal_code, honcho.name_kana) == (
        "0004001",
        "208-0004",
        "ホンマチイッチョウメ",
    )
    assert TownArea.objects.get(name="緑が丘").chome is None


def test_importing_twice_updates_in_place():
    import_town_areas(read_town_area_csv())
    rows = [dataclasses.replace(row, postal_code="2080099") for row in read_town_area_csv()[:1]]

    import_town_areas(rows)

    assert TownArea.objects.count() == 64
    assert TownArea.objects.get(code=rows[0].code).postal_code == "208-0099"


def test_creates_a_household_with_its_head_and_normalised_kana():
    household = create_household(None, town_area=TownAreaFactory(), banchi="１番地の１", head=HEAD)

    head = household.members.get()
    assert household.banchi == "1番地の1"
    assert (head.family_name_kana, head.given_name_kana, head.relationship) == (
        "ヤマダ",
        "タロウ",
        "head",
    )
    assert len(head.resident_code) == 11 and head.resident_code.isdigit()
    assert head.became_resident_on == head.address_set_on == head.birth_date
    assert AccessRecord.objects.count() == 0  # a system import is not a staff access


def test_refuses_a_household_whose_first_member_is_not_the_head():
    with pytest.raises(ValidationError):
        create_household(
            None,
            town_area=TownAreaFactory(),
            banchi="1番地",
            head=dataclasses.replace(HEAD, relationship="child"),
        )

    assert Household.objects.count() == 0


def test_records_a_staff_creation_in_the_access_record(clerk_a):
    household = create_household(clerk_a, town_area=TownAreaFactory(), banchi="1番地", head=HEAD)

    record = AccessRecord.objects.get()
    assert (record.subject_kind, record.subject_id) == (
        "residents.person",
        str(household.members.get().pk),
    )
    assert (record.action, record.purpose, record.org_unit_code) == (
        "create",
        "resident_change",
        "shimin",
    )


def test_refuses_a_purpose_that_the_register_does_not_declare(clerk_a):
    with pytest.raises(ValidationError):
        create_household(
            clerk_a, town_area=TownAreaFactory(), banchi="1番地", head=HEAD, purpose="audit_review"
        )


def test_refuses_a_birth_date_in_the_future():
    household = PersonFactory().household
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as caught:
        add_person(
            None, household, dataclasses.replace(HEAD, relationship="child", birth_date=tomorrow)
        )

    assert "future_birth_date" in _errors(caught.value)["birth_date"]


def test_refuses_kana_that_is_not_kana():
    household = PersonFactory().household

    with pytest.raises(ValidationError) as caught:
        add_person(
            None,
            household,
            dataclasses.replace(HEAD, relationship="wife", family_name_kana="Yamada"),
        )

    assert _errors(caught.value) == {"family_name_kana": ["not_kana"]}


def test_refuses_a_second_head():
    household = PersonFactory(relationship="head").household

    with pytest.raises(ValidationError) as caught:
        add_person(None, household, HEAD)

    assert _errors(caught.value) == {"relationship": ["second_head"]}
    assert household.members.count() == 1


def test_adds_a_member_with_a_former_family_name():
    household = PersonFactory().household

    person = add_person(
        None,
        household,
        dataclasses.replace(
            HEAD,
            given_name="花子",
            given_name_kana="ハナコ",
            sex="female",
            relationship="wife",
            former_family_name="鈴木",
        ),
    )

    assert person.name_search_key == "山田花子|ヤマダハナコ|鈴木花子"


def _household(code: str, *members: NewPerson) -> NewHousehold:
    return NewHousehold(town_area_code=code, banchi="3番地", members=list(members))


def test_bulk_creates_households_in_batches():
    TownAreaFactory()
    child = dataclasses.replace(
        HEAD,
        given_name="一郎",
        given_name_kana="イチロウ",
        relationship="child",
        birth_date=datetime.date(2000, 1, 1),
    )
    households = [_household("0004001", HEAD, child) for _ in range(5)]

    counts = bulk_create_population(households, batch_size=2)

    assert (counts.households, counts.people) == (5, 10)
    assert Person.objects.filter(relationship="head").count() == 5
    assert len(set(Person.objects.values_list("resident_code", flat=True))) == 10
    assert Person.objects.filter(name_search_key="山田一郎|ヤマダイチロウ").count() == 5


def test_bulk_refuses_a_household_without_a_head_and_writes_nothing():
    TownAreaFactory()
    child = dataclasses.replace(HEAD, relationship="child")

    with pytest.raises(ValidationError):
        bulk_create_population([_household("0004001", HEAD), _household("0004001", child)])

    assert Household.objects.count() == 0


def test_bulk_refuses_an_unknown_town_area():
    with pytest.raises(ValidationError):
        bulk_create_population([_household("9999999", HEAD)])


def test_links_a_citizen_by_resident_code(citizen):
    person = PersonFactory(resident_code="12345678901")

    link = link_citizen(citizen, "１２３４５６７８９０１", method="demo")

    assert (link.user, link.person, link.method) == (citizen, person, "demo")


def test_relinking_moves_the_link(citizen):
    PersonFactory(resident_code="12345678901")
    other = PersonFactory(resident_code="12345678902")
    link_citizen(citizen, "12345678901", method="demo")

    link_citizen(citizen, "12345678902", method="counter")

    assert CitizenLink.objects.get().person == other


def test_refuses_to_link_staff_or_unknown_people(citizen, clerk_a):
    PersonFactory(resident_code="12345678901")

    with pytest.raises(ValidationError):
        link_citizen(clerk_a, "12345678901", method="demo")
    with pytest.raises(PersonNotFoundError):
        link_citizen(citizen, "99999999999", method="demo")


def test_wipe_keeps_town_areas(citizen):
    PersonFactory(resident_code="12345678901")
    link_citizen(citizen, "12345678901", method="demo")

    counts = wipe_register()

    assert (counts.households, counts.people) == (1, 1)
    assert (Person.objects.count(), Household.objects.count(), CitizenLink.objects.count()) == (
        0,
        0,
        0,
    )
    assert TownArea.objects.count() == 1


def test_household_address_joins_town_area_lot_and_building():
    household = HouseholdFactory(banchi="1460番地", katagaki="12号棟305号室")

    assert household.address == "本町一丁目1460番地 12号棟305号室"
