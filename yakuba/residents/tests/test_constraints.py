"""Invariants the database itself guarantees, on PostgreSQL and SQLite alike."""

from __future__ import annotations

import datetime

import pytest
from django.db import DataError, IntegrityError, transaction

from yakuba.residents.models import Person

from .factories import HouseholdFactory, PersonFactory, TownAreaFactory

pytestmark = [pytest.mark.django_db, pytest.mark.db_guarantees]


def _refused(**overrides) -> bool:
    try:
        with transaction.atomic():
            PersonFactory(**overrides)
    except (IntegrityError, DataError):  # DataError: too long for the column (PostgreSQL)
        return True
    return False


def test_accepts_a_well_formed_person():
    person = PersonFactory()

    stored = Person.objects.get(pk=person.pk)
    assert stored.name_search_key == "山田太郎|ヤマダタロウ"


@pytest.mark.parametrize(
    "code", ["1234567890", "123456789012", "1234567890a", "１２３４５６７８９０１"]
)
def test_refuses_a_resident_code_that_is_not_eleven_ascii_digits(code):
    assert _refused(resident_code=code)


def test_refuses_a_duplicate_resident_code():
    PersonFactory(resident_code="12345678901")

    assert _refused(resident_code="12345678901")


@pytest.mark.parametrize(
    "overrides",
    [
        {"family_name_kana": "やまだ"},
        {"given_name_kana": "Taro"},
        {"family_name_kana": "ヤマダ タロウ"},
        {"family_name_kana": ""},
        {"given_name_kana": "山田"},
    ],
)
def test_refuses_kana_names_that_are_not_katakana(overrides):
    assert _refused(**overrides)


def test_accepts_long_vowel_marks_and_small_kana_in_katakana():
    assert not _refused(family_name_kana="ヴァーノン", given_name_kana="ジョッシュ")


@pytest.mark.parametrize(
    "overrides",
    [{"sex": "x"}, {"relationship": "cousin"}, {"status": "gone"}, {"family_name": ""}],
)
def test_refuses_unknown_values_and_empty_names(overrides):
    assert _refused(**overrides)


def test_refuses_becoming_resident_before_birth():
    assert _refused(
        birth_date=datetime.date(1970, 3, 1), became_resident_on=datetime.date(1970, 2, 28)
    )


def test_refuses_setting_the_address_before_becoming_resident():
    assert _refused(
        became_resident_on=datetime.date(2000, 1, 1), address_set_on=datetime.date(1999, 12, 31)
    )


def test_refuses_a_removed_record_without_its_removal_date():
    assert _refused(status="removed", removed_on=None)


def test_refuses_a_current_record_with_a_removal_date():
    assert _refused(status="resident", removed_on=datetime.date(2020, 1, 1))


def test_accepts_a_removed_record_with_its_removal_date():
    assert not _refused(status="removed", removed_on=datetime.date(2020, 1, 1))


def test_refuses_a_second_head_in_one_household():
    household = HouseholdFactory()
    PersonFactory(household=household, relationship="head")

    assert _refused(household=household, relationship="head")


def test_allows_a_new_head_once_the_old_head_is_removed():
    household = HouseholdFactory()
    PersonFactory(
        household=household,
        relationship="head",
        status="removed",
        removed_on=datetime.date(2024, 1, 1),
    )

    assert not _refused(household=household, relationship="head")


def test_allows_many_members_besides_the_head():
    household = HouseholdFactory()
    PersonFactory(household=household, relationship="head")

    assert not _refused(household=household, relationship="wife", sex="female")
    assert not _refused(household=household, relationship="child")
    assert household.members.count() == 3


@pytest.mark.parametrize(
    "overrides",
    [{"code": "123"}, {"postal_code": "2080004"}, {"chome": 0}],
)
def test_refuses_malformed_town_areas(overrides):
    values = {"code": "0099001", **overrides}
    with pytest.raises(IntegrityError), transaction.atomic():
        TownAreaFactory(**values)


def test_refuses_a_household_number_with_letters():
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdFactory(household_number="A1")
