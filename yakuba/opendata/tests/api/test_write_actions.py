"""The write actions through the services: CKAN dicts in, package_show dicts out;
package_update's resource list; multipart uploads for resource_create / _update."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yakuba.opendata import queries
from yakuba.opendata.models import Dataset, Resource, ResourceKind
from yakuba.opendata.services.files import full_path

from .helpers import call

pytestmark = pytest.mark.django_db


def _result(response):
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True
    return body["result"]


def _upload(client, action: str, secret: str, fields: dict, content: bytes, name: str):
    return client.post(
        f"/api/3/action/{action}",
        {**fields, "upload": SimpleUploadedFile(name, content, content_type="text/plain")},
        headers={"Authorization": f"Bearer {secret}"},
    )


def test_package_create_maps_ckan_keys_and_inline_resources(client, catalogue, secret):
    result = _result(
        call(
            client,
            "package_create",
            {
                "name": "bousai-map",
                "owner_org": str(catalogue["bosai"].pk),
                "notes": "防災マップの説明",
                "version": "2026",
                "maintainer": "防災安全課",
                "maintainer_email": "bosai@city.example.lg.jp",
                "license_id": "cc-zero",
                "private": "false",
                "tags": [{"name": "防災"}, {"name": "地図"}],
                "tag_string": "ハザード",
                "groups": [{"name": "disaster"}],
                "extras": [{"key": "source", "value": "庁内GIS"}],
                "title_en": "Hazard map",
                "frequency": "annual",
                "temporal_start": "2026-04-01",
                "author": "ignored",
                "resources": [
                    {"name": "地図", "url": "https://example.jp/map.geojson", "format": "geojson"},
                    {"url": "https://example.jp/api", "resource_type": "api", "note": "x"},
                ],
            },
            secret=secret,
        )
    )
    assert result["title"] == "bousai-map"  # CKAN: an empty title is the name
    assert (result["version"], result["maintainer"]) == ("2026", "防災安全課")
    assert result["organization"]["name"] == "bosai-ka"
    assert sorted(tag["name"] for tag in result["tags"]) == ["ハザード", "地図", "防災"]
    assert [group["name"] for group in result["groups"]] == ["disaster"]
    assert result["extras"] == [{"key": "source", "value": "庁内GIS"}]
    assert (result["frequency"], result["temporal_start"]) == ("annual", "2026-04-01")
    assert result["author"] is None
    first, second = result["resources"]
    assert (first["name"], first["format"], first["url"]) == (
        "地図",
        "GEOJSON",
        "https://example.jp/map.geojson",
    )
    assert (second["resource_type"], second["note"], second["position"]) == ("api", "x", 1)
    dataset = Dataset.objects.get(name="bousai-map")
    assert dataset.contact_email == "bosai@city.example.lg.jp"
    assert [version.action for version in queries.dataset_versions(dataset)] == [
        "resource_create",
        "resource_create",
        "create",
    ]


def test_package_update_replaces_metadata_but_keeps_name_owner_and_flags(client, catalogue, secret):
    shelters = catalogue["shelters"]
    call(client, "package_patch", {"id": "shelters", "notes": "古い説明"}, secret=secret)
    result = _result(
        call(
            client,
            "package_update",
            {"id": str(shelters.pk), "title": "避難場所", "tags": [{"name": "避難"}]},
            secret=secret,
        )
    )
    assert (result["name"], result["title"], result["notes"]) == ("shelters", "避難場所", "")
    assert [tag["name"] for tag in result["tags"]] == ["避難"]
    assert result["groups"] == []  # not given: removed (replace)
    assert result["owner_org"] == str(catalogue["bosai"].pk)
    assert result["num_resources"] == 1  # no resources key: resources unchanged


def test_package_update_round_trip_changes_only_what_was_edited(client, catalogue, secret):
    shown = _result(call(client, "package_show", {"id": "shelters"}))
    shown["notes"] = "新しい説明"
    result = _result(call(client, "package_update", shown, secret=secret))
    assert result["notes"] == "新しい説明"
    for key in ("name", "title", "tags", "groups", "license_id", "owner_org", "resources"):
        if key == "resources":
            assert [r["id"] for r in result[key]] == [r["id"] for r in shown[key]]
            assert [r["hash"] for r in result[key]] == [r["hash"] for r in shown[key]]
        else:
            assert result[key] == shown[key], key
    assert [v.action for v in queries.dataset_versions(catalogue["shelters"])][:1] == ["update"]


def test_package_update_resource_list_keeps_our_files_deletes_the_rest(client, catalogue, secret):
    shelters = catalogue["shelters"]
    csv = catalogue["csv"]
    link = _result(
        call(
            client,
            "resource_create",
            {"package_id": "shelters", "url": "https://example.jp/old.csv"},
            secret=secret,
        )
    )
    own_url = _result(call(client, "resource_show", {"id": str(csv.pk)}))["url"]
    result = _result(
        call(
            client,
            "package_update",
            {
                "id": "shelters",
                "resources": [
                    {"url": "https://example.jp/new.json", "name": "新しいリンク"},
                    {"url": own_url, "name": "避難場所CSV", "format": "CSV"},
                ],
            },
            secret=secret,
        )
    )
    new, kept = result["resources"]
    assert kept["id"] == str(csv.pk)
    assert (kept["name"], kept["url"], kept["position"]) == ("避難場所CSV", own_url, 1)
    assert (kept["hash"], kept["file_version"]) == (csv.sha256, 1)
    assert new["url"] == "https://example.jp/new.json"
    assert not Resource.objects.filter(pk=link["id"]).exists()
    assert Resource.objects.filter(dataset=shelters).count() == 2


def test_package_patch_changes_only_the_keys_given(client, catalogue, secret):
    result = _result(
        call(
            client,
            "package_patch",
            {"id": "aed", "notes": "AEDの一覧", "private": True, "title_en": None},
            secret=secret,
        )
    )
    assert (result["title"], result["notes"], result["private"]) == (
        "AED設置箇所一覧",
        "AEDの一覧",
        True,
    )
    assert [tag["name"] for tag in result["tags"]] == ["防災"]
    assert result["title_en"] == ""


def test_package_patch_with_a_period_checks_against_the_stored_one(client, catalogue, secret):
    call(client, "package_patch", {"id": "aed", "temporal_end": "2026-03-31"}, secret=secret)
    response = call(
        client, "package_patch", {"id": "aed", "temporal_start": "2026-04-01"}, secret=secret
    )
    assert response.status_code == 409
    assert list(response.json()["error"]) == ["temporal_end", "__type"]
    assert Dataset.objects.get(name="aed").temporal_start is None


def test_package_delete_is_a_soft_delete(client, catalogue, secret):
    assert _result(call(client, "package_delete", {"id": "aed"}, secret=secret)) is None
    assert Dataset.objects.get(name="aed").state == "deleted"
    assert call(client, "package_show", {"id": "aed"}).status_code == 404
    assert "aed" not in _result(call(client, "package_list"))


def test_resource_create_with_a_multipart_upload(client, catalogue, secret, settings):
    settings.YAKUBA_SITE_URL = "https://www.city.example.lg.jp"
    response = _upload(
        client,
        "resource_create",
        secret,
        {"package_id": "aed", "name": "AED一覧", "format": "CSV", "extra_key": "値"},
        "名称,緯度\n市役所,35.7\n".encode(),
        "132233_aed.csv",
    )
    result = _result(response)
    resource = Resource.objects.get(pk=result["id"])
    assert (result["url_type"], result["format"], result["extra_key"]) == ("upload", "CSV", "値")
    assert result["url"] == (
        f"https://www.city.example.lg.jp/opendata/dataset/aed/resource/{resource.pk}"
        "/download/132233_aed.csv"
    )
    assert result["size"] == len("名称,緯度\n市役所,35.7\n".encode())
    assert full_path(queries.current_file(resource).path).read_bytes().startswith("名称".encode())
    download = client.get(result["url"].removeprefix(settings.YAKUBA_SITE_URL))
    assert download.status_code == 200


def test_an_upload_whose_content_is_not_its_format_is_refused(client, catalogue, secret):
    response = _upload(
        client,
        "resource_create",
        secret,
        {"package_id": "aed", "format": "CSV"},
        b"PK\x03\x04" + b"\x00" * 60,
        "fake.csv",
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["__type"] == "Validation Error" and list(error) == ["upload", "__type"]
    assert not Resource.objects.filter(dataset__name="aed").exists()


def test_a_too_large_upload_is_refused(client, catalogue, secret, settings):
    settings.YAKUBA_OPENDATA_MAX_UPLOAD_BYTES = 10
    response = _upload(
        client, "resource_create", secret, {"package_id": "aed"}, b"a,b\n" * 10, "a.csv"
    )
    assert response.status_code == 409
    assert "upload" in response.json()["error"]
    assert not Resource.objects.filter(dataset__name="aed").exists()


def test_resource_update_with_a_new_upload_keeps_the_old_version(client, catalogue, secret):
    csv = catalogue["csv"]
    result = _result(
        _upload(
            client,
            "resource_update",
            secret,
            {"id": str(csv.pk), "name": "更新"},
            b"name,lat\nB,35.8\n",
            "shelters.csv",
        )
    )
    assert (result["file_version"], result["name"]) == (2, "更新")
    assert [kept.number for kept in queries.file_versions(csv)] == [2, 1]


def test_resource_update_with_our_url_keeps_the_file(client, catalogue, secret):
    csv = catalogue["csv"]
    shown = _result(call(client, "resource_show", {"id": str(csv.pk)}))
    shown["description"] = "説明を追加"
    result = _result(call(client, "resource_update", shown, secret=secret))
    assert (result["description"], result["hash"], result["url_type"]) == (
        "説明を追加",
        csv.sha256,
        "upload",
    )
    assert Resource.objects.get(pk=csv.pk).kind == ResourceKind.UPLOAD


def test_resource_patch_and_delete(client, catalogue, secret):
    csv = catalogue["csv"]
    patched = _result(
        call(client, "resource_patch", {"id": str(csv.pk), "name_en": "Shelters"}, secret=secret)
    )
    assert (patched["name"], patched["name_en"]) == ("shelters.csv", "Shelters")
    assert _result(call(client, "resource_delete", {"id": str(csv.pk)}, secret=secret)) is None
    assert not Resource.objects.filter(pk=csv.pk).exists()
    assert call(client, "resource_show", {"id": str(csv.pk)}).status_code == 404


def test_a_token_can_be_sent_in_x_ckan_api_key_and_records_its_use(
    client, catalogue, secret, bosai_operator
):
    response = call(
        client,
        "package_patch",
        {"id": "aed", "notes": "x"},
        headers={"X-CKAN-API-Key": secret, "Authorization": "Basic Zm9vOmJhcg=="},
    )
    assert response.status_code == 200
    token = queries.tokens_of(bosai_operator).get()
    assert token.last_used_at is not None
    assert token.last_used_at > token.created - datetime.timedelta(seconds=1)


def test_form_encoded_writes_and_the_json_in_a_form_key(client, catalogue, secret):
    headers = {"Authorization": secret}
    form = client.post(
        "/api/3/action/package_patch",
        "id=aed&notes=%E3%83%95%E3%82%A9%E3%83%BC%E3%83%A0",
        content_type="application/x-www-form-urlencoded",
        headers=headers,
    )
    assert _result(form)["notes"] == "フォーム"
    quirk = client.post(
        "/api/3/action/package_patch",
        '{"id": "aed", "private": true}=',
        content_type="application/x-www-form-urlencoded",
        headers=headers,
    )
    assert _result(quirk)["private"] is True


def test_updating_a_deleted_dataset_keeps_it_deleted(client, catalogue, secret):
    call(client, "package_delete", {"id": "aed"}, secret=secret)
    shown = _result(call(client, "package_show", {"id": "aed"}, secret=secret))
    assert shown["state"] == "deleted"
    shown["notes"] = "削除後の修正"
    result = _result(call(client, "package_update", shown, secret=secret))
    assert (result["state"], result["notes"]) == ("deleted", "削除後の修正")
    undeleted = _result(
        call(client, "package_patch", {"id": "aed", "state": "active"}, secret=secret)
    )
    assert undeleted["state"] == "active"
