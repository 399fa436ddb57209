"""The public dataset page: metadata, resources with their download buttons, the CSV
preview (UTF-8 and cp932), earlier file versions, the version history, schema.org markup,
who sees unpublished datasets, English, and a flat query count."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yakuba.identity.testing import login_staff
from yakuba.opendata.serialize import DOWNLOAD_PATH
from yakuba.opendata.services import datasets as dataset_services
from yakuba.opendata.services import resources as resource_services

from .factories import (
    add_csv,
    catalogue_admin,
    make_dataset,
    make_group,
    make_organization,
    staff_in,
)

pytestmark = pytest.mark.django_db

CSV = "名称,住所,緯度,経度\n市民会館,本町一丁目1番地,35.754,139.387\n大南公園,大南四丁目,35.74,139.40\n"


def page_url(name: str) -> str:
    return reverse("portal:opendata:dataset_detail", args=[name])


@pytest.fixture
def operator():
    return staff_in("bosai")


@pytest.fixture
def dataset(operator):
    organization = make_organization(
        "bosai-ka", department_code="bosai", title="防災安全課", email="bosai@city.example.jp"
    )
    return make_dataset(
        operator,
        organization,
        name="shelters",
        title="指定緊急避難場所一覧",
        title_en="Designated emergency evacuation sites",
        notes="市が指定した緊急避難場所です。詳しくは https://www.city.example.jp/bosai/ へ。",
        tags=["防災", "避難"],
        groups=[make_group("disaster", title="防災", title_en="Disaster prevention")],
        frequency="monthly",
        spatial="武蔵村山市",
        spatial_code="132233",
        temporal_start=datetime.date(2026, 4, 1),
        temporal_end=datetime.date(2027, 3, 31),
        contact_name="防災安全課 防災係",
        contact_phone="042-565-1111",
        contact_email="bosai@city.example.jp",
    )


def markup(response) -> dict:
    match = re.search(
        r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, "no JSON-LD block with the CSP nonce"
    return json.loads(match.group(1))


def test_shows_the_metadata(client, dataset):
    response = client.get(page_url("shelters"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>指定緊急避難場所一覧</h1>" in page
    assert '<a href="/opendata/organization/bosai-ka/">防災安全課</a>' in page
    assert '<a href="/opendata/group/disaster/">防災</a>' in page
    assert '<a href="/opendata/?tags=%E9%98%B2%E7%81%BD">防災</a>' in page
    assert (
        '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">'
        "クリエイティブ・コモンズ 表示 4.0 国際 (CC BY 4.0)</a>"
    ) in page
    assert "毎月" in page
    assert "132233" in page
    assert "令和8年4月1日" in page and "令和9年3月31日" in page
    assert '<a class="phone" href="tel:0425651111">042-565-1111</a>' in page
    assert 'href="https://www.city.example.jp/bosai/"' in page  # the notes' address is a link
    assert "このデータセットにはまだデータがありません。" in page
    assert '<meta name="robots"' not in page


def test_a_csv_resource_has_a_download_button_and_a_preview(client, dataset, operator):
    resource = add_csv(operator, dataset, CSV.encode(), name="shelters.csv")
    page = client.get(page_url("shelters")).content.decode()
    download = DOWNLOAD_PATH.format(
        name="shelters", resource_id=resource.pk, file_name="shelters.csv"
    )
    assert f'<a class="button" href="{download}" download><span>ダウンロード' in page
    assert '<caption id="preview-' in page and "shelters.csv のプレビュー（先頭2行）" in page
    assert '<th scope="col">名称</th><th scope="col">住所</th>' in page
    assert '<th scope="row">1</th><td>市民会館</td><td>本町一丁目1番地</td>' in page
    assert "文字コード: UTF-8。" in page
    # The button's address answers with the file.
    assert b"".join(client.get(download).streaming_content).decode() == CSV


def test_a_csv_resource_offers_excel_friendly_downloads(client, dataset, operator):
    resource = add_csv(operator, dataset, CSV.encode(), name="shelters.csv")
    page = client.get(page_url("shelters")).content.decode()
    download = DOWNLOAD_PATH.format(
        name="shelters", resource_id=resource.pk, file_name="shelters.csv"
    )
    assert f'<a href="{download}?encoding=utf-8-sig" download>Excel用（UTF-8 BOM付き）' in page
    assert f'<a href="{download}?encoding=shift_jis" download>古いExcel用（Shift_JIS）' in page
    with_bom = client.get(download + "?encoding=utf-8-sig").content
    assert with_bom == b"\xef\xbb\xbf" + CSV.encode()
    assert client.get(download + "?encoding=shift_jis").content.decode("cp932") == CSV


def test_a_file_that_is_not_csv_has_no_excel_links(client, dataset, operator):
    resource_services.create_resource(
        operator,
        dataset,
        fields={"name": "国土地理院の一覧", "url": "https://www.gsi.go.jp/x.csv", "format": "CSV"},
    )
    assert "Excel用" not in client.get(page_url("shelters")).content.decode()


def test_the_page_points_at_its_dcat_record(client, dataset):
    page = client.get(page_url("shelters")).content.decode()
    assert '<link rel="alternate" type="text/turtle" href="/opendata/dataset/shelters.ttl">' in page
    assert 'href="/opendata/dataset/shelters.jsonld">このデータセットの DCAT（JSON-LD）' in page
    turtle = client.get("/opendata/dataset/shelters.ttl")
    assert turtle.status_code == 200 and "dcat:Dataset" in turtle.content.decode()


def test_a_cp932_csv_is_previewed(client, dataset, operator):
    add_csv(operator, dataset, CSV.encode("cp932"), name="sjis.csv")
    page = client.get(page_url("shelters")).content.decode()
    assert '<th scope="row">2</th><td>大南公園</td><td>大南四丁目</td>' in page
    assert "文字コード: Shift_JIS（cp932）。" in page


def test_a_csv_with_a_byte_order_mark_is_previewed(client, dataset, operator):
    add_csv(operator, dataset, b"\xef\xbb\xbf" + CSV.encode(), name="bom.csv")
    page = client.get(page_url("shelters")).content.decode()
    assert '<th scope="col">名称</th>' in page
    assert "文字コード: UTF-8（BOM付き）。" in page


def test_a_broken_csv_gets_a_message_and_still_the_download(client, dataset, operator):
    add_csv(operator, dataset, b'"unclosed,quote\n1,2\n', name="broken.csv")
    page = client.get(page_url("shelters")).content.decode()
    assert "CSVファイルとして読み取れないため、プレビューを表示できません。" in page
    assert '<table class="table opendata-preview">' not in page
    assert ">ダウンロード<" in page


def test_a_link_opens_elsewhere_and_has_no_preview(client, dataset, operator):
    resource_services.create_resource(
        operator,
        dataset,
        fields={"name": "国土地理院の一覧", "url": "https://www.gsi.go.jp/x.csv", "format": "CSV"},
    )
    page = client.get(page_url("shelters")).content.decode()
    assert (
        '<a class="button button-secondary" href="https://www.gsi.go.jp/x.csv" rel="noopener"><span>開く'
        in page
    )
    assert "プレビュー" not in page


def test_earlier_file_versions_are_listed(client, dataset, operator):
    resource = add_csv(operator, dataset, CSV.encode(), name="shelters.csv")
    resource_services.update_resource(
        operator,
        resource,
        fields={},
        upload=SimpleUploadedFile("shelters.csv", (CSV + "第三公園,三丁目,1,2\n").encode()),
        replace=False,
    )
    page = client.get(page_url("shelters")).content.decode()
    earlier = DOWNLOAD_PATH.format(
        name="shelters", resource_id=resource.pk, file_name="shelters.csv"
    )
    assert f'<a href="{earlier}?version=1">第1版' in page
    assert "先頭3行" in page  # the preview is of the current file


def test_the_version_history(client, dataset, operator):
    add_csv(operator, dataset)
    dataset_services.patch_dataset(operator, dataset, fields={"notes": "変更"})
    page = client.get(page_url("shelters")).content.decode()
    page = page[page.index('id="history-caption"') :]
    rows = re.findall(r'<tr><th scope="row">(\d+)</th><td>[^<]+</td><td>([^<]+)</td></tr>', page)
    assert rows == [("3", "一部更新"), ("2", "リソースの追加"), ("1", "作成")]


def test_schema_org_dataset_markup(client, dataset, operator):
    resource = add_csv(operator, dataset, CSV.encode(), name="shelters.csv")
    data = markup(client.get(page_url("shelters")))
    assert data["@context"] == "https://schema.org/"
    assert data["@type"] == "Dataset"
    assert data["name"] == "指定緊急避難場所一覧"
    assert data["alternateName"] == "Designated emergency evacuation sites"
    assert data["description"].startswith("市が指定した緊急避難場所です。")
    assert data["url"] == settings.YAKUBA_SITE_URL + "/opendata/dataset/shelters/"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["keywords"] == ["避難", "防災", "防災"]  # tags by name, then categories
    assert data["temporalCoverage"] == "2026-04-01/2027-03-31"
    assert data["spatialCoverage"] == {
        "@type": "Place",
        "name": "武蔵村山市",
        "identifier": "132233",
    }
    assert data["creator"]["name"] == "防災安全課"
    assert data["creator"]["contactPoint"]["telephone"] == "042-565-1111"
    assert data["publisher"] == data["creator"]
    assert data["dateModified"] == dataset.__class__.objects.get().updated.isoformat()
    assert data["distribution"] == [
        {
            "@type": "DataDownload",
            "name": "shelters.csv",
            "contentUrl": settings.YAKUBA_SITE_URL
            + DOWNLOAD_PATH.format(
                name="shelters", resource_id=resource.pk, file_name="shelters.csv"
            ),
            "encodingFormat": "text/csv",
            "contentSize": str(len(CSV.encode())),
            "dateModified": resource.last_modified.isoformat(),
        }
    ]


def test_markup_cannot_close_its_script_element(client, operator):
    organization = make_organization(department_code="bosai")
    make_dataset(operator, organization, name="evil", title="</script><script>alert(1)</script>")
    response = client.get(page_url("evil"))
    page = response.content.decode()
    assert "</script><script>alert(1)" not in page
    assert markup(response)["name"] == "</script><script>alert(1)</script>"


def test_the_page_is_served_with_the_nonce_in_its_csp(client, dataset):
    response = client.get(page_url("shelters"))
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_english_page(client, dataset):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(page_url("shelters")).content.decode()
    assert "<h1>Designated emergency evacuation sites</h1>" in page
    assert '<div class="prose" lang="ja">' in page  # no English description: the Japanese one
    assert "Creative Commons Attribution 4.0 International (CC BY 4.0)" in page
    assert "Disaster prevention" in page


# -- who sees unpublished datasets --------------------------------------------------------

CAST = ["anonymous", "citizen", "outsider", "operator", "catalogue_admin"]


def sign_in(client, who: str):
    from yakuba.identity.testing import login_citizen
    from yakuba.identity.tests.factories import CitizenFactory

    if who == "citizen":
        login_citizen(client, CitizenFactory())
    elif who == "outsider":
        login_staff(client, staff_in("kazei", "admin"))
    elif who == "operator":
        login_staff(client, staff_in("bosai", "viewer"))
    elif who == "catalogue_admin":
        login_staff(client, catalogue_admin())


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("change", [{"private": True}, {"state": "draft"}, "delete"])
def test_unpublished_datasets_only_for_their_department(client, dataset, operator, who, change):
    if change == "delete":
        dataset_services.delete_dataset(operator, dataset)
    else:
        dataset_services.patch_dataset(operator, dataset, fields=change)
    before = dataset.__class__.objects.values().get()
    sign_in(client, who)
    response = client.get(page_url("shelters"))
    if who in ("operator", "catalogue_admin"):
        assert response.status_code == 200
        page = response.content.decode()
        assert '<meta name="robots" content="noindex">' in page
        assert "このデータセットは公開されていません。" in page
    else:
        assert response.status_code == 404
    assert dataset.__class__.objects.values().get() == before


def test_unknown_dataset(client):
    assert client.get(page_url("nope")).status_code == 404


def test_only_get(client, dataset):
    assert client.post(page_url("shelters")).status_code == 405


# -- query count --------------------------------------------------------------------------

#: The dataset and its publisher, its resources and their files, tags, groups, versions
#: (the municipality profile and the previews are cached).
DETAIL_BASELINE = 6


@pytest.mark.parametrize("resources", [1, 4])
def test_dataset_page_query_count_is_flat(client, dataset, operator, resources):
    from yakuba.core.testing import demo_municipality

    for number in range(resources):
        add_csv(operator, dataset, f"a,b\n{number},2\n".encode(), name=f"r{number}.csv")
    with demo_municipality():
        client.get(page_url("shelters"))  # warm-up: the profile and the previews are cached
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_url("shelters")).status_code == 200
    assert len(captured.captured_queries) == DETAIL_BASELINE
