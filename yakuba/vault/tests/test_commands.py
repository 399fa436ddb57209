"""The operators' commands: new key, rotation, verification."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from yakuba.vault.keys import parse_keyring
from yakuba.vault.models import MyNumber

from .conftest import key_line

pytestmark = pytest.mark.django_db
TEST_KEY = "test-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_new_key_prints_a_valid_key_line():
    line = _run("new_mynumber_key", "k2027").strip()

    assert parse_keyring(line, source="x").active.key_id == "k2027"
    with pytest.raises(CommandError):
        _run("new_mynumber_key", "Not Valid")


def test_rotation_command_counts_rotates_and_says_when_old_keys_can_go(recorded, use_keys):
    use_keys(key_line("k2", 2), TEST_KEY)

    assert (
        _run("rotate_mynumber_keys", "--dry-run") == "1 numbers are under keys other than 'k2'.\n"
    )
    output = _run("rotate_mynumber_keys", "--batch-size", "10")

    assert "Re-encrypted 1 current and 0 earlier numbers with key 'k2'; 0 remain" in output
    assert "you may now remove the older keys (test-1)" in output
    assert MyNumber.objects.get().key_id == "k2"
    assert "123456789018" not in output


def test_verify_command_reports_ok_and_failures_without_numbers(recorded):
    assert _run("verify_mynumbers").splitlines() == ["Checked 1 numbers (test-1: 1).", "OK"]

    row = MyNumber.objects.get()
    altered = bytearray(row.ciphertext)
    altered[0] ^= 1
    MyNumber.objects.filter(pk=row.pk).update(ciphertext=bytes(altered))
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("verify_mynumbers", stdout=out)

    assert exited.value.code == 1
    assert f"FAILED mynumber person {recorded.pk}: tampered" in out.getvalue()
