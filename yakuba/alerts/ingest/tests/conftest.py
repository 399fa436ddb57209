"""Fixtures of the national-warning link tests: categories, rules, the city, a loopback JMA."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.apps import apps as django_apps

FIXTURES = Path(__file__).parent / "fixtures"

LEGACY = "20260909074500_0_VPWW54_130000.xml"
LEGACY53 = "20260909074500_0_VPWW53_130000.xml"
R06 = "20260909074500_0_VPWW55_130000.xml"
R06_CLEAR = "20260909201000_0_VPWW55_130000.xml"
TRAINING = "20260910010000_0_VPWW54_130000.xml"
ADVISORY = "20260910210000_0_VPWW61_130000.xml"
QUAKE = "20260911181845_0_VXSE53_010000.xml"
QUAKE_FLASH = "20260911181640_0_VXSE51_010000.xml"
QUAKE_CANCEL = "20260911183000_0_VXSE53_010000.xml"
OTHER_CITY = "20260912003000_0_VPWW54_130000.xml"
BROKEN = "20260914010000_0_VPWW54_130000.xml"
CAP = "cap_zanbori_flood.xml"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def city(db, settings):
    """The demo city's profile, its categories and the default rules (re-seeded after flushes)."""
    from yakuba.alerts.ingest.rules import seed as seed_rules
    from yakuba.core.testing import demo_municipality

    settings.YAKUBA_JMA_AREA_CODE = "1322300"
    importlib.import_module("yakuba.alerts.migrations.0002_categories").seed(django_apps, None)
    seed_rules(django_apps, None)
    with demo_municipality() as profile:
        yield profile
