"""CKAN's envelope and error bodies: one test per failure class, with the exact
``__type`` strings and HTTP statuses of CKAN 2.12 (ckan/views/api.py)."""

from __future__ import annotations

import pytest

from yakuba.opendata.models import Dataset, DatasetVersion, Resource
from yakuba.opendata.services.tokens import create_token, revoke_token

from .helpers import call

pytestmark = pytest.mark.django_db


def _state():
    return (
        sorted(Dataset.objects.values_list("name", "title", "state")),
        Resource.objects.count(),
        DatasetVersion.objects.count(),
    )


def test_success_is_wrapped_with_help_success_and_result(client, catalogue, settings):
    settings.YAKUBA_SITE_URL = "https://www.city.example.lg.jp"
    response = call(client, "package_show", {"id": "shelters"}, method="GET")
    body = response.json()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json;charset=utf-8"
    assert list(body) == ["help", "success", "result"]
    assert body["help"] == (
        "https://www.city.example.lg.jp/api/3/action/help_show?name=package_show"
    )
    assert body["success"] is True
    assert body["result"]["name"] == "shelters"


def test_both_paths_answer_the_same(client, catalogue):
    versioned = call(client, "package_list", method="GET").json()
    plain = call(client, "package_list", method="GET", version=None).json()
    assert versioned == plain
    assert plain["result"] == ["aed", "halls", "shelters"]


def test_unknown_action_is_ckans_bad_request_string(client):
    response = call(client, "package_frobnicate")
    assert response.status_code == 400
    assert response.json() == "Bad request: Action name not known: package_frobnicate"


def test_unreadable_json_is_a_bad_request_and_nothing_is_saved(client, catalogue, secret):
    before = _state()
    response = client.post(
        "/api/3/action/package_create",
        b'{"name": "x", "owner_org": ',
        content_type="application/json",
        headers={"Authorization": secret},
    )
    assert response.status_code == 400
    assert response.json().startswith("Bad request: JSON Error: ")
    assert _state() == before


def test_a_json_list_body_is_a_bad_request(client, secret):
    response = client.post(
        "/api/3/action/package_create",
        b"[1, 2]",
        content_type="application/json",
        headers={"Authorization": secret},
    )
    assert response.status_code == 400
    assert response.json().startswith("Bad request: JSON Error: ")


def test_a_write_sent_with_get_is_a_bad_request(client, catalogue, secret):
    before = _state()
    response = call(client, "package_delete", {"id": "aed"}, secret=secret, method="GET")
    assert response.status_code == 400
    assert response.json().startswith("Bad request: JSON Error: ")
    assert _state() == before


def test_not_found(client, catalogue):
    response = call(client, "package_show", {"id": "no-such-dataset"})
    body = response.json()
    assert response.status_code == 404
    assert body["success"] is False
    assert body["error"]["__type"] == "Not Found Error"
    assert "no-such-dataset" in body["error"]["message"]


def test_a_missing_id_is_a_validation_error_on_ckans_key(client, catalogue):
    response = call(client, "package_show", {})
    assert response.status_code == 409
    assert response.json()["error"] == {
        "__type": "Validation Error",
        "name_or_id": ["値がありません。"],
    }


def test_a_write_without_a_token_is_an_authorization_error(client, catalogue):
    before = _state()
    response = call(client, "package_delete", {"id": "aed"})
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["__type"] == "Authorization Error"
    assert "APIトークンが必要です" in error["message"]
    assert _state() == before


@pytest.mark.parametrize("kind", ["unknown", "revoked", "expired"])
def test_a_write_with_a_bad_token_is_an_authorization_error(
    client, catalogue, bosai_operator, kind
):
    import datetime

    from django.utils import timezone

    token, secret = create_token(bosai_operator, name="x")
    if kind == "unknown":
        secret = secret[:-4] + "AAAA"
    elif kind == "revoked":
        revoke_token(bosai_operator, token)
    else:
        token.expires_at = timezone.now() - datetime.timedelta(seconds=1)
        token.save()
    before = _state()
    response = call(client, "package_delete", {"id": "aed"}, secret=secret)
    assert response.status_code == 403
    assert response.json()["error"]["__type"] == "Authorization Error"
    assert "APIトークンが無効です" in response.json()["error"]["message"]
    assert _state() == before


def test_a_private_dataset_is_an_authorization_error_for_others(client, catalogue):
    response = call(client, "package_show", {"id": "hidden"})
    assert response.status_code == 403
    assert response.json()["error"]["__type"] == "Authorization Error"


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("package_patch", {"id": "aed", "title": "x"}),
        ("package_create", {"name": "bunka-new", "owner_org": "bosai-ka"}),
        ("resource_create", {"package_id": "aed", "url": "https://example.jp/x.csv"}),
    ],
)
def test_another_departments_datasets_cannot_be_changed(
    client, catalogue, bunka_secret, action, data
):
    before = _state()
    response = call(client, action, data, secret=bunka_secret)
    assert response.status_code == 403
    error = response.json()["error"]
    assert error == {
        "__type": "Authorization Error",
        "message": "アクセスが拒否されました: この操作を行う権限がありません。",
    }
    assert _state() == before


def test_validation_errors_are_listed_per_field_and_nothing_is_saved(client, catalogue, secret):
    before = _state()
    response = call(
        client,
        "package_create",
        {
            "name": "Bad Name!",
            "owner_org": "no-such-org",
            "tags": "not-a-list",
            "private": "maybe",
            "license_id": "cc-by-99",
            "temporal_start": "2026-13-01",
            "resources": [{"url": "https://example.jp/a.csv"}, "oops", {"name": ["x"]}],
        },
        secret=secret,
    )
    error = response.json()["error"]
    assert response.status_code == 409
    assert error["__type"] == "Validation Error"
    assert set(error) == {
        "__type",
        "name",
        "owner_org",
        "tags",
        "private",
        "license_id",
        "temporal_start",
        "resources",
    }
    assert error["name"] == ["英小文字・数字・「-」「_」の2〜100文字で入力してください。"]
    assert error["owner_org"] == ["公開元「no-such-org」はありません。"]
    assert error["resources"][0] == {}
    assert error["resources"][1] == {"message": ["リソースはオブジェクトで指定してください。"]}
    assert error["resources"][2] == {"name": ["文字列で指定してください。"]}
    assert _state() == before


def test_a_title_the_model_refuses_is_reported_on_title(client, catalogue, secret):
    response = call(
        client,
        "package_create",
        {"name": "long-title", "owner_org": "bosai-ka", "title": "長" * 301},
        secret=secret,
    )
    error = response.json()["error"]
    assert response.status_code == 409
    assert list(error) == ["title", "__type"]


def test_a_taken_name_is_reported_like_ckans_url_in_use(client, catalogue, secret):
    response = call(
        client, "package_create", {"name": "aed", "owner_org": "bosai-ka"}, secret=secret
    )
    assert response.status_code == 409
    assert response.json()["error"]["name"] == ["この識別名は既に使われています。"]


def test_a_failing_inline_resource_rolls_back_the_new_dataset(client, catalogue, secret):
    before = _state()
    response = call(
        client,
        "package_create",
        {
            "name": "new-one",
            "owner_org": "bosai-ka",
            "resources": [{"url": "https://example.jp/a.csv"}, {"url": "not a url"}],
        },
        secret=secret,
    )
    error = response.json()["error"]
    assert response.status_code == 409
    assert error["resources"][0] == {}
    assert list(error["resources"][1]) == ["url"]
    assert _state() == before


def test_wrong_parameter_types_are_validation_errors(client, catalogue):
    response = call(
        client,
        "package_search",
        {"rows": "ten", "start": -1, "facet.field": "tags", "include_private": "perhaps"},
        method="GET",
    )
    error = response.json()["error"]
    assert response.status_code == 409
    assert error == {
        "__type": "Validation Error",
        "rows": ["整数で指定してください。"],
        "start": ["0以上の整数で指定してください。"],
        "facet.field": ["JSONとして読めません。"],
        "include_private": ["true か false で指定してください。"],
    }


def test_an_invalid_sort_is_a_search_query_error_400(client, catalogue):
    response = call(client, "package_search", {"sort": "colour desc"}, method="GET")
    assert response.status_code == 400
    assert response.json()["error"]["__type"] == "Search Query Error"


def test_an_unknown_search_parameter_is_a_search_query_error_400(client, catalogue):
    response = call(client, "package_search", {"qq": "x"}, method="GET")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["__type"] == "Search Query Error"
    assert "qq" in error["message"]


def test_an_unknown_filter_field_is_a_search_error_409(client, catalogue):
    response = call(client, "package_search", {"fq": "colour:red"}, method="GET")
    assert response.status_code == 409
    assert response.json()["error"]["__type"] == "Search Error"


def test_an_internal_fault_is_a_500_envelope(client, catalogue, monkeypatch):
    from yakuba.opendata.web.api import actions_read

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(actions_read, "package_dict", broken)
    response = call(client, "package_show", {"id": "aed"})
    assert response.status_code == 500
    assert response.json()["error"] == {
        "__type": "Internal Server Error",
        "message": "Internal Server Error",
    }


def test_english_requests_get_the_english_catalogue(client, catalogue):
    response = call(
        client,
        "package_search",
        {"facet.field": '["groups"]'},
        method="GET",
        headers={"Accept-Language": "en"},
    )
    items = response.json()["result"]["search_facets"]["groups"]["items"]
    assert items == [{"name": "disaster", "display_name": "Disaster prevention", "count": 1}]


@pytest.mark.parametrize(
    "data",
    [
        {"name": "nul-title", "owner_org": "bosai-ka", "title": "a\u0000b"},
        {"name": "nul-extra", "owner_org": "bosai-ka", "extras": [{"key": "k\u0000", "value": 1}]},
    ],
)
def test_text_postgresql_cannot_store_is_a_bad_request(client, catalogue, secret, data):
    before = _state()
    response = call(client, "package_create", data, secret=secret)
    assert response.status_code == 400
    assert response.json().startswith("Bad request: JSON Error: ")
    assert _state() == before


def test_a_lone_surrogate_in_a_search_is_a_bad_request(client, catalogue):
    response = client.post(
        "/api/3/action/package_search", b'{"q": "\\ud800"}', content_type="application/json"
    )
    assert response.status_code == 400
