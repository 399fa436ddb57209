"""The read actions: results in CKAN's shapes, package_search's defaults, cap, facets and
visibility, and the ways a request may carry its parameters."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yakuba.opendata.services.tokens import create_token

from ..factories import make_dataset, staff_in
from .helpers import call

pytestmark = pytest.mark.django_db


def _result(response):
    assert response.status_code == 200, response.content
    return response.json()["result"]


def _names(result) -> list[str]:
    return [item["name"] for item in result["results"]]


def _page_limits(queries) -> list[int]:
    """The LIMITs of the queries that fetched a page of datasets."""
    return [
        int(match.group(1))
        for query in queries
        if 'FROM "opendata_dataset"' in query["sql"]
        for match in [re.search(r"LIMIT (\d+)", query["sql"])]
        if match
    ]


def test_search_returns_ten_rows_by_default(client, catalogue):
    organization = catalogue["bosai"]
    for number in range(9):
        make_dataset(organization=organization, name=f"extra-{number}", title=f"追加 {number}")
    with CaptureQueriesContext(connection) as queries:
        result = _result(call(client, "package_search", method="GET"))
    assert result["count"] == 12
    assert len(result["results"]) == 10
    assert _page_limits(queries.captured_queries) == [10]
    assert result["sort"] == "score desc, metadata_modified desc"


def test_search_caps_rows_at_1000_as_ckan(client, catalogue):
    with CaptureQueriesContext(connection) as queries:
        result = _result(call(client, "package_search", {"rows": 5000}, method="GET"))
    assert result["count"] == 3
    assert _page_limits(queries.captured_queries) == [1000]


def test_rows_and_start_page_the_results(client, catalogue):
    first = _result(call(client, "package_search", {"rows": 2, "sort": "name asc"}))
    second = _result(call(client, "package_search", {"rows": 2, "start": 2, "sort": "name asc"}))
    assert (_names(first), _names(second)) == (["aed", "halls"], ["shelters"])
    assert first["count"] == second["count"] == 3


def test_words_and_filters(client, catalogue):
    assert _names(_result(call(client, "package_search", {"q": "避難"}))) == ["shelters"]
    tagged = _result(call(client, "package_search", {"fq": "tags:防災", "sort": "name asc"}))
    assert _names(tagged) == ["aed", "shelters"]
    both = _result(
        call(client, "package_search", {"fq": "tags:防災", "fq_list": ["res_format:CSV"]})
    )
    assert _names(both) == ["shelters"]
    negated = _result(call(client, "package_search", {"q": "-organization:bosai-ka"}))
    assert _names(negated) == ["halls"]


def test_facets_in_both_of_ckans_shapes(client, catalogue):
    result = _result(
        call(
            client,
            "package_search",
            {
                "facet.field": json.dumps(["organization", "tags", "res_format", "license_id"]),
                "rows": 0,
            },
            method="GET",
        )
    )
    assert result["results"] == []
    assert result["facets"] == {
        "organization": {"bosai-ka": 2, "bunka-ka": 1},
        "tags": {"防災": 2, "避難": 1},
        "res_format": {"CSV": 1},
        "license_id": {"cc-by-4.0": 2, "cc-zero": 1},
    }
    organizations = result["search_facets"]["organization"]
    assert organizations["title"] == "organization"
    # CKAN sorts the items by display name, descending (防 U+9632 > 文 U+6587)
    assert organizations["items"] == [
        {"name": "bosai-ka", "display_name": "防災安全課", "count": 2},
        {"name": "bunka-ka", "display_name": "文化振興課", "count": 1},
    ]
    licences = result["search_facets"]["license_id"]["items"]
    assert [item["name"] for item in licences] == ["cc-by-4.0", "cc-zero"]  # by title, desc


def test_facet_limit_and_mincount(client, catalogue):
    result = _result(
        call(
            client,
            "package_search",
            {"facet.field": ["tags"], "facet.limit": 1, "facet.mincount": 0, "rows": 0},
        )
    )
    assert result["facets"] == {"tags": {"防災": 2}}
    unlimited = _result(
        call(client, "package_search", {"facet.field": ["tags"], "facet.limit": -1, "rows": 0})
    )
    assert unlimited["facets"] == {"tags": {"防災": 2, "避難": 1}}
    off = _result(call(client, "package_search", {"facet.field": ["tags"], "facet": "false"}))
    assert off["facets"] == {} and off["search_facets"] == {}


def test_private_and_draft_datasets_only_for_their_department(client, catalogue, secret):
    def names(**options):
        return sorted(_names(_result(call(client, "package_search", options, secret=secret))))

    anonymous = _result(call(client, "package_search", {"include_private": True}))
    assert sorted(_names(anonymous)) == ["aed", "halls", "shelters"]
    assert names(include_private=True) == ["aed", "halls", "shelters"]  # hidden is bunka's
    assert names(include_private=True, include_drafts=True) == [
        "aed",
        "draft-plan",
        "halls",
        "shelters",
    ]
    bunka_secret = create_token(staff_in("bunka", "viewer"), name="閲覧")[1]
    bunka = _result(
        call(client, "package_search", {"include_private": "true"}, secret=bunka_secret)
    )
    assert sorted(_names(bunka)) == ["aed", "halls", "hidden", "shelters"]


def test_package_show_of_a_private_dataset_with_its_departments_token(
    client, catalogue, bunka_secret
):
    result = _result(call(client, "package_show", {"id": "hidden"}, secret=bunka_secret))
    assert (result["name"], result["private"]) == ("hidden", True)


def test_package_show_by_id_has_ckans_keys(client, catalogue):
    shelters = catalogue["shelters"]
    result = _result(call(client, "package_show", {"id": str(shelters.pk)}, method="GET"))
    assert result["id"] == str(shelters.pk)
    assert result["organization"]["name"] == "bosai-ka"
    assert [tag["name"] for tag in result["tags"]] == ["避難", "防災"]  # code point order
    assert [group["name"] for group in result["groups"]] == ["disaster"]
    assert result["num_resources"] == 1
    resource = result["resources"][0]
    assert resource["url"].endswith(f"/resource/{catalogue['csv'].pk}/download/shelters.csv")
    assert resource["url_type"] == "upload"


def test_current_package_list_with_resources_newest_first(client, catalogue):
    result = _result(call(client, "current_package_list_with_resources", {"limit": 2}))
    assert [item["name"] for item in result] == ["halls", "aed"]
    rest = _result(call(client, "current_package_list_with_resources", {"offset": 2}))
    assert [item["name"] for item in rest] == ["shelters"]
    assert len(rest[0]["resources"]) == 1
    paged = _result(call(client, "current_package_list_with_resources", {"limit": 1, "page": 2}))
    assert [item["name"] for item in paged] == ["aed"]


def test_package_list_pages_with_limit_and_offset(client, catalogue):
    result = _result(call(client, "package_list", {"limit": 1, "offset": 1}, method="GET"))
    assert result == ["halls"]


def test_organization_list_and_show(client, catalogue):
    assert _result(call(client, "organization_list")) == ["bunka-ka", "bosai-ka"]  # by title
    full = _result(
        call(client, "organization_list", {"all_fields": True, "sort": "package_count desc"})
    )
    assert [(item["name"], item["package_count"]) for item in full] == [
        ("bosai-ka", 2),
        ("bunka-ka", 1),
    ]
    assert full[0]["type"] == "organization" and full[0]["is_organization"] is True
    shown = _result(call(client, "organization_show", {"id": "bosai-ka", "include_datasets": 1}))
    assert shown["package_count"] == 2
    assert sorted(item["name"] for item in shown["packages"]) == ["aed", "shelters"]
    plain = _result(call(client, "organization_show", {"id": str(catalogue["bunka"].pk)}))
    assert plain["package_count"] == 1 and "packages" not in plain


def test_group_list_and_show(client, catalogue):
    assert _result(call(client, "group_list", method="GET")) == ["disaster"]
    full = _result(call(client, "group_list", {"all_fields": "true"}))
    assert full[0]["package_count"] == 1 and full[0]["type"] == "group"
    shown = _result(call(client, "group_show", {"id": "disaster", "include_datasets": True}))
    assert [item["name"] for item in shown["packages"]] == ["shelters"]
    assert call(client, "group_show", {"id": "none"}).status_code == 404


def test_tag_list(client, catalogue):
    assert sorted(_result(call(client, "tag_list"))) == ["避難", "防災"]
    assert _result(call(client, "tag_list", {"query": "避"})) == ["避難"]
    full = _result(call(client, "tag_list", {"all_fields": True}))
    assert sorted((tag["name"], tag["vocabulary_id"]) for tag in full) == [
        ("避難", None),
        ("防災", None),
    ]


def test_resource_show(client, catalogue):
    csv = catalogue["csv"]
    result = _result(call(client, "resource_show", {"id": str(csv.pk)}, method="GET"))
    assert (result["id"], result["format"], result["size"]) == (str(csv.pk), "CSV", 16)
    assert call(client, "resource_show", {"id": "not-a-uuid"}).status_code == 404


def test_license_list_status_and_help(client, catalogue):
    licences = _result(call(client, "license_list"))
    assert licences[0]["id"] == "cc-by-4.0"
    assert {"id", "title", "url", "od_conformance", "status"} <= set(licences[0])
    status = _result(call(client, "status_show", method="GET"))
    assert status["ckan_version"] == "2.12.0"
    assert status["locale_default"] == "ja"
    help_text = _result(call(client, "help_show", {"name": "package_search"}))
    assert "rows" in help_text
    assert call(client, "help_show", {"name": "nothing"}).status_code == 404


def test_a_form_encoded_post_and_a_repeated_query_key(client, catalogue):
    posted = client.post(
        "/api/3/action/package_search", {"q": "避難", "rows": "5"}
    )  # application/x-www-form-urlencoded is multipart in Django's client; both are forms
    assert _names(_result(posted)) == ["shelters"]
    encoded = client.post(
        "/api/3/action/package_search",
        "fq=tags%3A%E9%98%B2%E7%81%BD&sort=name+asc",
        content_type="application/x-www-form-urlencoded",
    )
    assert _names(_result(encoded)) == ["aed", "shelters"]
    repeated = client.get("/api/3/action/package_search?fq_list=tags:防災&fq_list=tags:避難")
    assert _names(_result(repeated)) == ["shelters"]


def test_fl_returns_only_the_fields_asked(client, catalogue):
    result = _result(call(client, "package_search", {"fl": "name,title", "sort": "name asc"}))
    assert result["results"][0] == {"name": "aed", "title": "AED設置箇所一覧"}


#: package_search with two facets, anonymous: the catalogue stamp, count, page, 3 prefetches
#: (tags, groups, resources), 2 facets (the token lookup and the rate limit use no query).
QUERY_BASELINE_PACKAGE_SEARCH = 8


def test_package_search_query_count_does_not_grow_with_the_page(client, catalogue):
    def queries_for_search() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = call(
                client, "package_search", {"facet.field": ["tags", "organization"]}, method="GET"
            )
        assert response.status_code == 200
        return len(captured.captured_queries)

    assert queries_for_search() == QUERY_BASELINE_PACKAGE_SEARCH
    # Asked again, the count and the two facets come from the cache.
    assert queries_for_search() == QUERY_BASELINE_PACKAGE_SEARCH - 3
    for number in range(5):
        make_dataset(
            organization=catalogue["bunka"], name=f"more-{number}", tags=["文化", f"t{number}"]
        )
    assert queries_for_search() == QUERY_BASELINE_PACKAGE_SEARCH
