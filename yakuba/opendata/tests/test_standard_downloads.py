"""CSV downloads in UTF-8 (default), UTF-8 with BOM and Shift_JIS (cp932) for Excel."""

from __future__ import annotations

import codecs

import pytest

from yakuba.opendata.services import standard
from yakuba.opendata.standard.csvfile import encode_text

from .factories import add_csv, make_dataset, staff_in
from .factories_standard import add_aed, demo_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db):
    yield from demo_city()


@pytest.fixture
def aed_file(city):
    add_aed(
        staff_in("bosai", "operator"),
        identifier="A1",
        name="ＡＥＤ本庁舎〜玄関",
        availability_note="受付時間外は守衛室へ（𠮷野家の隣）",
    )
    standard.regenerate("aed")
    dataset = standard.ensure_standard_dataset("aed")
    resource = standard.standard_resource(dataset)
    url = f"/opendata/dataset/{dataset.name}/resource/{resource.pk}/download/{resource.file_name}"
    return url


def test_default_is_the_kept_utf8_file(client, aed_file):
    response = client.get(aed_file)

    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="132233_aed.csv"' in response["Content-Disposition"]
    assert not body.startswith(codecs.BOM_UTF8)
    assert body.decode("utf-8").startswith("全国地方公共団体コード,ID,")


def test_utf8_with_bom_for_excel(client, aed_file):
    response = client.get(aed_file, {"encoding": "utf-8-sig"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="132233_aed.csv"' in response["Content-Disposition"]
    assert response.content.startswith(codecs.BOM_UTF8)
    assert response.content.decode("utf-8-sig").startswith("全国地方公共団体コード,ID,")


def test_shift_jis_for_excel(client, aed_file):
    response = client.get(aed_file, {"encoding": "shift_jis"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=Shift_JIS"
    assert 'filename="132233_aed.csv"' in response["Content-Disposition"]
    text = response.content.decode("cp932")
    assert text.startswith("全国地方公共団体コード,ID,")
    # 〜 (WAVE DASH) becomes its cp932 look-alike ～; 𠮷 (not in cp932) becomes 〓.
    assert "ＡＥＤ本庁舎～玄関" in text
    assert "〓野家" in text
    assert response["ETag"].endswith('-shift_jis"')


def test_cp932_replacement_is_one_mark_per_missing_character():
    assert encode_text("a𠮷b😀c", "shift_jis").decode("cp932") == "a〓b〓c"
    assert encode_text("−‖¢", "shift_jis").decode("cp932") == "－∥￠"


@pytest.mark.parametrize("value", ["latin-1", "SJIS", "utf8"])
def test_unknown_encoding_is_a_bad_request(client, aed_file, value):
    response = client.get(aed_file, {"encoding": value})
    assert response.status_code == 400
    assert "shift_jis" in response.content.decode()


def test_encoding_is_only_for_csv_files(client, city):
    dataset = make_dataset(private=False)
    actor = staff_in(dataset.organization.department_code)
    resource = add_csv(actor, dataset, b'{"a": 1}', "data.json")
    resource.format = "JSON"
    resource.save(update_fields=["format"])
    url = f"/opendata/dataset/{dataset.name}/resource/{resource.pk}/download/{resource.file_name}"

    assert client.get(url, {"encoding": "shift_jis"}).status_code == 400


def test_an_uploaded_cp932_csv_is_served_as_shift_jis_and_converts_to_utf8(client, city):
    dataset = make_dataset()
    actor = staff_in(dataset.organization.department_code)
    resource = add_csv(actor, dataset, "名称,住所\n市役所,本町\n".encode("cp932"), "old.csv")
    url = f"/opendata/dataset/{dataset.name}/resource/{resource.pk}/download/{resource.file_name}"

    raw = client.get(url)
    converted = client.get(url, {"encoding": "utf-8"})

    assert raw["Content-Type"] == "text/csv; charset=Shift_JIS"
    assert converted["Content-Type"] == "text/csv; charset=utf-8"
    assert converted.content.decode("utf-8") == "名称,住所\n市役所,本町\n"
