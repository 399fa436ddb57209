"""Staff pages of resources: upload a file (checked by content and size, errors on the
fields in Japanese, the typed fields kept), replace it (a new file version), switch to a
link or an API, delete after a confirmation; only the publisher's staff."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from yakuba.identity.testing import login_staff
from yakuba.opendata.models import Resource, ResourceFile

from .factories import add_csv, catalogue_admin, make_dataset, make_organization, staff_in

pytestmark = pytest.mark.django_db

V = "console:opendata:"
CSV = "名称,住所\n市民会館,本町\n".encode()


def url(name: str, *args) -> str:
    return reverse(V + name, args=args)


@pytest.fixture
def operator():
    return staff_in("bosai", "operator")


@pytest.fixture
def dataset(operator):
    organization = make_organization("bosai-ka", department_code="bosai")
    return make_dataset(operator, organization, name="shelters", title="避難場所")


def upload(content: bytes = CSV, name: str = "shelters.csv", content_type: str = "text/csv"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def resources():
    return list(Resource.objects.order_by("created").values())


def test_upload_a_csv(client, operator, dataset):
    login_staff(client, operator)
    response = client.post(
        url("resource_new", "shelters"),
        {
            "kind": "upload",
            "upload": upload(),
            "name": "避難場所一覧",
            "name_en": "Shelters",
            "description": "毎月更新",
            "format": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("dataset_detail", "shelters")
    resource = Resource.objects.get()
    assert (resource.kind, resource.format, resource.name, resource.name_en) == (
        "upload",
        "CSV",
        "避難場所一覧",
        "Shelters",
    )
    assert (resource.size, resource.file_version, resource.file_name) == (
        len(CSV),
        1,
        "shelters.csv",
    )
    dataset.refresh_from_db()
    assert dataset.revision == 2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "upload"}, "upload", "公開するファイルを選んでください。"),
        ({"kind": "link", "url": ""}, "url", "URLを入力してください。"),
        ({"kind": "api", "url": "not a url"}, "url", "URLを正しく入力してください。"),
        (
            {"kind": "upload", "upload": upload(b"MZ\x90\x00" + b"\x00" * 200, "tool.csv")},
            "upload",
            "この種類のファイル（application/x-dosexec）は公開できません。",
        ),
        (
            {"kind": "upload", "upload": upload(b"PK\x03\x04" + b"\x00" * 100, "data.csv")},
            "upload",
            "ファイルの中身（ZIP）が指定の形式（CSV）と一致しません。",
        ),
        (
            {"kind": "upload", "upload": upload(CSV), "format": "PDF"},
            "upload",
            "ファイルの中身（TXT）が指定の形式（PDF）と一致しません。",
        ),
        ({"kind": "upload", "upload": upload(b"")}, "upload", ""),
    ],
)
def test_errors_land_on_the_fields_and_keep_the_typed_text(
    client, operator, dataset, data, field, message
):
    login_staff(client, operator)
    response = client.post(
        url("resource_new", "shelters"), {"name": "避難場所一覧", "name_en": "Shelters", **data}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    if message:
        assert message in " ".join(form.errors[field])
    page = response.content.decode()
    assert "入力内容に問題があります" in page
    assert 'value="避難場所一覧"' in page and 'value="Shelters"' in page
    assert Resource.objects.count() == 0
    assert ResourceFile.objects.count() == 0


def test_a_file_too_large_is_refused_and_nothing_is_kept(client, operator, dataset):
    login_staff(client, operator)
    with override_settings(YAKUBA_OPENDATA_MAX_UPLOAD_BYTES=1024 * 1024):
        response = client.post(
            url("resource_new", "shelters"),
            {"kind": "upload", "upload": upload(b"a,b\n" + b"1,2\n" * 300_000)},
        )
    assert response.status_code == 200
    assert "ファイルが大きすぎます（上限 1 MB）。" in response.context["form"].errors["upload"][0]
    assert "ファイルはもう一度選んでください" in response.content.decode()
    assert Resource.objects.count() == 0


def test_replace_the_file_keeps_the_earlier_version(client, operator, dataset):
    resource = add_csv(operator, dataset, CSV, name="shelters.csv")
    login_staff(client, operator)
    page = client.get(url("resource_edit", "shelters", resource.pk))
    assert page.context["form"].initial["name"] == "shelters.csv"
    assert "新しいファイル（差し替えるとき）" in page.content.decode()
    new = CSV + "大南公園,大南\n".encode()
    response = client.post(
        url("resource_edit", "shelters", resource.pk),
        {"kind": "upload", "upload": upload(new), "name": "避難場所一覧"},
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.file_version, resource.size, resource.name) == (2, len(new), "避難場所一覧")
    assert list(resource.files.values_list("number", flat=True)) == [2, 1]


def test_edit_without_a_new_file_keeps_the_file_and_extras(client, operator, dataset):
    resource = add_csv(operator, dataset, CSV, name="shelters.csv")
    Resource.objects.filter(pk=resource.pk).update(extras={"source": "gsi"})
    login_staff(client, operator)
    response = client.post(
        url("resource_edit", "shelters", resource.pk),
        {"kind": "upload", "name": "名前だけ変更", "format": ""},
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.name, resource.file_version, resource.format) == ("名前だけ変更", 1, "CSV")
    assert resource.extras == {"source": "gsi"}


def test_switch_a_file_to_an_api(client, operator, dataset):
    resource = add_csv(operator, dataset, CSV)
    login_staff(client, operator)
    response = client.post(
        url("resource_edit", "shelters", resource.pk),
        {"kind": "api", "url": "https://api.example.jp/shelters", "format": "json"},
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.kind, resource.url, resource.format, resource.file_version) == (
        "api",
        "https://api.example.jp/shelters",
        "JSON",
        0,
    )


def test_add_a_link(client, operator, dataset):
    login_staff(client, operator)
    response = client.post(
        url("resource_new", "shelters"),
        {"kind": "link", "url": "www.gsi.go.jp/hinanbasho.csv", "format": "csv"},
    )
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert (resource.kind, resource.url, resource.name) == (
        "link",
        "https://www.gsi.go.jp/hinanbasho.csv",
        "hinanbasho.csv",
    )


def test_delete_asks_first(client, operator, dataset):
    resource = add_csv(operator, dataset, CSV, name="shelters.csv")
    login_staff(client, operator)
    page = client.get(url("resource_delete", "shelters", resource.pk)).content.decode()
    assert "「避難場所」から「shelters.csv」を削除しますか？" in page
    assert Resource.objects.count() == 1
    response = client.post(url("resource_delete", "shelters", resource.pk))
    assert response["Location"] == url("dataset_detail", "shelters")
    assert Resource.objects.count() == 0


@pytest.mark.parametrize("who", ["outsider", "viewer", "other_dataset"])
def test_only_the_publishers_staff(client, operator, dataset, who):
    resource = add_csv(operator, dataset, CSV)
    before = resources()
    if who == "outsider":
        login_staff(client, staff_in("kazei", "admin"))
        expected = 403
    elif who == "viewer":
        login_staff(client, staff_in("bosai", "viewer"))
        expected = 403
    else:  # the resource's id under a dataset it does not belong to
        make_dataset(operator, dataset.organization, name="other")
        login_staff(client, operator)
        expected = 404
    name = "other" if who == "other_dataset" else "shelters"
    for page in (
        url("resource_edit", name, resource.pk),
        url("resource_delete", name, resource.pk),
    ):
        assert client.get(page).status_code == expected
        assert client.post(page, {"kind": "link", "url": "https://evil.example/"}).status_code == (
            expected
        )
    assert client.post(
        url("resource_new", name), {"kind": "upload", "upload": upload()}
    ).status_code == (403 if who != "other_dataset" else 302)
    if who != "other_dataset":
        assert resources() == before


def test_catalogue_admin_may_edit_any_publishers_resources(client, operator, dataset):
    resource = add_csv(operator, dataset, CSV)
    login_staff(client, catalogue_admin())
    response = client.post(
        url("resource_edit", "shelters", resource.pk), {"kind": "upload", "name": "管理者が変更"}
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.name == "管理者が変更"
