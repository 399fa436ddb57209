"""The seeded standard procedures on the citizen pages: catalogue, life events, and every
page of every form (rendered by the form engine) for an applicant who may start it."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from yakuba.applications import standard
from yakuba.applications.models import Procedure, Submission
from yakuba.applications.queries.catalogue import search_procedures
from yakuba.applications.schema import FormDefinition
from yakuba.applications.services.seeding import seed_standard_procedures

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def seeded():
    seed_standard_procedures()


def test_catalogue_lists_every_category_and_finds_by_kana(seeded, client: Client):
    listing = client.get(reverse("portal:applications:procedure_list"))
    search = client.get(reverse("portal:applications:procedure_list"), {"q": "じゅうみんひょう"})

    assert listing.status_code == 200
    for category in standard.CATEGORIES:
        assert category.name in text_of(listing)
    assert search.status_code == 200
    assert "住民票の写し交付申請（郵送）" in text_of(search)


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("じゅうみんひょう", ["juminhyo-yuso"]),
        ("ｿﾀﾞｲｺﾞﾐ", ["sodai-gomi"]),
        ("いぬ", ["inu-toroku"]),
        ("狂犬病", ["kyokenbyo-chusha", "inu-toroku"]),
        ("口座振替", ["kouza-furikae"]),
        ("がん検診", ["gan-kenshin"]),
        ("転出", ["tenshutsu-yuso"]),
        ("広告", ["koho-kokoku"]),
        ("dog", ["inu-toroku"]),
    ],
)
def test_kana_and_keyword_search_finds_the_standard_procedures(seeded, query, codes):
    found = [procedure.code for procedure in search_procedures(query)]

    assert sorted(found) == sorted(codes)


@pytest.mark.parametrize("item", standard.PROCEDURES, ids=lambda item: item.code)
def test_procedure_page_shows_the_catalogue_facts(seeded, client: Client, item):
    response = client.get(reverse("portal:applications:procedure_detail", args=[item.code]))

    assert response.status_code == 200
    page = text_of(response)
    assert item.title in page
    assert item.summary in page


@pytest.mark.parametrize("event", standard.LIFE_EVENTS, ids=lambda event: event.code)
def test_life_event_page_lists_its_procedures_in_order(seeded, client: Client, event):
    response = client.get(reverse("portal:applications:life_event_detail", args=[event.code]))

    assert response.status_code == 200
    page = text_of(response)
    titles = [standard.procedure(step.procedure).title for step in event.steps]
    positions = [page.index(title) for title in titles]
    assert positions == sorted(positions)


@pytest.mark.parametrize("item", standard.PROCEDURES, ids=lambda item: item.code)
def test_every_page_of_every_form_renders(seeded, citizen_client: Client, client: Client, item):
    applicant = client if item.identity_level == "none" else citizen_client
    start = reverse("portal:applications:filling_start", args=[item.code])

    started = applicant.post(start)

    assert started.status_code == 302
    submission = Submission.objects.get(procedure__code=item.code)
    definition = FormDefinition.of(submission.form_version)
    for page in definition.pages:
        url = reverse("portal:applications:filling_page", args=[submission.draft_key, page.key])
        response = applicant.get(url)
        assert response.status_code == 200, page.key
        body = text_of(response)
        for key in page.fields:
            assert definition.fields[key].title("ja") in body, key
    assert Procedure.objects.get(code=item.code).form_versions.count() == 1
