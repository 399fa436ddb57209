"""Database guarantees of the vault's tables (PostgreSQL and SQLite)."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from yakuba.vault.models import KeyFingerprint, MyNumber, MyNumberHistory

pytestmark = [pytest.mark.django_db, pytest.mark.db_guarantees]

INDEX = "a" * 64


def _row(person, **overrides):
    values = {
        "person": person,
        "key_id": "k1",
        "ciphertext": bytes(40),
        "blind_index": INDEX,
        "assigned_on": datetime.date(2016, 1, 1),
        **overrides,
    }
    return values


def _refused(model, **values):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**values)


def test_a_well_formed_row_is_accepted(person):
    MyNumber.objects.create(**_row(person))

    assert MyNumber.objects.count() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"ciphertext": bytes(39)},
        {"ciphertext": bytes(41)},
        {"ciphertext": b"123456789018"},
        {"key_id": "K1"},
        {"key_id": ""},
        {"blind_index": "123456789018"},
        {"blind_index": "A" * 64},
    ],
)
def test_malformed_rows_are_refused(person, overrides):
    _refused(MyNumber, **_row(person, **overrides))
    _refused(
        MyNumberHistory,
        **_row(person, **overrides),
        replaced_on=datetime.date(2020, 1, 1),
        reason="changed",
    )


def test_one_current_number_per_person_and_per_number(person, other_person):
    MyNumber.objects.create(**_row(person))

    _refused(MyNumber, **_row(person, blind_index="b" * 64))
    _refused(MyNumber, **_row(other_person))


def test_history_dates_are_ordered_and_the_reason_known(person):
    base = _row(person)
    _refused(MyNumberHistory, **base, replaced_on=datetime.date(2015, 12, 31), reason="changed")
    _refused(MyNumberHistory, **base, replaced_on=datetime.date(2020, 1, 1), reason="lost")
    MyNumberHistory.objects.create(**base, replaced_on=datetime.date(2020, 1, 1), reason="changed")
    MyNumberHistory.objects.create(
        **base, replaced_on=datetime.date(2021, 1, 1), reason="corrected"
    )

    assert MyNumberHistory.objects.count() == 2  # the same index twice is allowed in history


def test_one_fingerprint_per_key_id(db):
    KeyFingerprint.objects.create(key_id="k1", fingerprint="0" * 64)

    _refused(KeyFingerprint, key_id="k1", fingerprint="1" * 64)
    _refused(KeyFingerprint, key_id="k2", fingerprint="xyz")
