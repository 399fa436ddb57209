"""register_number, the history of numbers, bulk import and key rotation."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yakuba.audit.models import AccessRecord
from yakuba.vault.crypto import TamperedError
from yakuba.vault.models import KeyFingerprint, MyNumber, MyNumberHistory
from yakuba.vault.queries import find_person_by_number, masked_number, number_summary
from yakuba.vault.services import (
    NewNumber,
    bulk_register_numbers,
    register_number,
    rotate_keys,
    verify_numbers,
)

from .conftest import NUMBER_A, NUMBER_B, NUMBER_C, key_line

pytestmark = pytest.mark.django_db

RECORD = "mynumber_resident_record"


def _codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def test_records_an_encrypted_number_and_an_access_record(person, clerk_a):
    with CaptureQueriesContext(connection) as queries:
        result = register_number(
            clerk_a,
            person.pk,
            "１２３４ ５６７８ ９０１８",
            purpose=RECORD,
            assigned_on=datetime.date(2016, 1, 15),
        )

    row = MyNumber.objects.get(person=person)
    assert (result.masked, result.replaced, result.assigned_on) == (
        "********9018",
        False,
        datetime.date(2016, 1, 15),
    )
    assert row.key_id == "test-1"
    assert NUMBER_A.encode() not in bytes(row.ciphertext)
    assert masked_number(person.pk) == "********9018"
    assert not any(NUMBER_A in query["sql"] for query in queries.captured_queries)
    record = AccessRecord.objects.get()
    assert (record.subject_kind, record.subject_id, record.record_kind) == (
        "residents.person",
        str(person.pk),
        "vault.mynumber",
    )
    assert (record.fields, record.action, record.purpose) == (["個人番号"], "create", RECORD)
    assert KeyFingerprint.objects.get().key_id == "test-1"


def test_assigned_on_defaults_to_today(person, clerk_a):
    from django.utils import timezone

    result = register_number(clerk_a, person.pk, NUMBER_A, purpose=RECORD)

    assert result.assigned_on == timezone.localdate()


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("123456789019", "my_number_check_digit"),
        ("1234", "my_number_length"),
        ("", "my_number_required"),
    ],
)
def test_refuses_a_bad_number_on_the_number_field(person, clerk_a, number, code):
    with pytest.raises(ValidationError) as caught:
        register_number(clerk_a, person.pk, number, purpose=RECORD)

    assert _codes(caught.value) == {"number": [code]}
    assert MyNumber.objects.count() == AccessRecord.objects.count() == 0


@pytest.mark.parametrize(
    ("assigned_on", "code"),
    [
        (datetime.date(2015, 10, 4), "before_my_number"),
        (datetime.date(2999, 1, 1), "future"),
    ],
)
def test_refuses_impossible_dates(person, clerk_a, assigned_on, code):
    with pytest.raises(ValidationError) as caught:
        register_number(clerk_a, person.pk, NUMBER_A, purpose=RECORD, assigned_on=assigned_on)

    assert _codes(caught.value) == {"assigned_on": [code]}


def test_refuses_a_date_before_birth(db, clerk_a):
    from yakuba.residents.tests.factories import PersonFactory

    baby = PersonFactory(birth_date=datetime.date(2020, 5, 1))

    with pytest.raises(ValidationError) as caught:
        register_number(
            clerk_a, baby.pk, NUMBER_A, purpose=RECORD, assigned_on=datetime.date(2019, 1, 1)
        )

    assert _codes(caught.value) == {"assigned_on": ["before_birth"]}


def test_a_number_belongs_to_one_person_only(recorded, other_person, clerk_a):
    with pytest.raises(ValidationError) as caught:
        register_number(clerk_a, other_person.pk, "1234-5678-9018", purpose=RECORD)

    assert _codes(caught.value) == {"number": ["number_in_use"]}
    assert "1234" not in str(caught.value.error_dict["number"][0].message)
    assert MyNumber.objects.count() == 1


def test_the_blind_index_is_unique_in_the_database(recorded, other_person):
    from django.db import IntegrityError, transaction

    row = MyNumber.objects.get(person=recorded)
    with pytest.raises(IntegrityError), transaction.atomic():
        MyNumber.objects.create(
            person=other_person,
            key_id="test-1",
            ciphertext=bytes(40),
            blind_index=row.blind_index,
            assigned_on=datetime.date(2016, 1, 1),
        )


def test_only_the_record_purpose_and_citizens_division_operators_may_record(
    person, clerk_a, clerk_b, viewer_a, system_admin
):
    with pytest.raises(ValidationError):
        register_number(clerk_a, person.pk, NUMBER_A, purpose="mynumber_local_tax")
    for actor in (clerk_b, viewer_a, system_admin):
        with pytest.raises(PermissionDenied):
            register_number(actor, person.pk, NUMBER_A, purpose=RECORD)
    assert MyNumber.objects.count() == AccessRecord.objects.count() == 0


def test_a_removed_person_gets_no_number(db, clerk_a):
    from yakuba.residents.tests.factories import PersonFactory

    gone = PersonFactory(status="removed", removed_on=datetime.date(2020, 1, 1))

    with pytest.raises(ValidationError) as caught:
        register_number(clerk_a, gone.pk, NUMBER_A, purpose=RECORD)

    assert caught.value.code == "removed"


def test_unknown_person_is_refused(db, clerk_a):
    with pytest.raises(ValidationError) as caught:
        register_number(clerk_a, 999_999, NUMBER_A, purpose=RECORD)

    assert caught.value.code == "no_person"


# --------------------------------------------------------------------------- replacement


def test_replacing_needs_an_approver_and_a_reason(recorded, clerk_a, supervisor):
    with pytest.raises(PermissionDenied):
        register_number(clerk_a, recorded.pk, NUMBER_B, purpose=RECORD, reason="changed")
    with pytest.raises(ValidationError) as caught:
        register_number(supervisor, recorded.pk, NUMBER_B, purpose=RECORD)

    assert _codes(caught.value) == {"reason": ["reason_required"]}
    assert masked_number(recorded.pk) == "********9018"


def test_the_same_number_again_is_refused(recorded, supervisor):
    with pytest.raises(ValidationError) as caught:
        register_number(supervisor, recorded.pk, NUMBER_A, purpose=RECORD, reason="corrected")

    assert _codes(caught.value) == {"number": ["same_number"]}


def test_a_changed_number_moves_to_the_history_and_is_never_reissued(
    recorded, other_person, supervisor, clerk_a
):
    result = register_number(
        supervisor,
        recorded.pk,
        NUMBER_B,
        purpose=RECORD,
        reason="changed",
        assigned_on=datetime.date(2024, 6, 1),
    )

    assert result.replaced is True
    summary = number_summary(recorded.pk)
    assert (summary.masked, summary.assigned_on) == ("********3214", datetime.date(2024, 6, 1))
    [former] = summary.history
    assert (former.masked, former.assigned_on, former.replaced_on, former.reason) == (
        "********9018",
        datetime.date(2016, 1, 15),
        datetime.date(2024, 6, 1),
        "changed",
    )
    assert AccessRecord.objects.filter(action="update", fields=["個人番号"]).count() == 1
    with pytest.raises(ValidationError) as caught:
        register_number(clerk_a, other_person.pk, NUMBER_A, purpose=RECORD)
    assert _codes(caught.value) == {"number": ["number_retired"]}


def test_a_corrected_mistake_may_belong_to_someone_else(
    recorded, other_person, supervisor, clerk_a
):
    register_number(supervisor, recorded.pk, NUMBER_B, purpose=RECORD, reason="corrected")

    register_number(clerk_a, other_person.pk, NUMBER_A, purpose=RECORD)

    assert masked_number(other_person.pk) == "********9018"
    assert MyNumberHistory.objects.get().reason == "corrected"


def test_replacement_date_must_not_precede_the_old_one(recorded, supervisor):
    with pytest.raises(ValidationError) as caught:
        register_number(
            supervisor,
            recorded.pk,
            NUMBER_B,
            purpose=RECORD,
            reason="changed",
            assigned_on=datetime.date(2015, 12, 1),
        )

    assert _codes(caught.value) == {"assigned_on": ["before_previous"]}
    assert MyNumberHistory.objects.count() == 0


# ---------------------------------------------------------------------------- bulk


def test_bulk_import_skips_people_who_have_a_number(recorded, other_person):
    created = bulk_register_numbers(
        [
            NewNumber(recorded.pk, NUMBER_C, datetime.date(2016, 1, 1)),
            NewNumber(other_person.pk, NUMBER_B, datetime.date(2016, 1, 1)),
        ]
    )

    assert created == 1
    assert masked_number(recorded.pk) == "********9018"
    assert masked_number(other_person.pk) == "********3214"
    assert AccessRecord.objects.filter(action="create").count() == 1  # the fixture's only


def test_bulk_import_refuses_an_invalid_number_without_naming_it(person):
    with pytest.raises(ValueError) as caught:
        bulk_register_numbers([NewNumber(person.pk, "123456789019", datetime.date(2016, 1, 1))])

    assert "123456789019" not in str(caught.value)
    assert MyNumber.objects.count() == 0


# ------------------------------------------------------------------------------ rotation


def test_rotation_reencrypts_everything_and_lookups_work_throughout(
    recorded, other_person, supervisor, clerk_a, use_keys
):
    register_number(supervisor, recorded.pk, NUMBER_B, purpose=RECORD, reason="changed")
    register_number(clerk_a, other_person.pk, NUMBER_C, purpose=RECORD)
    old_ciphertexts = set(bytes(c) for c in MyNumber.objects.values_list("ciphertext", flat=True))

    use_keys(key_line("k2", 2), "test-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
    # Mid-rotation: old rows still open and are still found through the old key's index.
    assert masked_number(other_person.pk) == "********0060"
    found = find_person_by_number(clerk_a, NUMBER_C, purpose=RECORD)
    assert found.person_id == other_person.pk

    result = rotate_keys(batch_size=1)

    assert (result.key_id, result.current, result.history, result.remaining) == ("k2", 2, 1, 0)
    assert set(MyNumber.objects.values_list("key_id", flat=True)) == {"k2"}
    assert set(MyNumberHistory.objects.values_list("key_id", flat=True)) == {"k2"}
    assert not old_ciphertexts & set(
        bytes(c) for c in MyNumber.objects.values_list("ciphertext", flat=True)
    )
    use_keys(key_line("k2", 2))  # the old key is removed from the configuration
    assert masked_number(recorded.pk) == "********3214"
    assert number_summary(recorded.pk).history[0].masked == "********9018"
    assert find_person_by_number(clerk_a, NUMBER_C, purpose=RECORD).person_id == other_person.pk
    assert verify_numbers().failures == []
    assert set(KeyFingerprint.objects.values_list("key_id", flat=True)) == {"test-1", "k2"}


def test_rotation_stops_at_a_damaged_row_and_writes_nothing_of_that_batch(
    recorded, other_person, clerk_a, use_keys
):
    register_number(clerk_a, other_person.pk, NUMBER_C, purpose=RECORD)
    damaged = MyNumber.objects.get(person=other_person)
    altered = bytearray(damaged.ciphertext)
    altered[30] ^= 1
    MyNumber.objects.filter(pk=damaged.pk).update(ciphertext=bytes(altered))
    use_keys(key_line("k2", 2), "test-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")

    with pytest.raises(TamperedError):
        rotate_keys(batch_size=10)

    assert set(MyNumber.objects.values_list("key_id", flat=True)) == {"test-1"}
    result = verify_numbers()
    assert result.checked == 2
    assert result.failures == [("mynumber", other_person.pk, "tampered")]
