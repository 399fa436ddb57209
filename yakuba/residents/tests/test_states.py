"""apply_person_states: a full state per person as one movement (imports and sync adapters)."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.core.exceptions import ValidationError

from yakuba.audit.models import AccessRecord
from yakuba.residents import history
from yakuba.residents.models import Household, Movement, Person, PersonVersion
from yakuba.residents.services import PersonState, apply_person_states

from .factories import TownAreaFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def areas(db):
    return (
        TownAreaFactory(),
        TownAreaFactory(code="0004002", name="本町二丁目", chome=2, name_kana="ホンマチニチョウメ"),
    )


def _state(**overrides) -> PersonState:
    values = {
        "resident_code": "66666666661",
        "family_name": "中村",
        "given_name": "健",
        "family_name_kana": "ナカムラ",
        "given_name_kana": "ケン",
        "birth_date": D(1985, 7, 7),
        "sex": "male",
        "household_number": "700001",
        "town_area_code": "0004001",
        "banchi": "3番地の4",
        "relationship": "head",
        "became_resident_on": D(2010, 4, 1),
        "address_set_on": D(2010, 4, 1),
    }
    return PersonState(**{**values, **overrides})


def test_initial_states_create_people_and_households(areas):
    wife = _state(
        resident_code="66666666662",
        given_name="恵",
        given_name_kana="メグミ",
        sex="female",
        relationship="wife",
    )

    movement = apply_person_states(
        None, kind="initial", effective_on=D(2025, 1, 1), states=[_state(), wife], source="import"
    )

    assert movement.kind == "initial" and movement.people.distinct().count() == 2
    head = Person.objects.get(resident_code="66666666661")
    assert head.household.household_number == "700001"
    assert history.version_as_of(head.pk, D(2010, 4, 1)).family_name == "中村"
    assert history.version_as_of(head.pk, D(2010, 3, 31)) is None
    assert AccessRecord.objects.count() == 0


def test_rerunning_the_same_states_changes_nothing(areas):
    apply_person_states(
        None, kind="initial", effective_on=D(2025, 1, 1), states=[_state()], source="sync"
    )
    rows = (Movement.objects.count(), PersonVersion.objects.count())

    again = apply_person_states(
        None, kind="move_within", effective_on=D(2025, 2, 1), states=[_state()], source="sync"
    )

    assert again is None
    assert (Movement.objects.count(), PersonVersion.objects.count()) == rows


def test_an_external_id_is_applied_once(areas):
    first = apply_person_states(
        None,
        kind="initial",
        effective_on=D(2025, 1, 1),
        states=[_state()],
        source="sync",
        external_id="X-1",
    )

    second = apply_person_states(
        None,
        kind="initial",
        effective_on=D(2025, 1, 1),
        states=[_state(given_name="別")],
        source="sync",
        external_id="X-1",
    )

    assert second.pk == first.pk
    assert Person.objects.get().given_name == "健"


def test_an_address_change_moves_the_household(areas):
    apply_person_states(
        None, kind="initial", effective_on=D(2025, 1, 1), states=[_state()], source="sync"
    )

    movement = apply_person_states(
        None,
        kind="move_within",
        effective_on=D(2025, 3, 1),
        states=[_state(town_area_code="0004002", banchi="1番地", address_set_on=D(2025, 3, 1))],
        source="sync",
    )

    person = Person.objects.get()
    assert person.household.address == "本町二丁目1番地"
    assert history.household_version_as_of(person.household_id, D(2025, 2, 28)).banchi == "3番地の4"
    assert history.version_as_of(person.pk, D(2025, 3, 1)).address == "本町二丁目1番地"
    assert movement.person_versions.get().valid_from == D(2025, 3, 1)


def test_a_removal_from_the_source_system(areas):
    apply_person_states(
        None, kind="initial", effective_on=D(2025, 1, 1), states=[_state()], source="sync"
    )

    apply_person_states(
        None,
        kind="move_out",
        effective_on=D(2025, 5, 1),
        states=[
            _state(
                status="removed",
                removed_on=D(2025, 5, 1),
                removal_reason="move_out",
                next_address="大阪府",
            )
        ],
        source="sync",
    )

    person = Person.objects.get()
    assert (person.status, person.next_address) == ("removed", "大阪府")
    assert Household.objects.get().dissolved_on == D(2025, 5, 1)


@pytest.mark.parametrize(
    ("states", "code"),
    [
        ([_state(), _state(resident_code="66666666662", relationship="head")], "second_head"),
        ([_state(relationship="wife")], "head_required"),
        ([_state(family_name_kana="nakamura")], "not_kana"),
        ([_state(town_area_code="9999999")], "unknown_town_area"),
        ([_state(), _state()], "duplicate_code"),
        ([_state(status="removed")], "dates_ordered"),
    ],
)
def test_refused_states_write_nothing(areas, states, code):
    with pytest.raises(ValidationError) as caught:
        apply_person_states(
            None, kind="initial", effective_on=D(2025, 1, 1), states=states, source="import"
        )

    assert caught.value.code == code
    assert (Movement.objects.count(), Person.objects.count(), Household.objects.count()) == (
        0,
        0,
        0,
    )


def test_the_failing_record_is_named(areas):
    with pytest.raises(ValidationError) as caught:
        apply_person_states(
            None,
            kind="initial",
            effective_on=D(2025, 1, 1),
            states=[dataclasses.replace(_state(), given_name_kana="ken")],
            source="import",
        )

    assert caught.value.params["resident_code"] == "66666666661"
    assert "カタカナ" in caught.value.messages[0]
