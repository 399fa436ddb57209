"""世帯変更: head and 続柄, 世帯分離, 世帯合併."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from yakuba.residents import history
from yakuba.residents.models import Movement, Person
from yakuba.residents.services import join_household, record_household_change, split_household

from .factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _code(callable_, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        callable_(*args, **kwargs)
    error = caught.value
    if hasattr(error, "error_dict"):
        return next(item.code for items in error.error_dict.values() for item in items)
    return error.code


def _relationships(*people):
    return [Person.objects.get(pk=p.pk).relationship for p in people]


def test_change_of_head(clerk_a, yamada_family):
    head, wife, child = yamada_family

    record_household_change(
        clerk_a,
        head.household,
        effective_on=D(2025, 1, 1),
        relationships={head.pk: "husband", wife.pk: "head"},
    )

    assert _relationships(head, wife, child) == ["husband", "head", "child"]
    assert history.version_as_of(head.pk, D(2024, 12, 31)).relationship == "head"
    assert Movement.objects.get(kind="household_change").people.count() == 2


@pytest.mark.parametrize(
    ("relationships", "code"),
    [
        ({"wife": "head"}, "second_head"),
        ({"head": "husband"}, "head_required"),
        ({"head": "head"}, "no_change"),
        ({"head": "cousin"}, "invalid_choice"),
    ],
)
def test_change_of_head_rules(clerk_a, yamada_family, relationships, code):
    head, wife, child = yamada_family
    people = {"head": head, "wife": wife}

    assert (
        _code(
            record_household_change,
            clerk_a,
            head.household,
            effective_on=D(2025, 1, 1),
            relationships={people[key].pk: value for key, value in relationships.items()},
        )
        == code
    )
    assert _relationships(head, wife, child) == ["head", "wife", "child"]


def test_someone_else_s_relationship_is_refused(clerk_a, yamada_family):
    head = yamada_family[0]
    outsider = PersonFactory(resident_code="44444444444")

    assert (
        _code(
            record_household_change,
            clerk_a,
            head.household,
            effective_on=D(2025, 1, 1),
            relationships={outsider.pk: "child"},
        )
        == "invalid_choice"
    )


def test_split_at_the_same_address(clerk_a, yamada_family):
    head, wife, child = yamada_family

    split_household(clerk_a, [child], effective_on=D(2025, 1, 1), relationships={child.pk: "head"})

    child = Person.objects.select_related("household").get(pk=child.pk)
    assert child.household_id != head.household_id
    assert child.household.address == head.household.address
    assert child.relationship == "head"
    assert history.version_as_of(child.pk, D(2024, 12, 31)).household_id == head.household_id


def test_split_of_the_whole_household_is_refused(clerk_a, yamada_family):
    head, wife, child = yamada_family

    assert (
        _code(
            split_household,
            clerk_a,
            [head, wife, child],
            effective_on=D(2025, 1, 1),
            relationships={},
        )
        == "whole_household"
    )


def test_join_at_the_same_address_and_dissolve(clerk_a, yamada_family):
    head, wife, child = yamada_family
    split_household(clerk_a, [child], effective_on=D(2025, 1, 1), relationships={child.pk: "head"})
    child = Person.objects.get(pk=child.pk)

    join_household(
        clerk_a,
        [child],
        head.household,
        effective_on=D(2025, 6, 1),
        relationships={child.pk: "child"},
    )

    old = Person.objects.get(pk=child.pk)
    assert (old.household_id, old.relationship) == (head.household_id, "child")
    source = history.household_version_as_of(
        history.version_as_of(child.pk, D(2025, 3, 1)).household_id, D(2025, 6, 1)
    )
    assert source.dissolved


def test_join_elsewhere_is_a_move(clerk_a, yamada_family):
    other = PersonFactory(resident_code="55555555555", household__banchi="99番地")

    assert (
        _code(
            join_household,
            clerk_a,
            [yamada_family[2]],
            other.household,
            effective_on=D(2025, 1, 1),
            relationships={yamada_family[2].pk: "other"},
        )
        == "different_address"
    )
