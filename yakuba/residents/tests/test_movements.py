"""The 異動 services: each kind, its validation rules, atomicity, audit records and the event."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yakuba.audit.models import AccessRecord
from yakuba.residents import history
from yakuba.residents.events import movement_recorded
from yakuba.residents.models import (
    Household,
    HouseholdVersion,
    Movement,
    Person,
    PersonVersion,
)
from yakuba.residents.services import (
    Address,
    NewPerson,
    record_birth,
    record_death,
    record_move_in,
    record_move_out,
    record_move_within,
    record_name_change,
)

from .factories import PersonFactory, TownAreaFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def honcho2(db):
    return TownAreaFactory(
        code="0004002", name="本町二丁目", chome=2, name_kana="ホンマチニチョウメ"
    )


def _code(callable_, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        callable_(*args, **kwargs)
    error = caught.value
    if hasattr(error, "error_dict"):
        return next(item.code for items in error.error_dict.values() for item in items)
    return error.code


def _counts():
    return (
        Movement.objects.count(),
        PersonVersion.objects.count(),
        HouseholdVersion.objects.count(),
        Household.objects.count(),
        AccessRecord.objects.count(),
    )


def _fresh(person: Person) -> Person:
    return Person.objects.select_related("household__town_area").get(pk=person.pk)


# ------------------------------------------------------------------------------ 転居


def test_whole_household_moves_and_keeps_its_number(
    clerk_a, yamada_family, honcho2, django_capture_on_commit_callbacks
):
    head, wife, child = yamada_family
    number = head.household.household_number
    received = []
    movement_recorded.connect(
        lambda **kwargs: received.append(kwargs), weak=False, dispatch_uid="t1"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            movement = record_move_within(
                clerk_a,
                [head, wife, child],
                effective_on=D(2024, 4, 1),
                notified_on=D(2024, 4, 5),
                address=Address(honcho2, "５番地の３", "コーポ本町 201号室"),
            )
    finally:
        movement_recorded.disconnect(dispatch_uid="t1")

    head = _fresh(head)
    assert head.household.household_number == number
    assert head.household.address == "本町二丁目5番地の3 コーポ本町 201号室"
    assert head.address_set_on == D(2024, 4, 1)
    assert head.previous_address == "本町一丁目" + yamada_family[0].household.banchi
    assert head.became_resident_on == D(2000, 4, 1)
    assert (movement.kind, movement.effective_on, movement.notified_on) == (
        "move_within", D(2024, 4, 1), D(2024, 4, 5),
    )  # fmt: skip
    assert sorted(movement.people.values_list("pk", flat=True)) == sorted(
        [head.pk, wife.pk, child.pk]
    )
    assert received == [
        {
            "signal": movement_recorded,
            "sender": Movement,
            "movement_id": movement.pk,
            "kind": "move_within",
            "person_ids": sorted([head.pk, wife.pk, child.pk]),
            "effective_on": D(2024, 4, 1),
        }
    ]
    records = AccessRecord.objects.filter(action="update", purpose="resident_change")
    assert sorted(records.values_list("subject_id", flat=True)) == sorted(
        str(p.pk) for p in (head, wife, child)
    )
    assert records.first().fields == ["address_set_on", "household", "previous_address"]


def test_as_of_before_and_after_a_move(clerk_a, yamada_family, honcho2):
    head, wife, child = yamada_family
    record_move_within(
        clerk_a, [head, wife, child], effective_on=D(2024, 4, 1), address=Address(honcho2, "5番地")
    )

    before = history.version_as_of(head.pk, D(2024, 3, 31))
    after = history.version_as_of(head.pk, D(2024, 4, 1))
    assert before.address.startswith("本町一丁目") and before.address_set_on == D(2000, 4, 1)
    assert after.address == "本町二丁目5番地" and after.address_set_on == D(2024, 4, 1)
    household = history.household_version_as_of(head.household_id, D(2010, 1, 1))
    assert household.town_area.name == "本町一丁目"
    assert history.household_version_as_of(head.household_id, D(2025, 1, 1)).banchi == "5番地"
    assert [m.person_id for m in history.household_members_as_of(head.household_id, D(2024, 4, 1))] == [
        head.pk, wife.pk, child.pk,
    ]  # fmt: skip


def test_part_of_a_household_moving_forms_a_new_one(clerk_a, yamada_family, honcho2):
    head, wife, child = yamada_family

    record_move_within(
        clerk_a,
        [child],
        effective_on=D(2025, 1, 10),
        address=Address(honcho2, "8番地"),
        relationships={child.pk: "head"},
    )

    child = _fresh(child)
    assert child.relationship == "head" and child.household.address == "本町二丁目8番地"
    assert child.household_id != head.household_id
    assert _fresh(head).relationship == "head"


def test_the_head_moving_alone_needs_a_new_head(clerk_a, yamada_family, honcho2):
    head, wife, child = yamada_family
    before = _counts()

    code = _code(
        record_move_within,
        clerk_a,
        [head],
        effective_on=D(2025, 1, 10),
        address=Address(honcho2, "8番地"),
    )

    assert code == "head_required"
    assert _counts() == before  # nothing half-written: no movement, version or household
    assert _fresh(head).household_id == wife.household_id


def test_the_head_moving_alone_with_a_new_head(clerk_a, yamada_family, honcho2):
    head, wife, child = yamada_family

    record_move_within(
        clerk_a,
        [head],
        effective_on=D(2025, 1, 10),
        address=Address(honcho2, "8番地"),
        new_head=wife,
        remaining_relationships={child.pk: "child"},
    )

    assert _fresh(wife).relationship == "head"
    assert _fresh(head).relationship == "head"
    assert _fresh(head).household_id != _fresh(wife).household_id


def test_moving_to_the_same_address_is_refused(clerk_a, yamada_family):
    head, wife, child = yamada_family
    household = head.household

    code = _code(
        record_move_within,
        clerk_a,
        [head, wife, child],
        effective_on=D(2025, 1, 10),
        address=Address(household.town_area, household.banchi),
    )

    assert code == "same_address"


def test_joining_another_household_elsewhere(clerk_a, yamada_family, honcho2):
    head, wife, child = yamada_family
    other = PersonFactory(
        family_name="佐藤", family_name_kana="サトウ", household__town_area=honcho2
    )

    record_move_within(
        clerk_a,
        [child],
        effective_on=D(2025, 2, 1),
        household=other.household,
        relationships={child.pk: "other"},
    )

    child = _fresh(child)
    assert (child.household_id, child.relationship) == (other.household_id, "other")


@pytest.mark.parametrize(
    ("effective_on", "notified_on", "code"),
    [
        (D(2005, 6, 9), None, "event_before_birth"),  # the child was born 2005-06-10
        (D(2004, 1, 1), None, "event_before_birth"),
        (D(2099, 1, 1), None, "future_effective_date"),
        (D(2024, 4, 10), D(2024, 4, 9), "notified_before_effective"),
        (D(2024, 4, 10), D(2099, 1, 1), "future_notified_date"),
        (None, None, "required"),
    ],
)
def test_move_within_date_rules(clerk_a, yamada_family, honcho2, effective_on, notified_on, code):
    head, wife, child = yamada_family
    before = _counts()

    assert (
        _code(
            record_move_within,
            clerk_a,
            [child],
            effective_on=effective_on,
            notified_on=notified_on,
            address=Address(honcho2, "8番地"),
            relationships={child.pk: "head"},
        )
        == code
    )
    assert _counts() == before


def test_no_change_before_the_previous_one(clerk_a, yamada_family, honcho2):
    head, wife, child = yamada_family
    everyone = [head, wife, child]
    record_move_within(
        clerk_a, everyone, effective_on=D(2024, 4, 1), address=Address(honcho2, "5番地")
    )

    code = _code(
        record_move_within,
        clerk_a,
        [_fresh(p) for p in everyone],
        effective_on=D(2024, 3, 1),
        address=Address(honcho2, "9番地"),
    )

    assert code == "before_previous_change"


def test_a_removed_person_cannot_move(clerk_a, honcho2):
    gone = PersonFactory(status="removed", removed_on=D(2020, 1, 1))

    assert (
        _code(
            record_move_within,
            clerk_a,
            [gone],
            effective_on=D(2024, 1, 1),
            address=Address(honcho2, "1番地"),
        )
        == "person_removed"
    )


# ------------------------------------------------------------------------------ 転出


def test_move_out_keeps_a_removed_record(clerk_a, yamada_family):
    head, wife, child = yamada_family

    record_move_out(
        clerk_a, [child], effective_on=D(2025, 3, 20), destination="東京都新宿区西新宿二丁目8番1号"
    )

    child = _fresh(child)
    assert (child.status, child.removed_on, child.removal_reason, child.next_address) == (
        "removed", D(2025, 3, 20), "move_out", "東京都新宿区西新宿二丁目8番1号",
    )  # fmt: skip
    assert history.version_as_of(child.pk, D(2025, 3, 19)).status == "resident"
    assert history.version_as_of(child.pk, D(2025, 3, 20)).status == "removed"
    assert [m.person_id for m in history.household_members_as_of(head.household_id, D(2025, 3, 20))] == [
        head.pk, wife.pk,
    ]  # fmt: skip


def test_move_out_may_be_notified_ahead_of_the_planned_date(clerk_a, yamada_family):
    head, wife, child = yamada_family
    planned = timezone.localdate() + datetime.timedelta(days=10)

    record_move_out(
        clerk_a,
        [child],
        effective_on=planned,
        notified_on=timezone.localdate(),
        destination="埼玉県所沢市並木一丁目1番地の1",
    )

    assert _fresh(child).status == "removed"
    assert history.version_as_of(child.pk, timezone.localdate()).status == "resident"
    assert history.version_as_of(child.pk, planned).status == "removed"


def test_move_out_needs_a_destination(clerk_a, yamada_family):
    assert (
        _code(
            record_move_out,
            clerk_a,
            [yamada_family[2]],
            effective_on=D(2025, 1, 1),
            destination=" ",
        )
        == "required"
    )


def test_the_last_member_leaving_dissolves_the_household(clerk_a):
    single = PersonFactory()

    record_move_out(clerk_a, [single], effective_on=D(2025, 1, 1), destination="北海道札幌市中央区")

    household = Household.objects.get(pk=single.household_id)
    assert household.dissolved_on == D(2025, 1, 1)
    assert history.household_version_as_of(household.pk, D(2025, 1, 1)).dissolved
    assert not history.household_version_as_of(household.pk, D(2024, 12, 31)).dissolved


def test_a_new_head_must_stay_in_the_household(clerk_a, yamada_family):
    head, wife, child = yamada_family
    outsider = PersonFactory(resident_code="22222222222")

    assert (
        _code(
            record_move_out,
            clerk_a,
            [head],
            effective_on=D(2025, 1, 1),
            destination="沖縄県那覇市",
            new_head=outsider,
        )
        == "new_head_invalid"
    )


# ------------------------------------------------------------------------------ 死亡


def test_death_removes_and_passes_the_head(clerk_a, yamada_family):
    head, wife, child = yamada_family

    record_death(
        clerk_a, head, effective_on=D(2025, 2, 10), notified_on=D(2025, 2, 12), new_head=wife
    )

    head, wife = _fresh(head), _fresh(wife)
    assert (head.status, head.removal_reason, head.removed_on) == (
        "removed",
        "death",
        D(2025, 2, 10),
    )
    assert wife.relationship == "head"


def test_a_dead_person_cannot_die_again_or_move(clerk_a, honcho2):
    single = PersonFactory()
    record_death(clerk_a, single, effective_on=D(2025, 2, 10))
    single = _fresh(single)

    assert _code(record_death, clerk_a, single, effective_on=D(2025, 2, 11)) == "person_removed"
    assert (
        _code(
            record_move_within,
            clerk_a,
            [single],
            effective_on=D(2025, 3, 1),
            address=Address(honcho2, "1番地"),
        )
        == "person_removed"
    )


def test_death_in_the_future_is_refused(clerk_a):
    single = PersonFactory()

    assert (
        _code(record_death, clerk_a, single, effective_on=D(2099, 1, 1)) == "future_effective_date"
    )


# ------------------------------------------------------------------------------ 出生


def _baby(**overrides) -> NewPerson:
    values = {
        "family_name": "山田",
        "given_name": "さくら",
        "family_name_kana": "やまだ",
        "given_name_kana": "さくら",
        "birth_date": D(2025, 1, 20),
        "sex": "female",
        "relationship": "child",
    }
    return NewPerson(**{**values, **overrides})


def test_birth_adds_a_child_resident_from_birth(clerk_a, yamada_family):
    head = yamada_family[0]

    movement = record_birth(clerk_a, head.household, _baby(), notified_on=D(2025, 1, 25))

    baby = movement.people.get()
    assert (baby.given_name_kana, baby.became_resident_on, baby.address_set_on) == (
        "サクラ", D(2025, 1, 20), D(2025, 1, 20),
    )  # fmt: skip
    assert baby.household_id == head.household_id
    assert len(baby.resident_code) == 11
    assert AccessRecord.objects.get(subject_id=str(baby.pk)).action == "create"
    assert history.version_as_of(baby.pk, D(2025, 1, 19)) is None


@pytest.mark.parametrize(
    ("overrides", "notified_on", "code"),
    [
        ({"birth_date": D(2099, 1, 1)}, None, "future_birth_date"),
        ({"relationship": "head"}, None, "second_head"),
        ({}, D(2025, 1, 19), "notified_before_effective"),
        ({"given_name_kana": "Sakura"}, None, "not_kana"),
    ],
)
def test_birth_rules(clerk_a, yamada_family, overrides, notified_on, code):
    before = _counts()

    assert (
        _code(
            record_birth,
            clerk_a,
            yamada_family[0].household,
            _baby(**overrides),
            notified_on=notified_on,
        )
        == code
    )
    assert _counts() == before


def test_no_birth_into_a_dissolved_household(clerk_a):
    single = PersonFactory()
    record_death(clerk_a, single, effective_on=D(2025, 1, 1))

    assert _code(record_birth, clerk_a, single.household, _baby()) == "household_dissolved"


# ------------------------------------------------------------------------------ 転入


def test_move_in_as_a_new_household(clerk_a, honcho2):
    movement = record_move_in(
        clerk_a,
        [
            NewPerson("鈴木", "一郎", "スズキ", "イチロウ", D(1980, 1, 1), "male", "head"),
            NewPerson("鈴木", "二郎", "スズキ", "ジロウ", D(2010, 1, 1), "male", "child"),
        ],
        effective_on=D(2025, 4, 1),
        notified_on=D(2025, 4, 3),
        previous_address="大阪府大阪市北区梅田一丁目1番1号",
        address=Address(honcho2, "3番地"),
    )

    people = list(movement.people.order_by("birth_date"))
    assert [p.relationship for p in people] == ["head", "child"]
    assert {(p.became_resident_on, p.address_set_on) for p in people} == {
        (D(2025, 4, 1), D(2025, 4, 1))
    }
    assert people[0].previous_address == "大阪府大阪市北区梅田一丁目1番1号"
    assert people[0].household.address == "本町二丁目3番地"
    assert history.household_version_as_of(people[0].household_id, D(2025, 4, 1)) is not None


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"previous_address": ""}, "required"),
        ({"people_relationships": ["child"]}, "head_required"),
        ({"people_relationships": ["head", "head"]}, "second_head"),
        ({"effective_on": D(1979, 12, 31)}, "event_before_birth"),
        ({"address": None}, "destination_required"),
    ],
)
def test_move_in_rules(clerk_a, honcho2, kwargs, code):
    relationships = kwargs.pop("people_relationships", ["head"])
    arguments = {
        "effective_on": D(2025, 4, 1),
        "previous_address": "大阪府大阪市北区梅田一丁目1番1号",
        "address": Address(honcho2, "3番地"),
        **kwargs,
    }
    people = [
        NewPerson("鈴木", f"{index}郎", "スズキ", "イチロウ", D(1980, 1, 1), "male", relationship)
        for index, relationship in enumerate(relationships)
    ]

    assert _code(record_move_in, clerk_a, people, **arguments) == code
    assert Movement.objects.count() == 0


def test_move_in_joining_a_household(clerk_a, yamada_family):
    head = yamada_family[0]

    movement = record_move_in(
        clerk_a,
        [NewPerson("山田", "ウメ", "ヤマダ", "ウメ", D(1940, 1, 1), "female", "mother")],
        effective_on=D(2025, 4, 1),
        previous_address="山形県村山市楯岡五日町1番1号",
        household=head.household,
    )

    assert movement.people.get().household_id == head.household_id


def test_a_removed_person_moving_back_reopens_their_record(clerk_a, honcho2):
    person = PersonFactory(resident_code="33333333333")
    record_move_out(clerk_a, [person], effective_on=D(2020, 1, 1), destination="福岡県福岡市博多区")

    record_move_in(
        clerk_a,
        [
            NewPerson(
                "山田",
                "太郎",
                "ヤマダ",
                "タロウ",
                D(1970, 3, 1),
                "male",
                "head",
                resident_code="33333333333",
            )
        ],
        effective_on=D(2024, 6, 1),
        previous_address="福岡県福岡市博多区博多駅前一丁目1番1号",
        address=Address(honcho2, "7番地"),
    )

    person = _fresh(person)
    assert (person.status, person.removed_on, person.became_resident_on) == (
        "resident",
        None,
        D(2024, 6, 1),
    )
    assert history.version_as_of(person.pk, D(2022, 1, 1)).status == "removed"
    assert Person.objects.filter(resident_code="33333333333").count() == 1


def test_move_in_of_a_current_resident_code_is_refused(clerk_a, honcho2, yamada_family):
    person = NewPerson(
        "山田",
        "太郎",
        "ヤマダ",
        "タロウ",
        D(1970, 3, 1),
        "male",
        "head",
        resident_code="11111111111",
    )

    assert (
        _code(
            record_move_in,
            clerk_a,
            [person],
            effective_on=D(2024, 6, 1),
            previous_address="福岡県",
            address=Address(honcho2, "7番地"),
        )
        == "already_resident"
    )


# ----------------------------------------------------------------------------- 氏名変更


def test_name_change_with_former_name(clerk_a, yamada_family):
    wife = yamada_family[1]

    record_name_change(
        clerk_a,
        wife,
        effective_on=D(2025, 5, 1),
        family_name="佐藤",
        given_name="花子",
        family_name_kana="さとう",
        given_name_kana="ハナコ",
        former_family_name="山田",
    )

    wife = _fresh(wife)
    assert (wife.full_name, wife.former_family_name) == ("佐藤 花子", "山田")
    assert wife.name_search_key == "佐藤花子|サトウハナコ|山田花子"
    assert history.version_as_of(wife.pk, D(2025, 4, 30)).family_name == "山田"


def test_name_change_without_change_is_refused(clerk_a, yamada_family):
    wife = yamada_family[1]

    assert (
        _code(
            record_name_change,
            clerk_a,
            wife,
            effective_on=D(2025, 5, 1),
            family_name="山田",
            given_name="花子",
            family_name_kana="ヤマダ",
            given_name_kana="ハナコ",
        )
        == "no_change"
    )


# ------------------------------------------------------------------------------ policy


@pytest.mark.parametrize("who", ["clerk_b", "viewer_a", "system_admin"])
def test_only_citizens_division_operators_record(who, request, yamada_family):
    actor = request.getfixturevalue(who)
    before = _counts()

    with pytest.raises(PermissionDenied):
        record_death(actor, yamada_family[2], effective_on=D(2025, 1, 1))

    assert _counts() == before


def test_the_system_records_without_access_records(yamada_family):
    record_death(None, yamada_family[2], effective_on=D(2025, 1, 1), source="sync")

    movement = Movement.objects.get(kind="death")
    assert (movement.recorded_by, movement.source) == (None, "sync")
    assert AccessRecord.objects.count() == 0


def test_no_death_before_birth(clerk_a, yamada_family):
    child = yamada_family[2]  # born 2005-06-10

    assert _code(record_death, clerk_a, child, effective_on=D(2005, 6, 9)) == "event_before_birth"


def test_a_failure_after_writes_leaves_nothing(clerk_a, yamada_family, honcho2):
    """The movers are written before the head rule of those who stay fails: all rolled back."""
    head, wife, child = yamada_family
    before = _counts()

    code = _code(
        record_move_within,
        clerk_a,
        [head],
        effective_on=D(2025, 1, 10),
        address=Address(honcho2, "8番地"),
        new_head=wife,
        remaining_relationships={child.pk: "cousin"},
    )

    assert code == "invalid_choice"
    assert _counts() == before
    assert _fresh(head).household_id == wife.household_id
