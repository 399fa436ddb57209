"""Query-count baselines of the builder's list pages: more procedures or versions cost no
more queries (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yakuba.applications.services import forms as form_services
from yakuba.applications.tests.factories import make_procedure, make_submission, staff_in
from yakuba.identity.testing import login_staff

pytestmark = pytest.mark.django_db

#: Queries of the procedure list (baseline, any number of procedures).
LIST_BASELINE = 10
#: Queries of a procedure's page with its versions (baseline, any number of versions).
DETAIL_BASELINE = 10


def count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_procedure_list_costs_the_same_for_one_or_five(client):
    admin = staff_in("shimin", "admin")
    login_staff(client, admin)
    path = reverse("console:applications:builder_procedure_list")
    procedure = make_procedure()
    form_services.start_draft_version(admin, procedure)
    one = count(client, path)
    for _index in range(4):
        form_services.start_draft_version(admin, make_procedure())
    assert count(client, path) == one
    assert one == LIST_BASELINE, one


def test_procedure_detail_costs_the_same_for_one_or_four_versions(client):
    admin = staff_in("shimin", "admin")
    login_staff(client, admin)
    procedure = make_procedure()
    make_submission(procedure)
    path = reverse("console:applications:builder_procedure_detail", args=[procedure.pk])
    one = count(client, path)
    for _index in range(3):
        draft = form_services.start_draft_version(admin, procedure)
        form_services.publish_version(admin, draft)
    assert count(client, path) == one
    assert one == DETAIL_BASELINE, one
