"""assign_demo_numbers: valid, fictional, deterministic, unique, idempotent, fast."""

from __future__ import annotations

import datetime

import pytest

from yakuba.audit.models import AccessRecord
from yakuba.vault.demo import assign_demo_numbers, demo_number
from yakuba.vault.models import MyNumber
from yakuba.vault.numbers import is_valid
from yakuba.vault.queries import masked_number
from yakuba.vault.services import FIRST_ASSIGNMENT_DATE

# The bulk path writes with COPY on PostgreSQL and a multi-row INSERT on SQLite: both backends.
pytestmark = [pytest.mark.django_db, pytest.mark.db_guarantees]


def test_demo_numbers_are_valid_fictional_deterministic_and_distinct():
    numbers = [demo_number(2026, person_id) for person_id in range(1, 20_001)]

    assert all(is_valid(number) and number.startswith("0000") for number in numbers)
    assert len(set(numbers)) == len(numbers)
    assert numbers[:3] == [demo_number(2026, 1), demo_number(2026, 2), demo_number(2026, 3)]
    assert demo_number(2026, 1) != demo_number(2027, 1)
    assert numbers[:100] != sorted(numbers[:100])  # not in id order
    with pytest.raises(ValueError):
        demo_number(2026, 10**7)


def test_assigns_every_resident_once_and_records_no_access(person):
    from yakuba.residents.tests.factories import PersonFactory

    baby = PersonFactory(
        household=person.household, relationship="child", birth_date=datetime.date(2023, 2, 10)
    )
    gone = PersonFactory(
        household=person.household,
        relationship="child",
        status="removed",
        removed_on=datetime.date(2010, 1, 1),
        birth_date=datetime.date(1990, 1, 1),
    )

    assert assign_demo_numbers(2026) == 2
    assert assign_demo_numbers(2026) == 0  # idempotent

    assert masked_number(person.pk) == "********" + demo_number(2026, person.pk)[-4:]
    assert MyNumber.objects.get(person=person).assigned_on == FIRST_ASSIGNMENT_DATE
    assert MyNumber.objects.get(person=baby).assigned_on == datetime.date(2023, 2, 24)
    assert not MyNumber.objects.filter(person=gone).exists()
    assert AccessRecord.objects.count() == 0


def test_assigns_only_the_given_people(person, other_person):
    assert assign_demo_numbers(7, [other_person.pk]) == 1
    assert list(MyNumber.objects.values_list("person_id", flat=True)) == [other_person.pk]
