"""The real ``ckanapi`` client (pip) against the live test server: a full round trip
create → search → show → patch → upload → delete, and its exception classes raised
from our error bodies."""

from __future__ import annotations

import io

import pytest
import requests
from ckanapi import RemoteCKAN
from ckanapi.errors import NotAuthorized, NotFound, SearchQueryError, ValidationError

from yakuba.opendata.models import Dataset

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server, settings):
    settings.YAKUBA_SITE_URL = live_server.url
    return live_server.url + "/"


def test_round_trip_with_ckanapi(site, catalogue, secret, tmp_path):
    ckan = RemoteCKAN(site, apikey=secret)

    created = ckan.action.package_create(
        name="aed-2026",
        title="AED設置箇所一覧（2026年度）",
        owner_org="bosai-ka",
        tags=[{"name": "AED"}, {"name": "防災"}],
        groups=[{"name": "disaster"}],
        resources=[{"name": "地図", "url": "https://example.jp/aed.geojson", "format": "GeoJSON"}],
    )
    assert created["name"] == "aed-2026"
    assert created["resources"][0]["format"] == "GEOJSON"

    found = ckan.action.package_search(q="AED", fq="organization:bosai-ka", rows=5)
    assert sorted(item["name"] for item in found["results"]) == ["aed", "aed-2026"]
    assert found["count"] == 2

    shown = ckan.action.package_show(id=created["id"])
    assert shown["title"] == "AED設置箇所一覧（2026年度）"
    assert [group["name"] for group in shown["groups"]] == ["disaster"]

    patched = ckan.action.package_patch(id="aed-2026", notes="市内のAED設置場所")
    assert patched["notes"] == "市内のAED設置場所"
    assert patched["title"] == shown["title"]

    csv_file = tmp_path / "132233_aed.csv"
    csv_file.write_bytes("名称,緯度,経度\n市役所,35.7548,139.3874\n".encode())
    with csv_file.open("rb") as handle:
        uploaded = ckan.action.resource_create(
            package_id="aed-2026", name="AED一覧", format="CSV", upload=handle
        )
    assert (uploaded["url_type"], uploaded["format"]) == ("upload", "CSV")
    download = requests.get(uploaded["url"], timeout=10)
    assert download.status_code == 200
    assert download.content == csv_file.read_bytes()

    second = ckan.call_action(
        "resource_create",
        {"package_id": created["id"], "name": "JSON版"},
        files={"upload": ("aed.json", io.BytesIO(b'[{"name": "city hall"}]'))},
    )
    assert second["format"] == "JSON"

    updated = ckan.action.resource_update(
        id=uploaded["id"], name="AED一覧（更新）", url=uploaded["url"], format="CSV"
    )
    assert updated["hash"] == uploaded["hash"]  # our download URL keeps the file

    assert [r["name"] for r in ckan.action.package_show(id="aed-2026")["resources"]] == [
        "地図",
        "AED一覧（更新）",
        "JSON版",
    ]

    assert ckan.action.package_delete(id="aed-2026") is None
    assert Dataset.objects.get(name="aed-2026").state == "deleted"
    with pytest.raises(NotFound):
        RemoteCKAN(site).action.package_show(id="aed-2026")


def test_ckanapi_raises_its_own_errors_for_our_bodies(site, catalogue, secret):
    anonymous = RemoteCKAN(site)
    with pytest.raises(NotFound):
        anonymous.action.package_show(id="no-such-dataset")
    with pytest.raises(NotAuthorized):
        anonymous.action.package_create(name="x-data", owner_org="bosai-ka")
    with pytest.raises(NotAuthorized):
        RemoteCKAN(site, apikey="yk_not-a-real-token").action.package_delete(id="aed")
    with pytest.raises(ValidationError) as invalid:
        RemoteCKAN(site, apikey=secret).action.package_create(name="Bad Name", owner_org="nope")
    assert set(invalid.value.error_dict) == {"__type", "name", "owner_org"}
    with pytest.raises(SearchQueryError):
        anonymous.action.package_search(sort="colour desc")
    assert Dataset.objects.filter(name__in=["x-data", "Bad Name"]).count() == 0
    assert Dataset.objects.get(name="aed").state == "active"
