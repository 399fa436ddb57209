"""Query-count baseline of the staff pages (HOUSE_STYLE §6).

Each person shown costs a fixed number of queries for its access record
(the locked chain head, INSERT, UPDATE); the actor's unit is looked up once
per request (in the base); everything else is constant.  A change to these numbers is a performance
change to review.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yakuba.audit.services import Subject, record_access

from .factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db

PER_PERSON = 3
# The search page: + the town-area choices of the address search.
SEARCH_BASE = 13
# The person page: + the timeline (existence check, versions, its access record: 6).
# Sections registered by other modules (My Number, card) are left out here: each
# module keeps its own section's cost (see ``without_sections``).
DETAIL_BASE = 20


def _household(size: int):
    household = HouseholdFactory()
    head = PersonFactory(household=household)
    for _ in range(size - 1):
        PersonFactory(household=household, relationship="child")
    return head


def _queries(client, url, data) -> int:
    client.get(url, data)  # warm the session and caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def chain_started(clerk_a):
    record_access(clerk_a, subject=Subject("residents.person", "0"), record_kind="residents.person",
                  fields=[], purpose="resident_inquiry")  # fmt: skip


@pytest.mark.parametrize("size", [1, 4])
def test_search_page(clerk_a, staff_client, chain_started, size):
    _household(size)

    count = _queries(staff_client(clerk_a), reverse("console:resident_search"),
                     {"query": "やまだ", "purpose": "resident_certificate"})  # fmt: skip

    assert count == SEARCH_BASE + PER_PERSON * size


@pytest.fixture
def without_sections(monkeypatch):
    from yakuba.core.registries import person_sections

    monkeypatch.setattr(person_sections, "_entries", {})


@pytest.mark.parametrize("size", [1, 4])
def test_person_page(clerk_a, staff_client, chain_started, without_sections, size):
    head = _household(size)

    count = _queries(staff_client(clerk_a), reverse("console:person_detail", args=[head.pk]),
                     {"purpose": "resident_certificate"})  # fmt: skip

    assert count == DETAIL_BASE + PER_PERSON * size
