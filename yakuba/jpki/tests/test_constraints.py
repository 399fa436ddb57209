"""Database guarantees of the card tables (PostgreSQL and SQLite)."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from yakuba.jpki.models import Card, CardCertificate, LoginChallenge, PublishedCrl

pytestmark = [pytest.mark.django_db, pytest.mark.db_guarantees]

NOW = datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC)


def _card(person, **overrides) -> Card:
    values = {
        "card_number": "123456789012",
        "person": person,
        "issued_on": datetime.date(2026, 4, 1),
    }
    return Card.objects.create(**{**values, **overrides})


def _certificate(card, **overrides) -> CardCertificate:
    values = {
        "card": card,
        "kind": "auth",
        "serial_number": "1f",
        "certificate_der": b"x",
        "key_algorithm": "p256",
        "sealed_private_key": b"x",
        "not_before": NOW,
        "not_after": NOW + datetime.timedelta(days=1),
        "pin_hash": "x",
    }
    return CardCertificate.objects.create(**{**values, **overrides})


def _refused(create, *args, **overrides) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create(*args, **overrides)


@pytest.mark.parametrize("number", ["12345678901", "12345678901 ", "12345678901a"])
def test_card_number_is_twelve_digits(person, number):
    _refused(_card, person, card_number=number)


def test_card_numbers_are_unique(person, child):
    _card(person)
    _refused(_card, child)


def test_one_card_in_use_per_person(person):
    _card(person)
    _refused(_card, person, card_number="123456789013")
    _card(person, card_number="123456789014", retired_at=timezone.now())


def test_one_certificate_of_each_kind_per_card(person):
    card = _card(person)
    _certificate(card)
    _refused(_certificate, card, serial_number="20")


@pytest.mark.parametrize(
    "overrides",
    [
        {"kind": "oth"},
        {"key_algorithm": "dsa"},
        {"serial_number": "1F"},
        {"serial_number": ""},
        {"not_after": NOW},
        {"pin_failures": 4},
        {"kind": "sign", "pin_failures": 6},
        {"revoked_at": NOW},
        {"revocation_reason": "lost"},
        {"revoked_at": NOW, "revocation_reason": "bored"},
    ],
)
def test_certificate_rows_keep_their_invariants(person, overrides):
    _refused(_certificate, _card(person), **overrides)


def test_the_limits_themselves_are_allowed(person):
    card = _card(person)
    _certificate(card, pin_failures=3)
    _certificate(
        card,
        kind="sign",
        serial_number="20",
        pin_failures=5,
        revoked_at=NOW,
        revocation_reason="death",
    )


def test_serial_numbers_are_unique(person, child):
    _certificate(_card(person))
    _refused(_certificate, _card(child, card_number="999999999999"))


def test_nonces_are_unique_and_well_formed(db):
    LoginChallenge.objects.create(nonce="a" * 43, expires_at=NOW)
    _refused(LoginChallenge.objects.create, nonce="a" * 43, expires_at=NOW)
    _refused(LoginChallenge.objects.create, nonce="short", expires_at=NOW)


def test_crl_numbers_are_unique_positive_and_dated_in_order(db):
    values = {
        "this_update": NOW,
        "next_update": NOW + datetime.timedelta(days=1),
        "entries": 0,
        "revoked_total": 0,
        "der": b"x",
    }
    PublishedCrl.objects.create(number=1, **values)
    _refused(PublishedCrl.objects.create, number=1, **values)
    _refused(PublishedCrl.objects.create, number=0, **values)
    _refused(PublishedCrl.objects.create, **{**values, "number": 2, "next_update": NOW})
