"""Reads: the search box, the person record, the policy and the access record."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from yakuba.audit.models import AccessRecord
from yakuba.audit.services import Subject, subjects_for
from yakuba.residents.queries import (
    PersonSearch,
    get_person_for,
    parse_person_search,
    registry_counts_for,
    search_people_for,
)
from yakuba.residents.services import link_citizen

from .factories import HouseholdFactory, PersonFactory

PURPOSE = "resident_certificate"


# --- parsing (no database) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("山田", PersonSearch(name_keys=("山田",))),
        ("やまだ　たろう", PersonSearch(name_keys=("ヤマダ", "タロウ"))),
        ("ﾔﾏﾀﾞ", PersonSearch(name_keys=("ヤマダ",))),
        ("S45.3.1", PersonSearch(birth_date=datetime.date(1970, 3, 1))),
        ("昭和 45年 3月 1日", PersonSearch(birth_date=datetime.date(1970, 3, 1))),
        ("1970-03-01", PersonSearch(birth_date=datetime.date(1970, 3, 1))),
        ("山田 S45.3.1", PersonSearch(name_keys=("山田",), birth_date=datetime.date(1970, 3, 1))),
        ("123-4567-8901", PersonSearch(resident_code="12345678901")),
        ("１２３４５６７８９０１", PersonSearch(resident_code="12345678901")),
    ],
)
def test_reads_what_the_clerk_typed(text, expected):
    assert parse_person_search(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "required"),
        ("   ", "required"),
        ("山" * 200, "too_long"),
        ("H31.5.1", "year_out_of_era"),
        ("S45.2.30", "invalid_date"),
        ("山田 12", "invalid_format"),
        ("S45.3.1 S46.3.1", "two_dates"),
        ("|", "required"),
    ],
)
def test_refuses_unreadable_searches_with_a_message(text, code):
    with pytest.raises(ValidationError) as caught:
        parse_person_search(text)

    assert caught.value.code == code


# --- search -------------------------------------------------------------------------------


@pytest.fixture
def yamada(db):
    head = PersonFactory(
        family_name="山田", given_name="太郎", family_name_kana="ヤマダ", given_name_kana="タロウ"
    )
    PersonFactory(
        household=head.household,
        relationship="wife",
        sex="female",
        given_name="花子",
        given_name_kana="ハナコ",
        birth_date=datetime.date(1972, 5, 5),
    )
    PersonFactory(
        family_name="髙橋",
        family_name_kana="タカハシ",
        given_name="一郎",
        given_name_kana="イチロウ",
    )
    return head


def _names(result) -> list[str]:
    return [person.full_name for person in result.people]


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["やまだ", "ﾔﾏﾀﾞ", "ヤマダ", "山田", "　山田　"])
def test_finds_by_name_in_any_script_and_width(clerk_a, yamada, text):
    result = search_people_for(clerk_a, text, purpose=PURPOSE)

    assert _names(result) == ["山田 太郎", "山田 花子"]


@pytest.mark.django_db
def test_every_term_must_match(clerk_a, yamada):
    assert _names(search_people_for(clerk_a, "やまだ はなこ", purpose=PURPOSE)) == ["山田 花子"]


@pytest.mark.django_db
def test_finds_old_kanji_through_the_common_form(clerk_a, yamada):
    assert _names(search_people_for(clerk_a, "高橋", purpose=PURPOSE)) == ["髙橋 一郎"]


@pytest.mark.django_db
def test_finds_by_birth_date_in_wareki(clerk_a, yamada):
    assert _names(search_people_for(clerk_a, "S45.3.1", purpose=PURPOSE)) == [
        "髙橋 一郎",
        "山田 太郎",
    ]  # kana order


@pytest.mark.django_db
def test_finds_by_resident_code(clerk_a, yamada):
    assert _names(search_people_for(clerk_a, yamada.resident_code, purpose=PURPOSE)) == [
        "山田 太郎"
    ]


@pytest.mark.django_db
def test_records_one_read_per_person_listed(clerk_a, yamada, rf):
    request = rf.get("/staff/residents/")

    result = search_people_for(clerk_a, "やまだ", purpose=PURPOSE, request=request)

    records = list(AccessRecord.objects.order_by("sequence"))
    assert [r.subject_id for r in records] == [str(p.pk) for p in result.people]
    assert {
        (r.subject_kind, r.record_kind, r.purpose, r.action, r.org_unit_code) for r in records
    } == {("residents.person", "residents.person", PURPOSE, "read", "shimin")}
    assert records[0].fields == [
        "family_name",
        "given_name",
        "family_name_kana",
        "given_name_kana",
        "birth_date",
        "address",
    ]


@pytest.mark.django_db
def test_lists_at_most_the_limit_and_says_so(clerk_a):
    household = HouseholdFactory()
    PersonFactory(household=household)
    for _ in range(3):
        PersonFactory(household=household, relationship="child")

    result = search_people_for(clerk_a, "山田", purpose=PURPOSE, limit=2)

    assert (len(result.people), result.truncated) == (2, True)
    assert AccessRecord.objects.count() == 2


@pytest.mark.django_db
def test_other_departments_may_not_search(clerk_b, system_admin, yamada):
    for user in (clerk_b, system_admin):
        with pytest.raises(PermissionDenied):
            search_people_for(user, "山田", purpose=PURPOSE)

    assert AccessRecord.objects.count() == 0


@pytest.mark.django_db
def test_a_search_needs_a_purpose_of_the_register(clerk_a, yamada):
    with pytest.raises(ValidationError):
        search_people_for(clerk_a, "山田", purpose="audit_review")

    assert AccessRecord.objects.count() == 0


# --- one person ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_reads_a_person_with_the_household_and_records_each_member(clerk_a, yamada):
    wife = yamada.household.members.get(relationship="wife")

    record = get_person_for(clerk_a, wife.pk, "resident_inquiry")

    assert (record.person, record.head, record.members) == (wife, yamada, [yamada])
    assert list(AccessRecord.objects.order_by("sequence").values_list("subject_id", "purpose")) == [
        (str(wife.pk), "resident_inquiry"),
        (str(yamada.pk), "resident_inquiry"),
    ]
    assert "resident_code" in AccessRecord.objects.order_by("sequence").first().fields


@pytest.mark.django_db
def test_a_missing_person_is_not_found(clerk_a):
    with pytest.raises(Http404):
        get_person_for(clerk_a, 999999, PURPOSE)


@pytest.mark.django_db
def test_other_departments_may_not_read_a_person(clerk_b, yamada):
    with pytest.raises(PermissionDenied):
        get_person_for(clerk_b, yamada.pk, PURPOSE)


# --- aggregates and the citizen's own record -----------------------------------------------------


@pytest.mark.django_db
def test_counts_residents_and_households_without_recording(clerk_a, clerk_b, yamada):
    PersonFactory(status="removed", removed_on=datetime.date(2024, 1, 1))

    counts = registry_counts_for(clerk_a)

    assert (counts.residents, counts.households, counts.removed) == (3, 2, 1)
    assert registry_counts_for(clerk_b) is None
    assert AccessRecord.objects.count() == 0


@pytest.mark.django_db
def test_a_linked_citizen_is_the_subject_of_their_person_record(citizen, yamada):
    link_citizen(citizen, yamada.resident_code, method="demo")

    assert Subject("residents.person", str(yamada.pk)) in subjects_for(citizen)
