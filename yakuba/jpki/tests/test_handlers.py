"""Revocation on 異動: the residents module's movement_recorded event, sent here by the test."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from yakuba.jpki.models import CardCertificate
from yakuba.residents.events import movement_recorded

from .conftest import issue

pytestmark = pytest.mark.django_db


def _send(kind: str, person_ids: list[int]) -> None:
    movement_recorded.send(
        sender=None,
        movement_id=1,
        kind=kind,
        person_ids=person_ids,
        effective_on=datetime.date(2026, 4, 1),
    )


def _states(card_id: int) -> dict[str, str]:
    return dict(
        CardCertificate.objects.filter(card_id=card_id).values_list("kind", "revocation_reason")
    )


@pytest.mark.parametrize(
    ("kind", "reason"),
    [("move_within", "address_change"), ("move_out", "move_out"), ("name_change", "name_change")],
)
def test_a_change_of_basic_information_revokes_the_signing_certificate(card, person, kind, reason):
    _send(kind, [person.pk])

    assert _states(card.card_id) == {"auth": "", "sign": reason}


def test_death_revokes_both_certificates(card, person):
    _send("death", [person.pk])

    assert _states(card.card_id) == {"auth": "death", "sign": "death"}


@pytest.mark.parametrize("kind", ["move_in", "birth", "household_change", "correction", "initial"])
def test_other_movements_revoke_nothing(card, person, kind):
    _send(kind, [person.pk])

    assert _states(card.card_id) == {"auth": "", "sign": ""}


def test_only_the_people_of_the_movement_are_affected(card, person, child):
    other = issue(child.pk, sign_pin=None)

    _send("move_within", [person.pk, child.pk])

    assert _states(card.card_id) == {"auth": "", "sign": "address_change"}
    assert _states(other.card_id) == {"auth": ""}  # a child's card has no signing certificate


def test_a_second_event_keeps_the_first_revocation(card, person):
    _send("move_within", [person.pk])
    first = CardCertificate.objects.get(card_id=card.card_id, kind="sign").revoked_at

    _send("death", [person.pk])

    sign = CardCertificate.objects.get(card_id=card.card_id, kind="sign")
    assert (sign.revoked_at, sign.revocation_reason) == (first, "address_change")
    assert _states(card.card_id)["auth"] == "death"


def test_retired_cards_are_left_alone(card, person):
    issue(person.pk)  # the first card's certificates are revoked as superseded

    _send("death", [person.pk])

    assert _states(card.card_id) == {"auth": "reissue", "sign": "reissue"}


def test_a_recorded_move_revokes_the_signing_certificate_end_to_end(
    card, person, clerk_a, django_capture_on_commit_callbacks
):
    """Through the residents module's own service: 転居 → movement_recorded after commit → revoked."""
    from yakuba.residents.services import Address, record_move_within
    from yakuba.residents.tests.factories import TownAreaFactory

    honcho2 = TownAreaFactory(
        code="0004002", name="本町二丁目", chome=2, name_kana="ホンマチニチョウメ"
    )
    with django_capture_on_commit_callbacks(execute=True):
        record_move_within(
            clerk_a,
            [person],
            effective_on=timezone.localdate(),
            address=Address(honcho2, "5番地"),
        )

    assert _states(card.card_id) == {"auth": "", "sign": "address_change"}


def test_a_recorded_death_revokes_both_end_to_end(
    card, person, clerk_a, django_capture_on_commit_callbacks
):
    from yakuba.residents.models import Person
    from yakuba.residents.services import record_death

    with django_capture_on_commit_callbacks(execute=True):
        record_death(clerk_a, Person.objects.get(pk=person.pk), effective_on=timezone.localdate())

    assert _states(card.card_id) == {"auth": "death", "sign": "death"}
