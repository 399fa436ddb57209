"""The public search page, the publisher and category pages: words, facets as links,
paging, sorting, bad input as friendly messages, English titles and a flat query count."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from yakuba.opendata import search_cache
from yakuba.opendata.services import datasets as dataset_services
from yakuba.opendata.web.citizen import catalogue
from yakuba.opendata.web.citizen.display import CATALOGUE_PATH, ORGANIZATION_PATH

from .factories import add_csv, make_dataset, make_group, make_organization, staff_in

pytestmark = pytest.mark.django_db

SEARCH = reverse("portal:opendata:dataset_list")


@pytest.fixture
def catalogue_data():
    bosai = make_organization(
        "bosai-ka", department_code="bosai", title="防災安全課", title_en="Disaster Safety"
    )
    bunka = make_organization("bunka-ka", department_code="bunka", title="文化振興課")
    disaster = make_group("disaster", title="防災", title_en="Disaster prevention")
    shelters = make_dataset(
        organization=bosai,
        name="shelters",
        title="指定緊急避難場所一覧",
        title_en="Designated emergency evacuation sites",
        tags=["防災", "避難"],
        groups=[disaster],
    )
    add_csv(staff_in("bosai"), shelters)
    make_dataset(
        organization=bosai, name="aed", title="AED設置箇所一覧", tags=["防災"], groups=[disaster]
    )
    make_dataset(
        organization=bunka,
        name="halls",
        title="公共施設一覧",
        notes="避難所を兼ねる施設を含む",
        license_id="cc-zero",
    )
    make_dataset(organization=bunka, name="hidden", title="非公開の避難計画", private=True)
    make_dataset(organization=bunka, name="draft", title="下書きの避難計画", state="draft")
    return {"bosai": bosai, "bunka": bunka, "disaster": disaster}


def names(response) -> list[str]:
    return [row["dataset"].name for row in response.context["rows"]]


def facet(response, name: str) -> dict[str, dict]:
    group = next(g for g in response.context["facets"] if g["name"] == name)
    return {item["name"]: item for item in group["items"]}


def test_lists_public_datasets_latest_change_first(client, catalogue_data):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert names(response) == ["halls", "aed", "shelters"]
    assert response.context["result"].count == 3
    page = response.content.decode()
    assert "3件のデータセットがあります。" in page
    assert "非公開の避難計画" not in page and "下書きの避難計画" not in page


def test_staff_of_the_publisher_see_only_public_datasets_in_the_search(client, catalogue_data):
    from yakuba.identity.testing import login_staff

    login_staff(client, staff_in("bunka", "admin"))
    assert names(client.get(SEARCH)) == ["halls", "aed", "shelters"]


def test_words_must_all_match(client, catalogue_data):
    assert names(client.get(SEARCH, {"q": "避難"})) == ["shelters", "halls"]
    assert names(client.get(SEARCH, {"q": "避難 ＣＳＶ"})) == ["shelters"]
    response = client.get(SEARCH, {"q": "存在しない言葉"})
    assert names(response) == []
    assert "条件に合うデータセットはありません。" in response.content.decode()


def test_facets_count_the_match_and_link_to_a_narrower_search(client, catalogue_data):
    response = client.get(SEARCH)
    tags = facet(response, "tags")
    assert {name: item["count"] for name, item in tags.items()} == {"防災": 2, "避難": 1}
    assert facet(response, "organization")["bosai-ka"]["label"] == "防災安全課"
    assert facet(response, "res_format")["CSV"]["count"] == 1
    assert facet(response, "license_id")["cc-zero"]["count"] == 1

    narrowed = client.get(SEARCH + tags["防災"]["url"])
    assert names(narrowed) == ["aed", "shelters"]
    chosen = facet(narrowed, "tags")["防災"]
    assert chosen["chosen"] is True
    assert [item["label"] for item in narrowed.context["chosen"]] == ["防災"]
    assert 'aria-current="true"' in narrowed.content.decode()

    # The chosen value's link takes it off again.
    assert names(client.get(SEARCH + chosen["url"])) == ["halls", "aed", "shelters"]


def test_every_chosen_value_must_hold(client, catalogue_data):
    response = client.get(SEARCH, {"tags": ["防災", "避難"]})
    assert names(response) == ["shelters"]
    response = client.get(SEARCH, {"organization": "bosai-ka", "res_format": "CSV"})
    assert names(response) == ["shelters"]


def test_words_keep_the_chosen_facets_in_hidden_fields(client, catalogue_data):
    response = client.get(SEARCH, {"tags": "防災", "q": "AED"})
    assert names(response) == ["aed"]
    assert '<input type="hidden" name="tags" value="防災">' in response.content.decode()


def test_pages_of_twenty(client, catalogue_data):
    organization = catalogue_data["bunka"]
    actor = staff_in("bunka")
    for number in range(22):
        make_dataset(actor, organization, name=f"extra-{number:02d}", title=f"追加 {number:02d}")
    first = client.get(SEARCH)
    assert len(names(first)) == 20
    assert first.context["page"].paginator.num_pages == 2
    second = client.get(SEARCH, {"page": "2"})
    assert len(names(second)) == 5
    assert set(names(first)).isdisjoint(names(second))
    assert "21〜25件目を表示しています。" in second.content.decode()
    # A page past the end shows the last one; nonsense shows the first.
    assert names(client.get(SEARCH, {"page": "99"})) == names(second)
    assert names(client.get(SEARCH, {"page": "abc"})) == names(first)


def test_sort_by_title(client, catalogue_data):
    response = client.get(SEARCH, {"sort": "title_string asc"})
    assert names(response) == ["aed", "halls", "shelters"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"sort": "password desc"}, "正しく選択してください"),
        ({"q": "あ" * 201}, "200"),
        ({"tags": 'a"b'}, "絞り込みの条件が正しくありません。"),
        ({"tags": ["t"] * 1 + [f"t{n}" for n in range(11)]}, "絞り込みの条件が正しくありません。"),
    ],
)
def test_bad_input_is_a_message_not_an_error(client, catalogue_data, params, message):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["rows"] == []


def test_publisher_page_fixes_the_publisher(client, catalogue_data):
    url = reverse("portal:opendata:organization_detail", args=["bosai-ka"])
    response = client.get(url)
    assert response.status_code == 200
    assert names(response) == ["aed", "shelters"]
    assert "organization" not in {group["name"] for group in response.context["facets"]}
    assert "<h1>防災安全課</h1>" in response.content.decode()
    # The facets keep to the publisher's page.
    narrowed = client.get(url + facet(response, "res_format")["CSV"]["url"])
    assert narrowed.request["PATH_INFO"] == url
    assert names(narrowed) == ["shelters"]
    # Someone else's publisher in the query does not widen it.
    assert names(client.get(url, {"organization": "bunka-ka"})) == ["aed", "shelters"]
    assert (
        client.get(reverse("portal:opendata:organization_detail", args=["nope"])).status_code == 404
    )


def test_category_page_fixes_the_category(client, catalogue_data):
    response = client.get(reverse("portal:opendata:group_detail", args=["disaster"]))
    assert names(response) == ["aed", "shelters"]
    assert client.get(reverse("portal:opendata:group_detail", args=["nope"])).status_code == 404


def test_english_titles_where_there_are_some(client, catalogue_data):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(SEARCH).content.decode()
    assert "Designated emergency evacuation sites" in page
    assert "Disaster Safety" in page
    # No English title: the Japanese one, marked as Japanese.
    assert re.search(r'<a href="/opendata/dataset/halls/" lang="ja">公共施設一覧</a>', page)


def test_only_get(client, catalogue_data):
    assert client.post(SEARCH).status_code == 405


def test_written_out_paths_are_the_routes():
    assert resolve(CATALOGUE_PATH).func == catalogue.dataset_list
    match = resolve(ORGANIZATION_PATH.format(name="bosai"))
    assert (match.func, match.kwargs) == (catalogue.organization_detail, {"name": "bosai"})


# -- query count --------------------------------------------------------------------------

#: The search page after a change of the catalogue: the catalogue stamp, the count, the
#: page, its tags, groups and resources, five facets (the municipality profile is cached).
SEARCH_BASELINE = 11
#: The same with words and a chosen facet value (the same queries).
FILTERED_BASELINE = 11
#: The same search again: the count and the facets come from the cache (search_cache).
CACHED_BASELINE = 5


def _catalogue(size: int) -> None:
    organizations = [make_organization(department_code="bosai") for _ in range(2)]
    groups = [make_group() for _ in range(2)]
    actor = staff_in("bosai")
    for number in range(size):
        dataset = make_dataset(
            actor,
            organizations[number % 2],
            title=f"避難データ {number}",
            tags=[f"tag-{number}", "防災"],
            groups=groups,
        )
        add_csv(actor, dataset)


def _queries(client, params: dict, *, cached: bool = False) -> int:
    client.get(SEARCH, params)  # warm-up: the municipality profile is cached
    if not cached:
        search_cache.touch()  # as any change of the catalogue does
    with CaptureQueriesContext(connection) as captured:
        response = client.get(SEARCH, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("size", [1, 12])
def test_search_page_query_count_is_flat(client, size):
    from yakuba.core.testing import demo_municipality

    _catalogue(size)
    with demo_municipality():
        assert _queries(client, {}) == SEARCH_BASELINE
        assert _queries(client, {"q": "避難", "tags": "防災"}) == FILTERED_BASELINE
        assert _queries(client, {"q": "避難", "tags": "防災"}, cached=True) == CACHED_BASELINE


def test_cached_counts_and_facets_follow_every_change(client):
    _catalogue(2)
    first = client.get(SEARCH, {"q": "避難"}).content.decode()
    assert "2件のデータセットがあります。" in first
    actor = staff_in("bosai")
    dataset = make_dataset(
        actor, make_organization(department_code="bosai"), title="避難データ 追加", tags=["新着"]
    )
    second = client.get(SEARCH, {"q": "避難"}).content.decode()
    assert "3件のデータセットがあります。" in second and "新着" in second
    dataset_services.delete_dataset(actor, dataset)
    assert "2件のデータセットがあります。" in client.get(SEARCH, {"q": "避難"}).content.decode()
