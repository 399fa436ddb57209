# ruff: noqa: F811  (fixtures imported from test_registration_support)
"""Query-count baselines of the staff list pages: a row costs only its access record
(no N+1 on the representative or anything else)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yakuba.audit.models import AccessRecord
from yakuba.facilities.services.registration import (
    MemberData,
    apply_for_group,
    apply_for_registration,
)
from yakuba.facilities.tests.factories import approved_registration

from .test_registration_support import APPLICATION, bunka, facility_viewer  # noqa: F401

pytestmark = pytest.mark.django_db

#: Queries of the queue page with one application and one group (baseline).
QUEUE_BASELINE = 17
#: Queries of the search page with one result (baseline).
SEARCH_BASELINE = 13


def _applications(count: int) -> None:
    from yakuba.identity.tests.factories import CitizenFactory

    for _index in range(count):
        apply_for_registration(CitizenFactory(), APPLICATION)
        apply_for_group(
            approved_registration(CitizenFactory(), name_kana="ダイヒョウ"),
            name="合唱団",
            name_kana="ガッショウダン",
            activity="合唱",
            phone="042-565-2222",
            members=[MemberData(f"構成員{i}", "", True) for i in range(4)],
        )


def _queries(client, url: str, params: dict[str, str] | None = None) -> tuple[int, int]:
    before = AccessRecord.objects.count()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured.captured_queries), AccessRecord.objects.count() - before


@pytest.mark.parametrize("rows", [1, 5])
def test_queue_costs_the_baseline_plus_the_access_records(staff_client, facility_viewer, rows):
    _applications(rows)
    client = staff_client(facility_viewer)
    client.get(reverse("console:facilities:registration_queue"))  # session warm-up

    queries, records = _queries(client, reverse("console:facilities:registration_queue"))

    assert records == 2 * rows
    assert queries <= QUEUE_BASELINE + 3 * (records - 2)


@pytest.mark.parametrize("rows", [1, 5])
def test_search_costs_the_baseline_plus_the_access_records(staff_client, facility_viewer, rows):
    _applications(rows)
    client = staff_client(facility_viewer)
    client.get(reverse("console:facilities:registration_queue"))

    queries, records = _queries(
        client, reverse("console:facilities:registration_search"), {"q": "むらやま"}
    )

    assert records == rows
    assert queries <= SEARCH_BASELINE + 3 * (records - 1)
