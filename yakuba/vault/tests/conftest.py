"""Fixtures of the vault's tests: people, department staff, known-valid numbers, keyrings."""

from __future__ import annotations

import base64
import datetime

import pytest
from django.core.cache import cache
from django.test import override_settings

from yakuba.vault import services
from yakuba.vault.keys import parse_keyring

# Numbers built by hand with the official formula (worked examples in test_numbers.py).
NUMBER_A = "123456789018"
NUMBER_B = "983205673214"
NUMBER_C = "000000000060"


def key_line(key_id: str, fill: int) -> str:
    return f"{key_id}:{base64.b64encode(bytes([fill]) * 32).decode()}"


def keyring(*lines: str):
    return parse_keyring(",".join(lines), source="test")


@pytest.fixture(autouse=True)
def _fresh_state():
    """Each test starts with an empty cache and no remembered key fingerprints."""
    cache.clear()
    services._verified_fingerprints.clear()
    yield
    services._verified_fingerprints.clear()
    cache.clear()


@pytest.fixture
def use_keys():
    """``use_keys(*key_lines)``: run the rest of the test with that keyring."""
    overrides = []

    def apply(*lines: str):
        override = override_settings(YAKUBA_MYNUMBER_KEYRING=keyring(*lines))
        override.enable()
        overrides.append(override)
        services._verified_fingerprints.clear()

    yield apply
    for override in reversed(overrides):
        override.disable()


@pytest.fixture
def person(db):
    from yakuba.residents.tests.factories import PersonFactory

    return PersonFactory(birth_date=datetime.date(1980, 4, 2))


@pytest.fixture
def other_person(person):
    from yakuba.residents.tests.factories import PersonFactory

    return PersonFactory(
        household=person.household,
        relationship="wife",
        sex="female",
        given_name="花子",
        given_name_kana="ハナコ",
        birth_date=datetime.date(1982, 7, 7),
    )


def _staff(unit, role: str, email: str):
    from yakuba.identity.tests.factories import AssignmentFactory

    return AssignmentFactory(org_unit=unit, role=role, user__email=email).user


@pytest.fixture
def viewer_a(unit_a):
    """A 市民課 member with the viewer role only."""
    return _staff(unit_a, "viewer", "viewer.a@city.example.lg.jp")


@pytest.fixture
def unit_welfare(db):
    from yakuba.identity.tests.factories import OrgUnitFactory

    return OrgUnitFactory(code="chiikifukushi", name="地域福祉課", name_en="Community Welfare")


@pytest.fixture
def welfare_operator(unit_welfare):
    return _staff(unit_welfare, "operator", "welfare@city.example.lg.jp")


@pytest.fixture
def recorded(person, clerk_a):
    """``person`` with NUMBER_A recorded by a 市民課 operator."""
    services.register_number(
        clerk_a,
        person.pk,
        NUMBER_A,
        purpose="mynumber_resident_record",
        assigned_on=datetime.date(2016, 1, 15),
    )
    return person
