"""Key material: parsing, key files, the demo key, and loud start-up on bad configuration."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

from yakuba.vault.keys import (
    KeyConfigurationError,
    demo_keyring,
    load_keyring,
    new_key_line,
    parse_keyring,
    read_key_file,
)

from .conftest import key_line

ROOT = Path(__file__).resolve().parents[3]
SECRET_1 = bytes([1]) * 32
SECRET_2 = bytes([2]) * 32


def test_first_key_is_active_and_every_key_is_kept():
    ring = parse_keyring(f"{key_line('k2', 2)}, {key_line('k1', 1)}", source="X")

    assert ring.active.key_id == "k2"
    assert ring.key_ids == ("k2", "k1")
    assert ring.get("k1").secret == SECRET_1
    assert ring.get("k3") is None


def test_accepts_newlines_comments_and_urlsafe_base64_without_padding():
    urlsafe = base64.urlsafe_b64encode(bytes([0xFB]) * 32).decode().rstrip("=")
    text = f"# rotation of 2027\nk2027:{urlsafe}   # new\n\n{key_line('k2026', 1)}\n"

    ring = parse_keyring(text, source="X")

    assert ring.key_ids == ("k2027", "k2026")
    assert ring.active.secret == bytes([0xFB]) * 32


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "X: no key found"),
        ("# only a comment", "X: no key found"),
        ("k1", "X: entry 1 must be <key id>:<base64 key>"),
        (f"K1:{base64.b64encode(SECRET_1).decode()}", "X: entry 1 must be"),
        (f"-k:{base64.b64encode(SECRET_1).decode()}", "X: entry 1 must be"),
        (f"{'k' * 17}:{base64.b64encode(SECRET_1).decode()}", "X: entry 1 must be"),
        ("k1:not*base64", "X: the key of 'k1' (entry 1) is not valid base64"),
        (f"k1:{base64.b64encode(bytes(16)).decode()}", "must be 32 bytes, got 16"),
        (f"{key_line('k1', 1)},{key_line('k1', 2)}", "X: key id 'k1' appears twice"),
        (f"{key_line('k1', 1)},{key_line('k2', 1)}", "the key of 'k2' (entry 2) repeats"),
    ],
)
def test_refuses_malformed_key_lines(text, message):
    with pytest.raises(KeyConfigurationError) as caught:
        parse_keyring(text, source="X")

    assert message in str(caught.value)


def test_error_messages_and_repr_never_contain_key_material():
    encoded = base64.b64encode(bytes(16)).decode()
    with pytest.raises(KeyConfigurationError) as caught:
        parse_keyring(f"k1:{encoded}", source="X")
    ring = parse_keyring(key_line("k1", 7), source="X")

    assert encoded not in str(caught.value)
    assert repr(ring) == "Keyring(active='k1', keys=['k1'])"
    assert base64.b64encode(bytes([7]) * 32).decode() not in repr(ring) + repr(ring.active)


def test_key_file_must_not_be_readable_by_others(tmp_path):
    path = tmp_path / "keys"
    path.write_text(key_line("k1", 1) + "\n")
    path.chmod(0o644)

    with pytest.raises(KeyConfigurationError) as caught:
        read_key_file(path)

    assert "readable or writable by other users" in str(caught.value)
    path.chmod(0o640)
    assert read_key_file(path).active.key_id == "k1"


def test_missing_key_file_is_named(tmp_path):
    with pytest.raises(KeyConfigurationError) as caught:
        read_key_file(tmp_path / "absent")

    assert str(caught.value).startswith(f"YAKUBA_MYNUMBER_KEY_FILE: cannot read {tmp_path}/absent")


def test_environment_and_file_are_exclusive_and_both_may_be_absent(tmp_path):
    assert load_keyring(keys="", key_file="") is None
    with pytest.raises(KeyConfigurationError, match="not both"):
        load_keyring(keys=key_line("k1", 1), key_file=str(tmp_path / "keys"))


def test_new_key_lines_are_random_and_parse(tmp_path):
    first, second = new_key_line("k9"), new_key_line("k9")

    assert first != second
    assert parse_keyring(first, source="X").active.key_id == "k9"
    with pytest.raises(KeyConfigurationError):
        new_key_line("Bad Id")


def test_demo_key_file_is_created_private_once_and_then_reused(tmp_path):
    path = tmp_path / "var" / "mynumber-demo.keys"

    first = demo_keyring(path)
    second = demo_keyring(path)

    assert first.active.key_id == "demo-1"
    assert first.active.secret == second.active.secret
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert "NEVER use it in" in path.read_text()
    assert [p.name for p in path.parent.iterdir()] == ["mynumber-demo.keys"]


def _start(settings_module: str, **environment: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("YAKUBA_MYNUMBER", "DJANGO_SETTINGS"))
    }
    env.update(environment, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; "
            "django.setup(); print(repr(settings.YAKUBA_MYNUMBER_KEYRING))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"YAKUBA_MYNUMBER_KEYS": "k1:short"}, "YAKUBA_MYNUMBER_KEYS: the key of 'k1'"),
        ({"YAKUBA_MYNUMBER_KEYS": "no-colon"}, "YAKUBA_MYNUMBER_KEYS: entry 1 must be"),
        ({"YAKUBA_MYNUMBER_KEY_FILE": "/nonexistent/keys"}, "cannot read /nonexistent/keys"),
    ],
)
def test_production_start_up_refuses_a_malformed_key(environment, message):
    completed = _start("config.settings.prod", SECRET_KEY="k" * 50, **environment)

    assert completed.returncode == 1
    assert "SettingsError" in completed.stderr
    assert message in completed.stderr


def test_production_start_up_reads_the_key_from_the_environment():
    completed = _start(
        "config.settings.prod",
        SECRET_KEY="k" * 50,
        YAKUBA_MYNUMBER_KEYS=f"{key_line('k2', 2)},{key_line('k1', 1)}",
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "Keyring(active='k2', keys=['k2', 'k1'])"


def test_development_settings_create_the_demo_key_under_var(tmp_path):
    completed = _start("config.settings.dev", YAKUBA_VAR_DIR=str(tmp_path))

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "Keyring(active='demo-1', keys=['demo-1'])"
    assert (tmp_path / "mynumber-demo.keys").exists()
