"""Fixtures of the jpki tests: a private CA directory per test, residents, cards, staff."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

AUTH_PIN = "1234"
SIGN_PIN = "ABC123"


@pytest.fixture(autouse=True)
def jpki_dir(tmp_path, settings):
    """Each test gets its own CA (created on first use) in a temporary directory."""
    settings.YAKUBA_JPKI_DIR = tmp_path / "jpki"
    settings.YAKUBA_PUBLIC_BASE_URL = "https://www.city.example.lg.jp"
    return settings.YAKUBA_JPKI_DIR


@pytest.fixture
def person(db):
    from yakuba.residents.tests.factories import PersonFactory

    return PersonFactory(
        family_name="村山",
        given_name="花子",
        family_name_kana="ムラヤマ",
        given_name_kana="ハナコ",
        sex="female",
        birth_date=datetime.date(1980, 4, 2),
    )


@pytest.fixture
def child(person):
    """A 12-year-old in the same household (no signing certificate for under-15s)."""
    from yakuba.residents.tests.factories import PersonFactory

    today = timezone.localdate()
    return PersonFactory(
        household=person.household,
        relationship="child",
        given_name="一郎",
        given_name_kana="イチロウ",
        birth_date=today.replace(year=today.year - 12) - datetime.timedelta(days=30),
    )


def issue(person_id: int, **options):
    from yakuba.jpki.services import issue_card

    options.setdefault("auth_pin", AUTH_PIN)
    options.setdefault("sign_pin", SIGN_PIN)
    options.setdefault("key_algorithm", "p256")
    return issue_card(None, person_id, **options)


@pytest.fixture
def card(person):
    """``person``'s card with both certificates (P-256 keys: fast)."""
    return issue(person.pk)


@pytest.fixture
def viewer_a(unit_a):
    from yakuba.identity.tests.factories import AssignmentFactory

    return AssignmentFactory(
        org_unit=unit_a, role="viewer", user__email="viewer.a@city.example.lg.jp"
    ).user
