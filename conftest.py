"""Suite-wide pytest configuration and the standing cast.

The cast (HOUSE_STYLE §6): anonymous, a citizen, a clerk in unit A (市民課),
a clerk in unit B (課税課), a supervisor (市民課 approver) and a system
administrator.  Every view gets an access test against the whole cast.
"""

from __future__ import annotations

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM must
# still be usable from the same thread in browser tests (test-only setting).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _forget_cached_rows():
    """After each test, empty this process's in-memory cache: the database is rolled back,
    so a cached row (the municipality profile a demo load saved) must not outlive it and
    change what the next test on this worker renders.  A shared cache (Redis) is left
    alone: other workers use it."""
    yield
    from django.conf import settings
    from django.core.cache import cache

    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        cache.clear()


@pytest.fixture(autouse=True)
def _start_in_the_default_language():
    """Each test starts in Japanese.  LocaleMiddleware activates the language of a
    request in the test's thread and leaves it active, so without this a test that
    renders a lazy string could see the English of an earlier test on the same worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def unit_a(db):
    from yakuba.identity.tests.factories import OrgUnitFactory

    return OrgUnitFactory(code="shimin", name="市民課", name_en="Citizens Division")


@pytest.fixture
def unit_b(db):
    from yakuba.identity.tests.factories import OrgUnitFactory

    return OrgUnitFactory(code="kazei", name="課税課", name_en="Taxation Division")


@pytest.fixture
def citizen(db):
    from yakuba.identity.tests.factories import CitizenFactory

    return CitizenFactory(email="hanako@example.jp", display_name="村山 花子")


@pytest.fixture
def clerk_a(unit_a):
    from yakuba.identity.tests.factories import AssignmentFactory

    return AssignmentFactory(
        org_unit=unit_a, role="operator", user__email="clerk.a@city.example.lg.jp"
    ).user


@pytest.fixture
def clerk_b(unit_b):
    from yakuba.identity.tests.factories import AssignmentFactory

    return AssignmentFactory(
        org_unit=unit_b, role="operator", user__email="clerk.b@city.example.lg.jp"
    ).user


@pytest.fixture
def supervisor(unit_a):
    from yakuba.identity.tests.factories import AssignmentFactory

    return AssignmentFactory(
        org_unit=unit_a, role="approver", user__email="chief.a@city.example.lg.jp"
    ).user


@pytest.fixture
def system_admin(db):
    from yakuba.identity.tests.factories import StaffFactory

    return StaffFactory(email="admin@city.example.lg.jp", is_system_admin=True)


@pytest.fixture
def staff_client(client):
    """``staff_client(user)`` returns a test client signed in with password and TOTP."""
    from yakuba.identity.testing import login_staff

    def sign_in(user):
        return login_staff(client, user)

    return sign_in


@pytest.fixture
def citizen_client(client, citizen):
    from yakuba.identity.testing import login_citizen

    return login_citizen(client, citizen)


@pytest.fixture
def empty_catalogue():
    """The citizens' service catalogue with no module's entries (restored afterwards)."""
    from yakuba.core.registries import service_catalogue

    saved = service_catalogue.all()
    for entry in saved:
        service_catalogue.unregister(entry.key)
    yield service_catalogue
    for entry in service_catalogue.all():
        service_catalogue.unregister(entry.key)
    for entry in saved:
        service_catalogue.register(entry)
