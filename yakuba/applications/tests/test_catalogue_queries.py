"""Reads of the citizens' catalogue: the kana search, what is listed, categories, life
events and a resident's progress through a life event."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404

from yakuba.applications.models import Status
from yakuba.applications.queries import catalogue as queries
from yakuba.applications.tests.factories import (
    make_category,
    make_form_version,
    make_procedure,
    make_submission,
)
from yakuba.applications.tests.factories_catalogue import make_life_event
from yakuba.identity.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 5)


@pytest.fixture
def certificates():
    return make_category("certificates", name="届出・証明", name_en="Certificates", order=1)


@pytest.fixture
def juminhyo(certificates):
    return make_procedure(
        "juminhyo-yuso",
        title="住民票の写し交付申請（郵送）",
        title_kana="ジュウミンヒョウノウツシコウフシンセイ（ユウソウ）",
        title_en="Copy of residence record by post",
        keywords="住民票 写し 郵送 証明書",
        identity_level="card",
        category=certificates,
        order=1,
    )


@pytest.fixture
def dog(certificates):
    return make_procedure(
        "dog-registration",
        title="犬の登録申請",
        title_kana="イヌノトウロクシンセイ",
        keywords="犬 登録 狂犬病",
        category=certificates,
        order=2,
    )


def codes(procedures) -> list[str]:
    return [procedure.code for procedure in procedures]


@pytest.mark.parametrize(
    "query",
    [
        "じゅうみんひょう",
        "ジュウミンヒョウ",
        "ｼﾞｭｳﾐﾝﾋｮｳ",
        "住民票",
        "住民票の写し",
        "ＲＥＳＩＤＥＮＣＥ",
        "residence record",
        " ゆうそう ",
    ],
)
def test_search_is_kana_width_and_case_insensitive(juminhyo, dog, query):
    assert codes(queries.search_procedures(query, today=TODAY)) == ["juminhyo-yuso"]


def test_every_word_of_a_query_must_match(juminhyo, dog):
    assert codes(queries.search_procedures("住民票　ゆうそう", today=TODAY)) == ["juminhyo-yuso"]
    assert codes(queries.search_procedures("住民票 いぬ", today=TODAY)) == []
    assert codes(queries.search_procedures("しんせい", today=TODAY)) == [
        "juminhyo-yuso",
        "dog-registration",
    ]


def test_an_empty_query_finds_nothing(juminhyo):
    assert queries.search_procedures("", today=TODAY) == []
    assert queries.search_procedures(" 　 ", today=TODAY) == []
    assert queries.search_words("犬　犬 いぬ イヌ") == ["犬", "いぬ"]


def test_unpublished_out_of_window_and_formless_procedures_are_not_found(certificates):
    make_procedure("open-one", title="犬の登録", category=certificates)
    make_procedure("hidden", title="犬の登録（非公開）", published=False, category=certificates)
    make_procedure(
        "later",
        title="犬の登録（来年）",
        opens_on=TODAY + datetime.timedelta(days=1),
        category=certificates,
    )
    make_procedure(
        "ended",
        title="犬の登録（終了）",
        closes_on=TODAY - datetime.timedelta(days=1),
        category=certificates,
    )
    formless = make_procedure("formless", title="犬の登録（準備中）", category=certificates)
    formless.form_versions.all().delete()
    make_form_version(formless, published=False)
    make_procedure(
        "today-only",
        title="犬の登録（本日）",
        opens_on=TODAY,
        closes_on=TODAY,
        category=certificates,
    )

    assert codes(queries.search_procedures("犬", today=TODAY)) == ["open-one", "today-only"]
    assert codes(queries.published_procedures(today=TODAY)) == ["open-one", "today-only"]


def test_search_stops_at_the_limit(certificates):
    for number in range(4):
        make_procedure(f"dog-{number}", title=f"犬の手続き{number}", category=certificates)
    assert len(queries.search_procedures("犬", today=TODAY, limit=3)) == 3


def test_categories_list_their_procedures_with_the_window_marked(juminhyo, dog):
    later = make_category("health", name="健康", order=2)
    make_procedure(
        "checkup", title="がん検診", category=later, opens_on=TODAY + datetime.timedelta(days=10)
    )
    make_category("empty", name="空の分類", order=3)

    groups = queries.procedures_by_category(today=TODAY)

    assert [group.category.code for group in groups] == ["certificates", "health"]
    assert codes(groups[0].procedures) == ["juminhyo-yuso", "dog-registration"]
    assert [p.is_open for p in groups[0].procedures] == [True, True]
    assert [p.is_open for p in groups[1].procedures] == [False]


def test_get_published_procedure_refuses_unlisted_codes(juminhyo):
    make_procedure("hidden", published=False)
    assert queries.get_published_procedure("juminhyo-yuso").pk == juminhyo.pk
    for code in ("hidden", "missing"):
        with pytest.raises(Http404):
            queries.get_published_procedure(code)


def test_departments_are_read_once_by_code(juminhyo, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = queries.departments({"shimin", "nothing"})
    assert list(found) == ["shimin"]
    assert found["shimin"].name == "市民課"
    assert queries.departments(set()) == {}


def test_life_events_list_only_listed_steps_in_order(juminhyo, dog):
    hidden = make_procedure("hidden", published=False)
    moving = make_life_event("moving", (dog, "犬を飼っている方"), hidden, juminhyo, name="引越し")
    make_life_event("nothing-listed", hidden)

    assert [event.code for event in queries.life_events()] == ["moving"]
    event = queries.get_life_event("moving")
    assert [step.procedure.code for step in event.listed_steps] == [
        "dog-registration",
        "juminhyo-yuso",
    ]
    assert event.listed_steps[0].note == "犬を飼っている方"
    assert event.pk == moving.pk
    with pytest.raises(Http404):
        queries.get_life_event("missing")


def test_progress_is_each_users_own(juminhyo, dog):
    third = make_procedure("third")
    moving = make_life_event("moving", juminhyo, dog, third)
    hanako, taro = CitizenFactory(), CitizenFactory()
    submitted = make_submission(juminhyo, applicant=hanako)
    make_submission(juminhyo, applicant=hanako, status=Status.DRAFT)
    make_submission(dog, applicant=hanako, status=Status.DRAFT)
    make_submission(third, applicant=hanako, status=Status.WITHDRAWN)
    make_submission(third, applicant=taro, status=Status.COMPLETED)

    event = queries.get_life_event(moving.code)
    mine = queries.life_event_progress(hanako, event)
    theirs = queries.life_event_progress(taro, event)

    assert mine == {
        juminhyo.pk: queries.StepProgress(queries.SUBMITTED, submitted.reference, Status.RECEIVED),
        dog.pk: queries.StepProgress(queries.DRAFT),
        third.pk: queries.StepProgress(queries.NOT_STARTED),
    }
    assert mine[juminhyo.pk].status_label == "受付"
    assert theirs[third.pk].state == queries.SUBMITTED
    assert theirs[juminhyo.pk].state == queries.NOT_STARTED


def test_anonymous_progress_costs_no_query(juminhyo, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    event = queries.get_life_event(make_life_event("moving", juminhyo).code)
    with django_assert_num_queries(0):
        progress = queries.life_event_progress(AnonymousUser(), event)
    assert progress == {juminhyo.pk: queries.StepProgress()}
