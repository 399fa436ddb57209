"""A database dump never contains a clear 個人番号 (PostgreSQL, real pg_dump)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from django.db import connection
from django.urls import reverse

from yakuba.vault.demo import assign_demo_numbers, demo_number
from yakuba.vault.models import MyNumber
from yakuba.vault.services import register_number

from .conftest import NUMBER_A

SEED = 2026


def _pg_dump() -> str:
    settings = connection.settings_dict
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    command = [
        shutil.which("pg_dump") or "pg_dump",
        "--no-owner",
        "--inserts",  # one INSERT per row: values in plain text, easiest to grep
        "-h",
        settings.get("HOST") or "127.0.0.1",
        "-p",
        str(settings.get("PORT") or 5432),
        "-U",
        settings.get("USER") or "postgres",
        settings["NAME"],
    ]
    completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


@pytest.mark.django_db(transaction=True)
def test_pg_dump_of_the_database_contains_no_clear_number(clerk_a, staff_client, person):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump needs PostgreSQL")
    from yakuba.residents.tests.factories import PersonFactory

    people = [PersonFactory(household=person.household, relationship="child") for _ in range(30)]
    assigned = assign_demo_numbers(SEED, [p.pk for p in people])
    register_number(clerk_a, person.pk, NUMBER_A, purpose="mynumber_resident_record")
    # A reveal and a lookup through the pages: sessions, access records, logs all written.
    http = staff_client(clerk_a)
    http.post(
        reverse("console:mynumber_reveal", args=[person.pk]), {"purpose": "mynumber_certificate"}
    )
    http.post(
        reverse("console:mynumber_lookup"),
        {"number": demo_number(SEED, people[0].pk), "purpose": "mynumber_certificate"},
    )

    dump = _pg_dump()

    numbers = [demo_number(SEED, p.pk) for p in people] + [NUMBER_A]
    assert assigned == 30 and MyNumber.objects.count() == 31
    assert "COPY" not in dump and "INSERT INTO public.vault_mynumber" in dump  # the rows are there
    assert "山田" in dump  # personal data in clear is found: the grep below would see a number
    for number in numbers:
        for shape in (number, f"{number[:4]} {number[4:8]} {number[8:]}", number.encode().hex()):
            assert shape not in dump


@pytest.mark.db_guarantees
@pytest.mark.django_db
def test_sqlite_dump_of_the_database_contains_no_clear_number(clerk_a, person):
    """The embedded database: the same check over ``sqlite3``'s own dump (iterdump)."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL is covered by pg_dump above")
    from yakuba.residents.tests.factories import PersonFactory

    people = [PersonFactory(household=person.household, relationship="child") for _ in range(30)]
    assign_demo_numbers(SEED, [p.pk for p in people])
    register_number(clerk_a, person.pk, NUMBER_A, purpose="mynumber_resident_record")
    connection.ensure_connection()

    dump = "\n".join(connection.connection.iterdump())

    assert 'INSERT INTO "vault_mynumber"' in dump and "山田" in dump
    for number in [demo_number(SEED, p.pk) for p in people] + [NUMBER_A]:
        assert number not in dump and number.encode().hex().upper() not in dump.upper()
