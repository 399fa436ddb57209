"""Query-count baselines of the catalogue pages: the same number of queries whatever the
number of procedures, categories, life-event steps or submissions (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yakuba.applications.models import Status
from yakuba.applications.tests.factories import make_category, make_procedure, make_submission
from yakuba.applications.tests.factories_catalogue import make_life_event
from yakuba.identity.testing import login_citizen
from yakuba.identity.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

# Every page also reads the municipality profile (1 query, the layout's context).
#: The top page: procedures by category, life events, their steps, departments, profile.
LIST_BASELINE = 5
#: The top page with a search: the above plus the search.
SEARCH_BASELINE = 6
#: A category page: the category, its procedures, departments, profile.
CATEGORY_BASELINE = 4
#: A life event for a signed-in resident: session and user, the event, its steps, the
#: resident's submissions, departments, profile, and the session save (savepoint, update,
#: release).
LIFE_EVENT_BASELINE = 10


def _catalogue(rows: int, citizen=None) -> None:
    categories = [make_category(f"category-{n}") for n in range(rows)]
    procedures = []
    for number in range(rows):
        for department in ("shimin", "kazei"):
            procedures.append(
                make_procedure(
                    f"dog-{department}-{number}",
                    title=f"犬の手続き{number}",
                    title_kana="イヌノテツヅキ",
                    department_code=department,
                    identity_level=("card", "account", "none")[number % 3],
                    category=categories[number],
                )
            )
    make_life_event("moving", *procedures)
    make_life_event("birth", *procedures[:2])
    if citizen is not None:
        for procedure in procedures:
            make_submission(procedure, applicant=citizen)
            make_submission(procedure, applicant=citizen, status=Status.DRAFT)


def _queries(client, url: str, params: dict[str, str] | None = None) -> int:
    client.get(url, params or {})  # warm-up: session touch, municipality profile cached
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("rows", [1, 6])
def test_top_page_is_flat(client, rows):
    _catalogue(rows)
    assert _queries(client, reverse("portal:applications:procedure_list")) == LIST_BASELINE


@pytest.mark.parametrize("rows", [1, 6])
def test_search_is_flat(client, rows):
    _catalogue(rows)
    queries = _queries(
        client, reverse("portal:applications:procedure_list"), {"q": "いぬ てつづき"}
    )
    assert queries == SEARCH_BASELINE


@pytest.mark.parametrize("rows", [1, 6])
def test_category_page_is_flat(client, rows):
    _catalogue(rows)
    url = reverse("portal:applications:category_detail", args=["category-0"])
    assert _queries(client, url) == CATEGORY_BASELINE


@pytest.mark.parametrize("rows", [1, 6])
def test_life_event_page_is_flat_for_a_signed_in_resident(client, rows):
    citizen = CitizenFactory()
    _catalogue(rows, citizen)
    login_citizen(client, citizen)
    url = reverse("portal:applications:life_event_detail", args=["moving"])
    assert _queries(client, url) == LIFE_EVENT_BASELINE
