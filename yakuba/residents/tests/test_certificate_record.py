"""certificate_record: the register as a certificate shows it, as of a moment (system read)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from yakuba.audit.models import AccessRecord
from yakuba.core.testing import demo_municipality
from yakuba.residents.models import Person
from yakuba.residents.queries import certificate_record
from yakuba.residents.services import (
    Address,
    record_move_out,
    record_move_within,
    record_name_change,
)

from .factories import PersonFactory, TownAreaFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10))


@pytest.fixture
def city(db):
    with demo_municipality() as profile:
        yield profile


@pytest.fixture
def moved_family(city, clerk_a, yamada_family):
    """The 山田 family moves to 本町二丁目 on 2020-04-01; 花子 becomes 佐藤 on 2022-01-01."""
    head, wife, child = yamada_family
    honcho2 = TownAreaFactory(
        code="0004002", name="本町二丁目", chome=2, name_kana="ホンマチニチョウメ"
    )
    record_move_within(
        clerk_a,
        [head, wife, child],
        effective_on=D(2020, 4, 1),
        address=Address(honcho2, "5番地", "村山コーポ101号室"),
    )
    record_name_change(
        clerk_a,
        Person.objects.get(pk=wife.pk),
        effective_on=D(2022, 1, 1),
        family_name="佐藤",
        given_name="花子",
        family_name_kana="サトウ",
        given_name_kana="ハナコ",
        former_family_name="山田",
    )
    return head, wife, child


def test_before_the_move_shows_the_old_address_members_and_head(moved_family):
    head, wife, child = moved_family
    old_banchi = head.household.banchi

    record = certificate_record(wife.pk, at=at(D(2015, 6, 1)))

    assert record.as_of == D(2015, 6, 1)
    assert (record.person.family_name, record.person.given_name) == ("山田", "花子")
    assert record.person.sex_label == "女" and record.person.relationship_label == "妻"
    assert record.address.full == f"東京都武蔵村山市本町一丁目{old_banchi}"
    assert record.address.postal_code == "208-0004"
    assert record.head_name == "山田　太郎"
    assert [member.person_id for member in record.members] == [head.pk, wife.pk, child.pk]
    assert (record.municipality_name, record.municipality_code) == ("武蔵村山市", "132233")


def test_after_the_move_and_the_name_change(moved_family):
    head, wife, child = moved_family

    between = certificate_record(wife.pk, at=at(D(2021, 1, 1)))
    after = certificate_record(wife.pk, at=at(D(2022, 1, 1)))

    assert between.address.full == "東京都武蔵村山市本町二丁目5番地　村山コーポ101号室"
    assert between.person.family_name == "山田" and between.person.former_family_name == ""
    assert between.person.address_set_on == D(2020, 4, 1)
    assert between.person.previous_address.startswith("東京都武蔵村山市本町一丁目")
    assert (after.person.family_name, after.person.former_family_name) == ("佐藤", "山田")
    assert after.person.full_name_kana == "サトウ　ハナコ"


def test_head_first_then_by_birth_date(moved_family, clerk_a):
    head, wife, child = moved_family
    record = certificate_record(child.pk, at=at(D(2024, 1, 1)))
    assert [member.relationship_label for member in record.members] == ["世帯主", "妻", "子"]


def test_removed_on_the_day_is_returned_as_removed_with_no_members(moved_family, clerk_a):
    head, wife, child = moved_family
    record_move_out(
        clerk_a,
        [Person.objects.get(pk=child.pk)],
        effective_on=D(2024, 3, 31),
        destination="東京都立川市錦町一丁目2番地",
    )

    before = certificate_record(child.pk, at=at(D(2024, 3, 30)))
    after = certificate_record(child.pk, at=at(D(2024, 3, 31)))
    household_after = certificate_record(head.pk, at=at(D(2024, 4, 1)))

    assert before.is_resident and len(before.members) == 3
    assert not after.is_resident and after.members == ()
    assert after.person.next_address == "東京都立川市錦町一丁目2番地"
    assert [member.person_id for member in household_after.members] == [head.pk, wife.pk]


def test_nothing_before_the_first_version_nor_for_an_unknown_person(moved_family):
    head, wife, child = moved_family
    assert certificate_record(head.pk, at=at(D(1999, 12, 31))) is None
    assert certificate_record(999_999, at=at(D(2024, 1, 1))) is None


def test_known_at_ignores_later_recordings(moved_family):
    head, wife, child = moved_family
    first = wife.versions.order_by("recorded_at").first().recorded_at

    record = certificate_record(wife.pk, at=at(D(2023, 1, 1)), known_at=first)

    assert record.person.family_name == "山田"
    assert record.address.town_area_name == "本町一丁目"


def test_records_nothing_and_works_without_a_profile(yamada_family):
    head, wife, child = yamada_family
    before = AccessRecord.objects.count()

    record = certificate_record(head.pk, at=at(D(2024, 1, 1)))

    assert AccessRecord.objects.count() == before
    assert record.municipality_name == "" and record.municipality_code == "132233"
    assert record.address.full.startswith("本町一丁目")


def test_a_naive_moment_is_read_as_its_date(yamada_family):
    head, _wife, _child = yamada_family
    record = certificate_record(head.pk, at=datetime.datetime(2001, 1, 1, 23, 59))
    assert record.as_of == D(2001, 1, 1)


def test_factory_person_without_history_at_the_household(city):
    person = PersonFactory(became_resident_on=D(2010, 1, 1), address_set_on=D(2010, 1, 1))
    record = certificate_record(person.pk, at=at(D(2011, 1, 1)))
    assert record.household_number == person.household.household_number
    assert record.head_name == "山田　太郎"
