"""Settings from the environment are typed and loud: bad values stop start-up with the variable's name."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings.env import SettingsError, env_bool, env_choice, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("TRUE", True), (" on ", True), ("no", False), ("0", False)]
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("YAKUBA_TEST_FLAG", raw)

    assert env_bool("YAKUBA_TEST_FLAG", not expected) is expected


def test_env_bool_uses_the_default_when_unset_or_empty(monkeypatch):
    monkeypatch.delenv("YAKUBA_TEST_FLAG", raising=False)
    assert env_bool("YAKUBA_TEST_FLAG", True) is True
    monkeypatch.setenv("YAKUBA_TEST_FLAG", "")
    assert env_bool("YAKUBA_TEST_FLAG", False) is False


def test_env_bool_rejects_maybe(monkeypatch):
    monkeypatch.setenv("YAKUBA_TEST_FLAG", "maybe")

    with pytest.raises(
        SettingsError, match=r"^YAKUBA_TEST_FLAG must be a boolean \(true/false\), got 'maybe'$"
    ):
        env_bool("YAKUBA_TEST_FLAG", False)


def test_env_int_reads_an_integer_at_the_minimum(monkeypatch):
    monkeypatch.setenv("YAKUBA_TEST_NUMBER", " 30 ")

    assert env_int("YAKUBA_TEST_NUMBER", 5, minimum=30) == 30


def test_env_int_rejects_a_value_below_the_minimum(monkeypatch):
    monkeypatch.setenv("YAKUBA_TEST_NUMBER", "29")

    with pytest.raises(SettingsError, match=r"^YAKUBA_TEST_NUMBER must be at least 30, got 29$"):
        env_int("YAKUBA_TEST_NUMBER", 60, minimum=30)


@pytest.mark.parametrize("raw", ["ten", "1.5", "15 minutes"])
def test_env_int_rejects_what_is_not_an_integer(monkeypatch, raw):
    monkeypatch.setenv("YAKUBA_TEST_NUMBER", raw)

    with pytest.raises(SettingsError, match=r"^YAKUBA_TEST_NUMBER must be an integer"):
        env_int("YAKUBA_TEST_NUMBER", 60)


def test_env_choice_accepts_a_listed_value(monkeypatch):
    monkeypatch.setenv("YAKUBA_TEST_CHOICE", "staff")

    assert env_choice("YAKUBA_TEST_CHOICE", "both", ["citizen", "staff", "both"]) == "staff"


def test_env_choice_rejects_an_unlisted_value(monkeypatch):
    monkeypatch.setenv("YAKUBA_TEST_CHOICE", "Staff")

    with pytest.raises(
        SettingsError,
        match=r"^YAKUBA_TEST_CHOICE must be one of citizen, staff, both; got 'Staff'$",
    ):
        env_choice("YAKUBA_TEST_CHOICE", "both", ["citizen", "staff", "both"])


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("YAKUBA_TEST_LIST", " a.example.jp , ,b.example.jp,")

    assert env_list("YAKUBA_TEST_LIST", ["default"]) == ["a.example.jp", "b.example.jp"]


def test_env_str_treats_empty_as_unset(monkeypatch):
    monkeypatch.setenv("YAKUBA_TEST_TEXT", "")

    assert env_str("YAKUBA_TEST_TEXT", "fallback") == "fallback"


# --- Whole settings modules, imported in a clean process --------------------------

IMPORT_SETTINGS = "import importlib, sys; importlib.import_module(sys.argv[1]); print('imported')"


def _import_settings(module: str, **environment: str) -> subprocess.CompletedProcess:
    """Import a settings module in a fresh interpreter whose environment holds only ``environment``."""
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-c", IMPORT_SETTINGS, module],
        env=clean,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_refuse_to_start_without_secret_key():
    completed = _import_settings("config.settings.prod")

    assert completed.returncode == 1
    assert (
        "SettingsError: SECRET_KEY must be set to a random string of at least 40 characters"
        in completed.stderr
    )
    assert "imported" not in completed.stdout


def test_production_settings_refuse_a_short_secret_key():
    completed = _import_settings("config.settings.prod", SECRET_KEY="too-short")

    assert completed.returncode == 1
    assert "SECRET_KEY must be set" in completed.stderr


def test_production_settings_import_with_a_proper_secret_key():
    completed = _import_settings("config.settings.prod", SECRET_KEY="k" * 50)

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "imported"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be a boolean"),
        ("YAKUBA_SITE_TIER", "public", "YAKUBA_SITE_TIER must be one of citizen, staff, both"),
        (
            "YAKUBA_TASK_BACKEND",
            "celery",
            "YAKUBA_TASK_BACKEND must be one of database, redis, immediate",
        ),
        ("YAKUBA_MUNICIPALITY_CODE", "13223", "YAKUBA_MUNICIPALITY_CODE must be the 6-digit"),
        ("YAKUBA_STAFF_IDLE_TIMEOUT", "5", "YAKUBA_STAFF_IDLE_TIMEOUT must be at least 30, got 5"),
    ],
)
def test_bad_environment_value_stops_start_up_naming_the_variable(variable, value, message):
    completed = _import_settings("config.settings.prod", SECRET_KEY="k" * 50, **{variable: value})

    assert completed.returncode == 1
    assert message in completed.stderr


# --- Every variable is documented (HOUSE_STYLE habit 8) -----------------------------------

ENV_READER_CALL = re.compile(r"\benv_(?:str|bool|int|list|choice)\(\s*\"([A-Z][A-Z0-9_]*)\"")


def test_every_environment_variable_read_by_the_settings_is_documented():
    read = {
        name
        for module in sorted((ROOT / "config" / "settings").glob("*.py"))
        for name in ENV_READER_CALL.findall(module.read_text(encoding="utf-8"))
    }
    documented = set(
        re.findall(
            r"^\| `([A-Z][A-Z0-9_]*)`",
            (ROOT / "docs/reference/settings.md").read_text("utf-8"),
            re.M,
        )
    )

    assert "SECRET_KEY" in read  # the pattern finds the readers
    assert sorted(read - documented) == []
