"""Staff pages of datasets: who gets in (and that nothing changes for those who do not),
the list, create, edit (every metadata field, tags as text), delete with confirmation,
restore, and the kept versions."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from yakuba.identity.testing import login_citizen, login_staff
from yakuba.identity.tests.factories import CitizenFactory
from yakuba.opendata.models import Dataset, DatasetVersion
from yakuba.opendata.services import datasets as dataset_services

from .factories import catalogue_admin, make_dataset, make_group, make_organization, staff_in

pytestmark = pytest.mark.django_db

V = "console:opendata:"


def url(name: str, *args) -> str:
    return reverse(V + name, args=args)


@pytest.fixture
def operator():
    return staff_in("bosai", "operator")


@pytest.fixture
def organization():
    return make_organization("bosai-ka", department_code="bosai", title="防災安全課")


@pytest.fixture
def dataset(operator, organization):
    return make_dataset(operator, organization, name="shelters", title="指定緊急避難場所一覧")


def snapshot():
    return (
        list(Dataset.objects.order_by("name").values()),
        list(DatasetVersion.objects.order_by("pk").values_list("pk", flat=True)),
    )


# -- access --------------------------------------------------------------------------------

CAST = ["anonymous", "citizen", "outsider", "viewer", "operator", "catalogue_admin"]


def sign_in_as(client, who: str):
    if who == "citizen":
        login_citizen(client, CitizenFactory())
    elif who == "outsider":
        login_staff(client, staff_in("kazei", "admin"))
    elif who == "viewer":
        login_staff(client, staff_in("bosai", "viewer"))
    elif who == "operator":
        login_staff(client, staff_in("bosai", "operator"))
    elif who == "catalogue_admin":
        login_staff(client, catalogue_admin())


@pytest.mark.parametrize("who", CAST)
def test_dataset_pages_for_the_publishers_staff_only(client, dataset, who):
    sign_in_as(client, who)
    pages = [
        url("dataset_detail", "shelters"),
        url("dataset_edit", "shelters"),
        url("dataset_delete", "shelters"),
        url("version_detail", "shelters", 1),
        url("resource_new", "shelters"),
    ]
    before = snapshot()
    for page in pages:
        response = client.get(page)
        if who in ("anonymous", "citizen"):
            assert response.status_code == 302, page
            assert response["Location"].startswith(reverse("console:login"))
        elif who in ("outsider", "viewer"):
            assert response.status_code == 403, page
        else:
            assert response.status_code == 200, page
    for page, data in [
        (url("dataset_edit", "shelters"), {"title": "乗っ取り", "name": "shelters"}),
        (url("dataset_delete", "shelters"), {}),
        (url("dataset_new"), {"title": "乗っ取り", "name": "taken"}),
    ]:
        response = client.post(page, data)
        if who in ("anonymous", "citizen"):
            assert response.status_code == 302
        elif who in ("outsider", "viewer"):
            assert response.status_code == 403
    if who in ("anonymous", "citizen", "outsider", "viewer"):
        assert snapshot() == before


@pytest.mark.parametrize("who", CAST)
def test_the_list_shows_what_the_user_may_edit(client, dataset, who):
    make_dataset(organization=make_organization(department_code="bunka"), name="halls")
    sign_in_as(client, who)
    response = client.get(url("dataset_list"))
    if who in ("anonymous", "citizen"):
        assert response.status_code == 302
        return
    assert response.status_code == 200
    listed = [row["dataset"].name for row in response.context["rows"]]
    expected = {
        "outsider": [],
        "viewer": [],
        "operator": ["shelters"],
        "catalogue_admin": ["halls", "shelters"],
    }[who]
    assert listed == expected
    assert response.context["may_create"] is bool(expected)
    assert ("公開元と分類" in response.content.decode()) is (who == "catalogue_admin")


def test_unknown_dataset_is_404(client, operator):
    login_staff(client, operator)
    assert client.get(url("dataset_detail", "nope")).status_code == 404


def test_outsider_cannot_open_the_create_page(client, organization):
    login_staff(client, staff_in("kazei", "admin"))
    assert client.get(url("dataset_new")).status_code == 403


# -- list ----------------------------------------------------------------------------------


def test_list_filters_by_words_and_state(client, operator, organization, dataset):
    make_dataset(operator, organization, name="aed", title="AED設置箇所", private=True)
    gone = make_dataset(operator, organization, name="old", title="古い一覧")
    dataset_services.delete_dataset(operator, gone)
    login_staff(client, operator)

    def listed(**params):
        response = client.get(url("dataset_list"), params)
        return [row["dataset"].name for row in response.context["rows"]]

    assert listed() == ["aed", "shelters"]
    assert listed(q="ａｅｄ") == ["aed"]
    assert listed(state="private") == ["aed"]
    assert listed(state="deleted") == ["old"]
    assert listed(state="nonsense") == ["aed", "shelters"]


# -- create and edit -----------------------------------------------------------------------

FULL = {
    "title": "AED設置箇所一覧",
    "title_en": "AED locations",
    "name": "aed",
    "notes": "市内のAEDの設置場所です。",
    "notes_en": "Where the city's AEDs are.",
    "tags": "防災、AED, 救命 ,防災",
    "license_id": "cc-zero",
    "frequency": "monthly",
    "version_label": "2026年4月版",
    "spatial": "武蔵村山市",
    "spatial_code": "132233",
    "temporal_start": "令和8年4月1日",
    "temporal_end": "2027-03-31",
    "contact_name": "防災安全課",
    "contact_email": "bosai@city.example.jp",
    "contact_phone": "042-565-1111",
    "url": "https://www.city.example.jp/aed/",
}


def test_create_with_every_field(client, operator, organization):
    group = make_group("disaster")
    login_staff(client, operator)
    form = client.get(url("dataset_new")).context["form"]
    assert list(form.fields["organization"].queryset) == [organization]
    response = client.post(
        url("dataset_new"),
        {**FULL, "organization": str(organization.pk), "groups": [str(group.pk)], "private": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("dataset_detail", "aed")
    dataset = Dataset.objects.get(name="aed")
    assert (dataset.title, dataset.title_en, dataset.notes_en) == (
        "AED設置箇所一覧",
        "AED locations",
        "Where the city's AEDs are.",
    )
    assert sorted(dataset.tags.values_list("name", flat=True)) == ["AED", "救命", "防災"]
    assert list(dataset.groups.all()) == [group]
    assert (dataset.license_id, dataset.frequency, dataset.spatial_code) == (
        "cc-zero",
        "monthly",
        "132233",
    )
    assert (dataset.temporal_start, dataset.temporal_end) == (
        datetime.date(2026, 4, 1),
        datetime.date(2027, 3, 31),
    )
    assert dataset.private is True
    assert dataset.created_by == operator
    assert dataset.revision == 1


def test_create_offers_only_editable_publishers(client, operator, organization):
    other = make_organization("bunka-ka", department_code="bunka")
    login_staff(client, operator)
    response = client.post(url("dataset_new"), {**FULL, "organization": str(other.pk)})
    assert response.status_code == 200
    assert "正しく選択してください" in response.content.decode()
    assert not Dataset.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"name": "Bad Name!"},
            "name",
            "英小文字・数字・「-」「_」の2〜100文字で入力してください。",
        ),
        ({"title": ""}, "title", "このフィールドは必須です。"),
        ({"spatial_code": "13223"}, "spatial_code", "半角数字6桁で入力してください。"),
        ({"temporal_end": "2025-01-01"}, "temporal_end", "終了日は開始日以降にしてください。"),
        ({"tags": "防災, <script>"}, "tags", "タグ「<script>」は使えません。"),
        (
            {"contact_email": "not-mail"},
            "contact_email",
            "有効なメールアドレスを入力してください。",
        ),
        ({"temporal_start": "2026-13-40"}, "temporal_start", ""),
    ],
)
def test_field_errors_keep_what_was_typed(client, operator, organization, change, field, message):
    login_staff(client, operator)
    data = {**FULL, "organization": str(organization.pk), **change}
    response = client.post(url("dataset_new"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    if message:
        assert message in " ".join(form.errors[field])
    page = response.content.decode()
    assert "入力内容に問題があります" in page
    assert 'value="AED locations"' in page  # the rest stays
    assert not Dataset.objects.exists()


def test_a_taken_name_is_a_field_error(client, operator, organization, dataset):
    login_staff(client, operator)
    response = client.post(
        url("dataset_new"), {**FULL, "name": "shelters", "organization": str(organization.pk)}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert Dataset.objects.count() == 1


def test_edit_changes_the_metadata_and_keeps_extras_and_state(client, operator, organization):
    dataset = make_dataset(
        operator,
        organization,
        name="shelters",
        title="旧タイトル",
        tags=["古い"],
        extras={"source": "gsi"},
        state="draft",
    )
    login_staff(client, operator)
    form = client.get(url("dataset_edit", "shelters")).context["form"]
    assert form.initial["tags"] == "古い"
    response = client.post(
        url("dataset_edit", "shelters"),
        {**FULL, "name": "shelters", "organization": str(organization.pk)},
    )
    assert response.status_code == 302
    dataset.refresh_from_db()
    assert dataset.title == "AED設置箇所一覧"
    assert sorted(dataset.tags.values_list("name", flat=True)) == ["AED", "救命", "防災"]
    assert dataset.extras == {"source": "gsi"}
    assert dataset.state == "draft"
    assert dataset.private is False  # the box was left unticked
    assert dataset.revision == 2
    assert DatasetVersion.objects.filter(dataset=dataset, number=2, action="patch").exists()


def test_rename_moves_the_pages(client, operator, dataset, organization):
    login_staff(client, operator)
    response = client.post(
        url("dataset_edit", "shelters"),
        {**FULL, "name": "evacuation-space", "organization": str(organization.pk)},
    )
    assert response["Location"] == url("dataset_detail", "evacuation-space")


# -- delete and restore --------------------------------------------------------------------


def test_delete_asks_first_then_deletes_softly(client, operator, dataset):
    login_staff(client, operator)
    response = client.get(url("dataset_delete", "shelters"))
    assert "「指定緊急避難場所一覧」を削除しますか？" in response.content.decode()
    assert Dataset.objects.get().state == "active"
    response = client.post(url("dataset_delete", "shelters"))
    assert response["Location"] == url("dataset_list")
    dataset.refresh_from_db()
    assert dataset.state == "deleted"
    assert DatasetVersion.objects.filter(dataset=dataset, action="delete").exists()
    # The public page is gone; the staff page offers to restore.
    public = reverse("portal:opendata:dataset_detail", args=["shelters"])
    assert Client().get(public).status_code == 404
    page = client.get(url("dataset_detail", "shelters")).content.decode()
    assert "このデータセットは削除されています" in page
    client.post(url("dataset_restore", "shelters"))
    dataset.refresh_from_db()
    assert dataset.state == "active"


def test_restore_only_by_post(client, operator, dataset):
    login_staff(client, operator)
    assert client.get(url("dataset_restore", "shelters")).status_code == 405


# -- versions ------------------------------------------------------------------------------


def test_versions_are_listed_and_shown(client, operator, dataset):
    dataset_services.patch_dataset(operator, dataset, fields={"title": "新しいタイトル"})
    login_staff(client, operator)
    page = client.get(url("dataset_detail", "shelters")).content.decode()
    assert f'<a href="{url("version_detail", "shelters", 2)}">2</a>' in page
    assert "一部更新" in page and "作成" in page
    response = client.get(url("version_detail", "shelters", 1))
    assert "&quot;title&quot;: &quot;指定緊急避難場所一覧&quot;" in response.content.decode()
    assert client.get(url("version_detail", "shelters", 9)).status_code == 404


def test_the_staff_menu_leads_to_the_catalogue_tokens_and_standard_pages(client):
    from yakuba.core.registries import staff_menu

    entries = {entry.key: entry for entry in staff_menu.all()}
    assert entries["opendata.tokens"].url_name == "console:opendata:token_list"
    assert entries["opendata.standard"].url_name == "console:opendata:standard_list"
    login_staff(client, staff_in("bosai"))
    page = client.get(reverse("console:opendata:dataset_list")).content.decode()
    for name in ("dataset_list", "token_list", "standard_list"):
        assert f'href="{reverse("console:opendata:" + name)}"' in page
