"""Demo cards: bulk, fast, idempotent, with the published demo PINs."""

from __future__ import annotations

import pytest

from yakuba.jpki.demo import issue_demo_cards
from yakuba.jpki.models import Card, CardCertificate
from yakuba.jpki.readers import get_reader
from yakuba.jpki.services import (
    issue_challenge,
    login_message,
    sign_document,
    verify_document_signature,
    verify_login,
)

pytestmark = pytest.mark.django_db


def test_demo_cards_work_with_the_demo_pins(person, child):
    assert issue_demo_cards([person.pk, child.pk]) == 2

    card = Card.objects.get(person=person)
    challenge = issue_challenge()
    reader = get_reader()
    result = verify_login(
        challenge.nonce,
        reader.sign(card.card_number, "auth", "1234", login_message(challenge.nonce)),
        reader.read_certificate(card.card_number, "auth"),
    )
    assert result.person_id == person.pk
    assert verify_document_signature(
        b"doc", sign_document(card.card_number, "ABC123", b"doc")
    ).valid
    assert list(Card.objects.get(person=child).certificates.values_list("kind", flat=True)) == [
        "auth"
    ]


def test_demo_cards_are_idempotent_and_skip_removed_people(person, child):
    from yakuba.residents.models import Person

    Person.objects.filter(pk=child.pk).update(
        status="removed", removed_on=child.address_set_on, removal_reason="other"
    )
    assert issue_demo_cards([person.pk, child.pk, 987654]) == 1
    assert issue_demo_cards([person.pk]) == 0
    assert Card.objects.count() == 1


def test_a_hundred_cards_get_distinct_numbers_and_both_certificates(db):
    from yakuba.residents.tests.factories import HouseholdFactory, PersonFactory

    household = HouseholdFactory()
    people = [
        PersonFactory(household=household, relationship="head" if n == 0 else "child")
        for n in range(100)
    ]

    issued = issue_demo_cards([p.pk for p in people])

    assert issued == 100
    assert CardCertificate.objects.count() == 200
    assert len(set(Card.objects.values_list("card_number", flat=True))) == 100
