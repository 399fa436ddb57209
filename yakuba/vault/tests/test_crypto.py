"""AES-256-GCM sealing, the blind index, and what happens with a wrong key or altered data."""

from __future__ import annotations

import pytest
from django.test import override_settings

from yakuba.vault.crypto import (
    CIPHERTEXT_BYTES,
    Cipher,
    KeyMissingError,
    TamperedError,
    UnknownKeyError,
    WrongKeyError,
    current_cipher,
)
from yakuba.vault.models import MyNumber
from yakuba.vault.queries import masked_number, open_row

from .conftest import NUMBER_A, NUMBER_B, key_line, keyring

pytestmark = pytest.mark.django_db


def test_roundtrip_with_a_fresh_nonce_every_time():
    cipher = Cipher(keyring(key_line("k1", 1)))

    first, second = cipher.seal(7, NUMBER_A), cipher.seal(7, NUMBER_A)

    assert first.key_id == "k1"
    assert len(first.ciphertext) == CIPHERTEXT_BYTES == 40
    assert first.ciphertext != second.ciphertext  # random 96-bit nonce
    assert first.blind_index == second.blind_index  # deterministic index
    assert cipher.open(7, "k1", first.ciphertext) == NUMBER_A
    assert NUMBER_A.encode() not in first.ciphertext
    assert repr(first) == "Sealed(key_id='k1')"


@pytest.mark.parametrize("position", [0, 11, 12, 23, 24, 39])
def test_any_altered_byte_is_detected_by_the_tag(position):
    cipher = Cipher(keyring(key_line("k1", 1)))
    sealed = bytearray(cipher.seal(7, NUMBER_A).ciphertext)
    sealed[position] ^= 0x01

    with pytest.raises(TamperedError):
        cipher.open(7, "k1", bytes(sealed))


def test_a_ciphertext_copied_to_another_person_does_not_open():
    cipher = Cipher(keyring(key_line("k1", 1)))
    sealed = cipher.seal(7, NUMBER_A)

    with pytest.raises(TamperedError):
        cipher.open(8, "k1", sealed.ciphertext)


def test_truncated_ciphertext_is_refused():
    cipher = Cipher(keyring(key_line("k1", 1)))

    with pytest.raises(TamperedError):
        cipher.open(7, "k1", cipher.seal(7, NUMBER_A).ciphertext[:-1])


def test_unknown_key_id_is_a_clear_error():
    sealed = Cipher(keyring(key_line("k0", 9))).seal(7, NUMBER_A)

    with pytest.raises(UnknownKeyError) as caught:
        Cipher(keyring(key_line("k1", 1))).open(7, "k0", sealed.ciphertext)

    assert caught.value.code == "unknown_key"
    assert "鍵が設定されていない" in str(caught.value.message)


def test_blind_index_depends_on_the_key_and_the_number():
    one, two = Cipher(keyring(key_line("k1", 1))), Cipher(keyring(key_line("k2", 2)))

    assert one.blind_index(NUMBER_A) != two.blind_index(NUMBER_A)
    assert one.blind_index(NUMBER_A) != one.blind_index(NUMBER_B)
    assert len(one.blind_index(NUMBER_A)) == 64
    both = Cipher(keyring(key_line("k2", 2), key_line("k1", 1)))
    assert both.blind_indexes(NUMBER_A) == [two.blind_index(NUMBER_A), one.blind_index(NUMBER_A)]


def test_no_configured_key_refuses_every_operation():
    with override_settings(YAKUBA_MYNUMBER_KEYRING=None):
        with pytest.raises(KeyMissingError) as caught:
            current_cipher()

    assert "YAKUBA_MYNUMBER_KEYS" in str(caught.value.message)


def test_a_different_secret_under_a_used_key_id_is_reported_as_wrong_key(recorded, use_keys):
    use_keys(key_line("test-1", 0x55))  # same id as config.settings.test, other bytes
    row = MyNumber.objects.get(person=recorded)

    with pytest.raises(WrongKeyError) as caught:
        open_row(current_cipher(), row)

    assert caught.value.code == "wrong_key"
    assert "一致しません" in str(caught.value.message)


def test_altered_ciphertext_in_the_database_is_reported_as_tampering(recorded):
    row = MyNumber.objects.get(person=recorded)
    altered = bytearray(row.ciphertext)
    altered[20] ^= 0xFF
    MyNumber.objects.filter(pk=row.pk).update(ciphertext=bytes(altered))

    with pytest.raises(TamperedError) as caught:
        masked_number(recorded.pk)

    assert "改ざん" in str(caught.value.message)


def test_registering_with_a_different_secret_under_a_used_key_id_is_refused(
    recorded, other_person, clerk_a, use_keys
):
    from yakuba.vault.services import register_number

    use_keys(key_line("test-1", 0x55))

    with pytest.raises(WrongKeyError):
        register_number(clerk_a, other_person.pk, NUMBER_B, purpose="mynumber_resident_record")
    assert MyNumber.objects.count() == 1
