"""Fixtures of the alerts tests: the seeded categories, 防災安全課 staff, town areas."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps


@pytest.fixture
def categories(db):
    """The six seeded categories (re-seeded: a transactional test's flush removes them)."""
    from yakuba.alerts.models import Category

    seed = importlib.import_module("yakuba.alerts.migrations.0002_categories").seed
    seed(django_apps, None)
    return {category.code: category for category in Category.objects.all()}


@pytest.fixture
def bosai(db):
    from yakuba.identity.tests.factories import OrgUnitFactory

    return OrgUnitFactory(code="bosai", name="防災安全課", name_en="Disaster Prevention")


def _member(unit, role: str, email: str):
    from yakuba.identity.tests.factories import AssignmentFactory

    return AssignmentFactory(org_unit=unit, role=role, user__email=email).user


@pytest.fixture
def composer(bosai):
    return _member(bosai, "operator", "composer@city.example.lg.jp")


@pytest.fixture
def approver(bosai):
    return _member(bosai, "approver", "approver@city.example.lg.jp")


@pytest.fixture
def areas(db):
    """Two 町丁目 of the demo city."""
    from yakuba.residents.tests.factories import TownAreaFactory

    return [
        TownAreaFactory(code="0004001"),
        TownAreaFactory(
            code="0012000",
            town_name="緑が丘",
            chome=None,
            name="緑が丘",
            name_kana="ミドリガオカ",
            postal_code="208-0012",
        ),
    ]


@pytest.fixture
def city(db):
    """The demo city's municipality profile (no stale cached copy before or after)."""

    from yakuba.core.testing import demo_municipality

    with demo_municipality() as profile:
        yield profile


@pytest.fixture(autouse=True)
def _steady_rate_limit_window(monkeypatch):
    """django-ratelimit counts per clock window; a test's burst of requests must not straddle
    two windows (the count would restart and the limit never be reached)."""
    import time
    import types

    import django_ratelimit.core

    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: now))
