"""The package search: words, field terms, negation, sorting, paging, facets."""

from __future__ import annotations

import pytest

from yakuba.opendata import queries
from yakuba.opendata.search import MAX_ROWS, SearchQueryError, search_datasets

from .factories import add_csv, make_dataset, make_group, make_organization, staff_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    bosai = make_organization("bosai-ka", department_code="bosai", title="防災安全課")
    bunka = make_organization("bunka-ka", department_code="bunka", title="文化振興課")
    disaster = make_group("disaster", title="防災")
    shelters = make_dataset(
        organization=bosai,
        name="shelters",
        title="指定緊急避難場所一覧",
        tags=["防災", "避難"],
        groups=[disaster],
    )
    add_csv(staff_in("bosai"), shelters)
    aed = make_dataset(organization=bosai, name="aed", title="AED設置箇所一覧", tags=["防災"])
    halls = make_dataset(
        organization=bunka,
        name="halls",
        title="公共施設一覧",
        notes="避難所を兼ねる施設を含む",
        license_id="cc-zero",
    )
    make_dataset(organization=bunka, name="hidden", title="非公開の避難計画", private=True)
    return {"shelters": shelters, "aed": aed, "halls": halls}


def names(result):
    return [dataset.name for dataset in result.datasets]


def test_words_are_required_and_title_matches_rank_first(catalogue, django_user_model):
    base = queries.searchable_datasets(None)
    result = search_datasets(base, q="避難")
    assert result.count == 2  # the private one is not searchable
    assert names(result) == ["shelters", "halls"]
    assert names(search_datasets(base, q="避難 csv")) == ["shelters"]
    assert names(search_datasets(base, q="ａｅｄ")) == ["aed"]


def test_field_terms_negation_and_fq(catalogue):
    base = queries.searchable_datasets(None)
    assert sorted(names(search_datasets(base, fq="tags:防災"))) == ["aed", "shelters"]
    assert names(search_datasets(base, fq='+organization:bosai-ka -tags:"避難"')) == ["aed"]
    assert names(search_datasets(base, q="res_format:csv")) == ["shelters"]
    assert names(search_datasets(base, fq="groups:disaster")) == ["shelters"]
    assert names(search_datasets(base, fq="license_id:cc-zero")) == ["halls"]
    with pytest.raises(SearchQueryError):
        search_datasets(base, fq="colour:red")


def test_sort_paging_and_row_cap(catalogue):
    base = queries.searchable_datasets(None)
    assert names(search_datasets(base, sort="name asc")) == ["aed", "halls", "shelters"]
    page = search_datasets(base, sort="name desc", rows=1, start=1)
    assert (page.count, names(page)) == (3, ["halls"])
    assert len(search_datasets(base, rows=5000).datasets) == 3
    assert MAX_ROWS == 1000
    with pytest.raises(SearchQueryError):
        search_datasets(base, sort="colour asc")


def test_facets_count_the_whole_match(catalogue):
    base = queries.searchable_datasets(None)
    result = search_datasets(
        base, rows=1, facet_fields=["organization", "tags", "res_format", "license_id", "groups"]
    )
    as_counts = {name: {i.name: i.count for i in items} for name, items in result.facets.items()}
    assert as_counts["organization"] == {"bosai-ka": 2, "bunka-ka": 1}
    assert as_counts["tags"] == {"防災": 2, "避難": 1}
    assert as_counts["res_format"] == {"CSV": 1}
    assert as_counts["license_id"] == {"cc-by-4.0": 2, "cc-zero": 1}
    assert as_counts["groups"] == {"disaster": 1}


def test_staff_of_the_publisher_find_private_datasets_when_asked(catalogue):
    viewer = staff_in("bunka", "viewer")
    base = queries.searchable_datasets(viewer, include_private=True)
    assert "hidden" in names(search_datasets(base, q="避難計画"))
    outsider = staff_in("kazei", "viewer")
    base = queries.searchable_datasets(outsider, include_private=True)
    assert names(search_datasets(base, q="避難計画")) == []
