"""住民票記載事項証明書, 印鑑登録証明書 and 課税・所得証明書: exact content as of dates."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.utils import timezone

from yakuba.certificates.content import build_document
from yakuba.certificates.content.document import Item
from yakuba.certificates.content.tax import (
    fiscal_year_text,
    income_year_text,
    prefectural_tax_name,
)
from yakuba.certificates.content.testing import RENAMED_ON, D, at, build_register
from yakuba.certificates.models import SealRegistration, TaxAssessment
from yakuba.core.testing import demo_municipality

pytestmark = pytest.mark.django_db

NEW_ADDRESS = "東京都武蔵村山市本町二丁目5番地　村山コーポ101号室"
PNG = b"\x89PNG\r\n\x1a\n fake seal impression"


@pytest.fixture
def register(db):
    with demo_municipality():
        yield build_register()


def pairs(entry) -> list[tuple[str, str]]:
    return [(item.key, item.value) for item in entry.items]


# ---------------------------------------------------------------- 記載事項証明書


def test_items_certificate_default_items(register):
    document = build_document("residence_items", register.wife_id, {}, at=at(D(2021, 1, 1)))

    assert document.title == "住民票記載事項証明書"
    assert document.header == (
        Item("address", "住所", NEW_ADDRESS),
        Item("householder", "世帯主", "山田　太郎"),
    )
    assert pairs(document.people[0]) == [
        ("name", "山田　花子"),
        ("birth_date", "昭和47年5月5日"),
        ("sex", "女"),
        ("relationship", "妻"),
    ]
    assert document.attestation == "上記の事項は、住民票に記載されていることを証明する。"
    assert document.omitted == ()


def test_items_certificate_chosen_items_only(register):
    options = {
        "birth_date": "0",
        "sex": "0",
        "relationship": "0",
        "became_resident_on": "1",
        "address_set_on": "1",
        "previous_address": "1",
        "domicile": "1",
    }
    document = build_document("residence_items", register.wife_id, options, at=at(RENAMED_ON))

    assert [item.key for item in document.header] == ["address"]
    assert pairs(document.people[0]) == [
        ("name", "佐藤　花子"),
        ("former_family_name", "山田"),
        ("became_resident_on", "平成12年4月1日"),
        ("address_set_on", "令和2年4月1日"),
        ("previous_address", "東京都武蔵村山市本町一丁目1番地の1"),
        ("registered_domicile", "東京都武蔵村山市本町一丁目1番地"),
        ("domicile_head", "山田　太郎"),
    ]


def test_items_certificate_for_the_household(register):
    document = build_document(
        "residence_items", register.head_id, {"scope": "household"}, at=at(D(2015, 1, 1))
    )
    assert [entry.value("relationship") for entry in document.people] == ["世帯主", "妻", "子"]
    assert document.header[0].value == "東京都武蔵村山市本町一丁目1番地の1"


# ------------------------------------------------------------------------ 印鑑


def test_seal_certificate(register):
    SealRegistration.objects.create(
        person_id=register.wife_id,
        registration_number="1234",
        seal_image=PNG,
        registered_on=D(2018, 5, 1),
    )

    document = build_document("seal", register.wife_id, {}, at=at(RENAMED_ON))

    assert document.title == "印鑑登録証明書"
    assert document.header == (
        Item("registration_number", "登録番号", "1234"),
        Item("address", "住所", NEW_ADDRESS),
    )
    assert pairs(document.people[0]) == [
        ("name", "佐藤　花子"),
        ("former_family_name", "山田"),
        ("birth_date", "昭和47年5月5日"),
    ]
    assert document.seal_image_png == PNG
    assert document.attestation == "この写しは、登録されている印影と相違ないことを証明する。"
    assert (
        f'"seal_image_sha256":"{hashlib.sha256(PNG).hexdigest()}"'
        in document.canonical_json().decode()
    )


def test_seal_content_hash_follows_the_image(register):
    registration = SealRegistration.objects.create(
        person_id=register.head_id,
        registration_number="77",
        seal_image=PNG,
        registered_on=D(2018, 5, 1),
        abolished_on=D(2023, 1, 10),
        abolition_reason="lost",
    )
    SealRegistration.objects.create(
        person_id=register.head_id,
        registration_number="78",
        seal_image=PNG + b"new",
        registered_on=D(2023, 1, 10),
    )
    old = build_document("seal", register.head_id, {}, at=at(D(2022, 1, 1)))
    new = build_document("seal", register.head_id, {}, at=at(D(2023, 1, 10)))

    assert old.header[0].value == registration.registration_number
    assert new.header[0].value == "78"
    assert old.seal_image_png != new.seal_image_png
    assert old.content_hash() != new.content_hash()


# ------------------------------------------------------------------------ 課税


def test_tax_certificate(register):
    TaxAssessment.objects.create(
        person_id=register.head_id,
        fiscal_year=2025,
        salary_income=4_800_000,
        total_income=3_360_000,
        deductions_total=1_230_000,
        taxable_income=2_130_000,
        municipal_income_levy=127_800,
        municipal_per_capita=3_500,
        prefectural_income_levy=85_200,
        prefectural_per_capita=1_500,
        dependants=2,
    )

    document = build_document(
        "tax", register.head_id, {"fiscal_year": "2025"}, at=at(D(2025, 7, 1))
    )

    assert document.title == "課税・所得証明書"
    assert document.header == (
        Item("fiscal_year", "年度", "令和7年度"),
        Item("address", "住所", NEW_ADDRESS),
    )
    assert pairs(document.people[0]) == [("name", "山田　太郎"), ("birth_date", "昭和45年3月1日")]
    assert [(item.label, item.value) for item in document.table] == [
        ("給与収入", "4,800,000円"),
        ("合計所得金額", "3,360,000円"),
        ("所得控除額の合計", "1,230,000円"),
        ("課税標準額", "2,130,000円"),
        ("市民税 所得割額", "127,800円"),
        ("市民税 均等割額", "3,500円"),
        ("都民税 所得割額", "85,200円"),
        ("都民税 均等割額", "1,500円"),
        ("税額の合計", "218,000円"),
        ("扶養人数", "2人"),
    ]
    assert document.remarks == ("令和6年中の所得に基づく課税の内容です。",)
    assert document.attestation == "上記のとおり相違ないことを証明する。"


def test_tax_without_a_year_takes_the_latest_and_amounts_change_the_hash(register):
    for year in (2023, 2024):
        TaxAssessment.objects.create(
            person_id=register.head_id, fiscal_year=year, total_income=1_000_000
        )
    moment = timezone.make_aware(datetime.datetime(2025, 1, 6, 9))

    latest = build_document("tax", register.head_id, {}, at=moment)
    assert latest.header[0].value == "令和6年度"
    TaxAssessment.objects.filter(person_id=register.head_id, fiscal_year=2024).update(
        total_income=1_000_001
    )
    corrected = build_document("tax", register.head_id, {}, at=moment)
    assert corrected.table[1].value == "1,000,001円"
    assert corrected.content_hash() != latest.content_hash()


def test_year_and_tax_names():
    assert fiscal_year_text(2019) == "平成31年度"
    assert fiscal_year_text(2020) == "令和2年度"
    assert income_year_text(2020) == "令和元年"
    assert income_year_text(2019) == "平成30年"
    assert [prefectural_tax_name(p) for p in ("東京都", "北海道", "大阪府", "埼玉県")] == [
        "都民税",
        "道民税",
        "府民税",
        "県民税",
    ]
