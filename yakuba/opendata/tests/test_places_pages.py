"""Staff pages of the standard datasets and their staff-kept tables: who gets in (and that
nothing changes for those who may not write), add, edit, delete, import, regenerate."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from yakuba.identity.testing import login_citizen, login_staff
from yakuba.identity.tests.factories import CitizenFactory
from yakuba.opendata import queries
from yakuba.opendata.models import AedLocation, EvacuationSpace
from yakuba.opendata.services import standard
from yakuba.opendata.standard.columns import EVACUATION_SPACE_COLUMNS, header

from .factories import catalogue_admin, staff_in
from .factories_standard import add_aed, add_evacuation_space, demo_city

pytestmark = pytest.mark.django_db

V = "console:opendata:"


def url(name: str, *args) -> str:
    return reverse(V + name, args=args)


@pytest.fixture
def city(db):
    yield from demo_city()


@pytest.fixture
def operator(city):
    return staff_in("bosai", "operator")


def client_as(who: str) -> Client:
    client = Client()
    if who == "citizen":
        login_citizen(client, CitizenFactory())
    elif who == "other_department":
        login_staff(client, staff_in("kazei", "admin"))
    elif who == "viewer":
        login_staff(client, staff_in("bosai", "viewer"))
    elif who == "operator":
        login_staff(client, staff_in("bosai", "operator"))
    elif who == "catalogue_admin":
        login_staff(client, catalogue_admin())
    return client


def rows():
    return list(AedLocation.objects.order_by("pk").values())


@pytest.mark.parametrize(
    ("who", "read", "write"),
    [
        ("anonymous", 302, 302),
        ("citizen", 302, 302),
        ("other_department", 200, 403),
        ("viewer", 200, 403),
        ("operator", 200, 302),
        ("catalogue_admin", 200, 302),
    ],
)
def test_access(city, operator, who, read, write):
    place = add_aed(operator, identifier="A1")
    client = client_as(who)
    before = rows()

    assert client.get(url("standard_list")).status_code == read
    assert client.get(url("standard_detail", "aed")).status_code == read
    assert client.get(url("place_list", "aed")).status_code == read
    response = client.post(url("place_delete", "aed", place.pk))

    assert response.status_code == write
    if write != 302 or who in ("anonymous", "citizen"):
        assert rows() == before
    else:
        assert rows() == []


def test_add_edit_and_delete_an_evacuation_space(city):
    client = client_as("operator")
    form = {
        "identifier": "",
        "name": "市民運動公園",
        "address": "東京都武蔵村山市本町一丁目1番地の1",
        "phone": "０４２－５６５－１１１１",
        "latitude": "35.754830",
        "longitude": "139.387360",
        "hazards": ["earthquake", "large_fire"],
        "capacity": "1200",
    }

    response = client.post(url("place_new", "evacuation_space"), form)

    assert response.status_code == 302
    place = EvacuationSpace.objects.get()
    assert (place.identifier, place.phone, place.earthquake, place.flood) == (
        "E00001",
        "042-565-1111",
        True,
        False,
    )

    edit = client.get(url("place_edit", "evacuation_space", place.pk))
    assert edit.status_code == 200
    assert re.search(r'value="earthquake"[^>]*checked', edit.content.decode())
    assert not re.search(r'value="flood"[^>]*checked', edit.content.decode())
    client.post(
        url("place_edit", "evacuation_space", place.pk),
        {**form, "identifier": "E00001", "hazards": ["flood"], "name": "市民運動公園（北）"},
    )
    place.refresh_from_db()
    assert (place.name, place.flood, place.earthquake) == ("市民運動公園（北）", True, False)

    confirm = client.get(url("place_delete", "evacuation_space", place.pk))
    assert "市民運動公園（北）" in confirm.content.decode()
    client.post(url("place_delete", "evacuation_space", place.pk))
    assert not EvacuationSpace.objects.exists()


def test_a_missing_required_field_is_shown_on_the_form(city):
    client = client_as("operator")
    response = client.post(
        url("place_new", "evacuation_space"), {"name": "公園", "address": "本町一丁目1番地"}
    )
    assert response.status_code == 200
    assert "電話番号" in response.content.decode()
    assert not EvacuationSpace.objects.exists()


def test_import_page_lists_problems_and_saves_nothing(city):
    client = client_as("operator")
    content = ",".join(header(EVACUATION_SPACE_COLUMNS)) + "\r\n" + "132233,E1,,,\r\n"

    response = client.post(
        url("place_import", "evacuation_space"),
        {"file": SimpleUploadedFile("132233_evacuation_space.csv", content.encode("utf-8"))},
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "2行目「名称」: 必須の項目です。入力してください。" in body
    assert "何も保存していません" in body
    assert not EvacuationSpace.objects.exists()


def test_regenerate_button_and_file_versions(city, operator, django_capture_on_commit_callbacks):
    add_evacuation_space(operator, identifier="E1")
    client = client_as("operator")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("standard_regenerate", "evacuation_space"))

    assert response.status_code == 302
    resource = standard.standard_resource(queries.dataset_by_standard_key("evacuation_space"))
    assert resource.file_version == 1
    page = client.get(url("standard_detail", "evacuation_space")).content.decode()
    assert "132233_evacuation_space.csv" in page and "?version=1" in page
    listing = client.get(url("standard_list")).content.decode()
    assert "132233_evacuation_space.csv" in listing and "防災安全課" in listing


def test_only_the_publisher_may_regenerate(city):
    client = client_as("viewer")
    assert client.post(url("standard_regenerate", "population")).status_code == 403
    assert queries.dataset_by_standard_key("population") is None


def test_a_generated_dataset_has_no_staff_table(city):
    client = client_as("operator")
    assert client.get(url("place_list", "public_facility")).status_code == 404
    assert client.get(url("standard_detail", "nothing")).status_code == 404
