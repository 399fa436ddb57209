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
    person_timeline_for,
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


# --- as of a date, and the timeline ---------------------------------------------------


def _move_household(clerk, family, day):
    from yakuba.residents.services import Address, record_move_within

    from .factories import TownAreaFactory

    area = TownAreaFactory(
        code="0004002", name="本町二丁目", chome=2, name_kana="ホンマチニチョウメ"
    )
    return record_move_within(clerk, list(family), effective_on=day, address=Address(area, "5番地"))


@pytest.mark.django_db
def test_person_as_of_a_date_shows_that_day_and_records_it(clerk_a, yamada_family):
    head, wife, child = yamada_family
    _move_household(clerk_a, yamada_family, datetime.date(2024, 4, 1))
    before = AccessRecord.objects.count()

    record = get_person_for(clerk_a, head.pk, PURPOSE, as_of=datetime.date(2024, 3, 31))

    assert record.as_of == datetime.date(2024, 3, 31)
    assert record.household.address.startswith("本町一丁目")
    assert [member.full_name for member in record.members] == ["山田 花子", "山田 一郎"]
    assert record.head.pk == head.pk and record.version.valid_from == datetime.date(2000, 4, 1)
    assert AccessRecord.objects.count() == before + 3


@pytest.mark.django_db
def test_person_as_of_a_date_before_their_record_is_refused_unrecorded(clerk_a, yamada_family):
    with pytest.raises(ValidationError) as caught:
        get_person_for(clerk_a, yamada_family[2].pk, PURPOSE, as_of=datetime.date(2005, 6, 9))

    assert caught.value.code == "not_recorded_on_date"
    assert AccessRecord.objects.count() == 0


@pytest.mark.django_db
def test_person_as_known_before_a_correction(clerk_a, yamada_family):
    from django.utils import timezone

    from yakuba.residents.services import correct_person

    head = yamada_family[0]
    moment = timezone.now()
    correct_person(clerk_a, head, effective_on=datetime.date(2000, 4, 1),
                   changes={"given_name": "太朗"}, reason="誤記")  # fmt: skip

    now = get_person_for(clerk_a, head.pk, PURPOSE, as_of=datetime.date(2020, 1, 1))
    then = get_person_for(
        clerk_a, head.pk, PURPOSE, as_of=datetime.date(2020, 1, 1), known_at=moment
    )

    assert (now.person.given_name, then.person.given_name) == ("太朗", "太郎")


@pytest.mark.django_db
def test_timeline_lists_movements_with_their_changes(clerk_a, yamada_family):
    from yakuba.residents.services import correct_person

    head = yamada_family[0]
    _move_household(clerk_a, yamada_family, datetime.date(2024, 4, 1))
    correct_person(clerk_a, head, effective_on=datetime.date(2000, 4, 1),
                   changes={"given_name": "太朗"}, reason="戸籍照合")  # fmt: skip
    before = AccessRecord.objects.count()

    timeline = person_timeline_for(clerk_a, head.pk, PURPOSE)

    assert [entry.movement.kind for entry in timeline] == ["initial", "correction", "move_within"]
    assert timeline[0].changes == []
    assert [(c.label, c.before, c.after) for c in timeline[1].changes] == [("名", "太郎", "太朗")]
    moved = {c.field: (c.before, c.after) for c in timeline[2].changes}
    assert moved["address"] == (head.household.address, "本町二丁目5番地")
    assert moved["address_set_on"] == (
        "平成12年4月1日（2000年4月1日）",
        "令和6年4月1日（2024年4月1日）",
    )
    assert timeline[2].recorded_by == str(clerk_a)
    assert AccessRecord.objects.count() == before + 1
    assert AccessRecord.objects.order_by("-sequence").first().fields == ["history"]


@pytest.mark.django_db
def test_timeline_needs_the_role(clerk_b, yamada_family):
    with pytest.raises(PermissionDenied):
        person_timeline_for(clerk_b, yamada_family[0].pk, PURPOSE)


@pytest.mark.django_db
def test_search_skips_removed_unless_asked(clerk_a):
    PersonFactory(resident_code="12121212121")
    PersonFactory(
        resident_code="12121212122", status="removed", removed_on=datetime.date(2024, 1, 1)
    )

    current = search_people_for(clerk_a, "山田", purpose=PURPOSE)
    everyone = search_people_for(clerk_a, "山田", purpose=PURPOSE, include_removed=True)

    assert [p.resident_code for p in current.people] == ["12121212121"]
    assert sorted(p.resident_code for p in everyone.people) == ["12121212121", "12121212122"]


@pytest.mark.django_db
def test_search_by_address_alone(clerk_a):
    person = PersonFactory(household__banchi="12番地の3")
    PersonFactory(resident_code="34343434343", household__banchi="2番地")

    search = PersonSearch().with_address(person.household.town_area_id, "12-3")
    result = search_people_for(clerk_a, search, purpose=PURPOSE)

    assert [p.pk for p in result.people] == [person.pk]
