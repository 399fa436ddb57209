"""Query-count baseline of the inbox list: a fixed number of queries plus the access
record of each row shown (the audit chain writes one record per submission: no N+1 in
reading the rows themselves)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yakuba.applications.tests.factories import make_procedure, make_submission
from yakuba.identity.testing import login_staff

pytestmark = pytest.mark.django_db

#: Session and user, roles, procedures and staff for the filters, the page of rows and
#: its count, the tab counts, the menu, the municipality profile.
LIST_BASELINE = 14
#: Queries of one access record (chain head lock, insert, head update, …).
PER_ROW = 3


def _count(client, url: str) -> int:
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_inbox_reads_its_rows_in_fixed_queries(client, unit_a, clerk_a, supervisor, citizen):
    procedures = [make_procedure(department_code="shimin") for _ in range(3)]
    client = login_staff(client, clerk_a)
    url = reverse("console:applications:inbox")
    counts = []
    for rows in (2, 6):
        while sum(p.submissions.count() for p in procedures) < rows:
            number = sum(p.submissions.count() for p in procedures)
            make_submission(
                procedures[number % 3],
                applicant=citizen,
                assignee=(clerk_a, supervisor, None)[number % 3],
            )
        counts.append(_count(client, url))
    assert counts == [LIST_BASELINE + 2 * PER_ROW, LIST_BASELINE + 6 * PER_ROW]
