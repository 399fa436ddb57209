"""Importing existing 指定緊急避難場所 and AED files: old and new header styles, UTF-8 (with
or without BOM) and cp932, full-width digits; every problem listed by line and column, and
nothing saved when there is one."""

from __future__ import annotations

import codecs
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from yakuba.opendata.models import AedLocation, EvacuationSpace
from yakuba.opendata.services import places as services
from yakuba.opendata.standard.columns import EVACUATION_SPACE_COLUMNS, header

from .factories import staff_in
from .factories_standard import add_evacuation_space, demo_city

pytestmark = pytest.mark.django_db

NEW_STYLE = ",".join(header(EVACUATION_SPACE_COLUMNS))
NEW_ROW = (
    "132233,E001,市民運動公園,シミンウンドウコウエン,Citizens Park,132233,0004001,"
    "東京都武蔵村山市本町一丁目1番地の1,東京都,武蔵村山市,本町一丁目,1番地の1,,"
    "35.754830,139.387360,95.5,042-565-1111,,,,,208-0004,132233,東京都武蔵村山市,"
    ",1,,1,,1,,,1,1200,本町一丁目自治会;本町二丁目自治会,,,,"
)
OLD_STYLE = (
    "都道府県コード又は市区町村コード,NO,都道府県名,市区町村名,名称,名称_カナ,住所,方書,緯度,経度,"
    "標高,電話番号,内線番号,市区町村コード,災害種別_洪水,災害種別_崖崩れ、土石流及び地滑り,"
    "災害種別_高潮,災害種別_地震,災害種別_津波,災害種別_大規模な火事,災害種別_内水氾濫,"
    "災害種別_火山現象,指定避難所との重複,想定収容人数,対象となる町会・自治会,URL,備考"
)
OLD_ROW = (
    "132233,２,東京都,武蔵村山市,第一小学校校庭,ダイイチショウガッコウコウテイ,武蔵村山市本町二丁目5番地,"
    ",３５．７５５１,１３９．３８８２,,０４２－５６５－１１１１,,13223,1,,,1,,1,,,1,"
    "１，５００,,,校庭のみ"
)


@pytest.fixture
def city(db):
    yield from demo_city()


@pytest.fixture
def operator(city):
    return staff_in("bosai", "operator")


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def test_new_style_utf8_file(operator):
    outcome = services.import_places(operator, "evacuation_space", csv_bytes(NEW_STYLE, NEW_ROW))

    assert outcome.saved and (outcome.created, outcome.updated) == (1, 0)
    assert outcome.result.style == "new" and outcome.result.encoding == "utf-8"
    place = EvacuationSpace.objects.get()
    assert (place.identifier, place.name, place.name_en) == (
        "E001",
        "市民運動公園",
        "Citizens Park",
    )
    assert place.address == "東京都武蔵村山市本町一丁目1番地の1"
    assert (place.latitude, place.longitude, place.elevation) == (
        Decimal("35.754830"),
        Decimal("139.387360"),
        Decimal("95.5"),
    )
    assert (place.landslide, place.earthquake, place.large_fire, place.flood) == (
        True,
        True,
        True,
        False,
    )
    assert place.is_designated_shelter and place.capacity == 1200
    assert place.postal_code == "208-0004"
    assert place.neighbourhood_associations == "本町一丁目自治会;本町二丁目自治会"


def test_old_style_cp932_file_with_full_width_digits(operator):
    outcome = services.import_places(
        operator, "evacuation_space", csv_bytes(OLD_STYLE, OLD_ROW, encoding="cp932")
    )

    assert outcome.saved, [str(p) for p in outcome.problems]
    assert (outcome.result.style, outcome.result.encoding) == ("old", "cp932")
    place = EvacuationSpace.objects.get()
    assert (place.identifier, place.name) == ("2", "第一小学校校庭")
    assert place.address == "武蔵村山市本町二丁目5番地"
    assert (place.latitude, place.longitude) == (Decimal("35.755100"), Decimal("139.388200"))
    assert place.phone == "042-565-1111"
    assert (place.flood, place.earthquake, place.large_fire) == (True, True, True)
    assert place.capacity == 1500 and place.note == "校庭のみ"


def test_utf8_with_bom(operator):
    content = codecs.BOM_UTF8 + csv_bytes(NEW_STYLE, NEW_ROW)
    outcome = services.import_places(operator, "evacuation_space", content)
    assert outcome.saved and outcome.result.encoding == "utf-8-sig"
    assert EvacuationSpace.objects.get().identifier == "E001"


def test_problems_are_listed_by_line_and_column_and_nothing_is_saved(operator):
    kept = add_evacuation_space(operator, identifier="E900", name="既存の場所")
    bad_latitude = NEW_ROW.replace("35.754830", "139.1")
    no_name = NEW_ROW.replace("E001,市民運動公園", "E002,")
    bad_flag = NEW_ROW.replace("E001", "E003").replace(",1,,1,,1,,,1,", ",1,,はい,,1,,,1,")

    outcome = services.import_places(
        operator,
        "evacuation_space",
        csv_bytes(NEW_STYLE, NEW_ROW.replace("E001", "E900"), bad_latitude, no_name, bad_flag),
        replace=True,
    )

    assert not outcome.saved
    assert [str(problem) for problem in outcome.problems] == [
        "3行目「緯度」: 緯度は20〜46の範囲です（経度と入れ替わっていませんか）。",
        "4行目「名称」: 必須の項目です。入力してください。",
        "5行目「災害種別_地震」: 「1」（該当）または空欄（該当なし）で入力してください。",
    ]
    assert list(EvacuationSpace.objects.values_list("identifier", "name")) == [("E900", kept.name)]


def test_a_missing_required_column_is_reported_once(operator):
    outcome = services.import_places(
        operator, "evacuation_space", csv_bytes("名称,緯度", "公園,35.7")
    )
    assert [str(p) for p in outcome.problems] == [
        "1行目: 必須の列「所在地_連結表記」がありません。",
        "1行目: 必須の列「電話番号」がありません。",
    ]


def test_another_citys_file_is_refused(operator):
    row = NEW_ROW.replace("132233,E001", "131016,E001")
    outcome = services.import_places(operator, "evacuation_space", csv_bytes(NEW_STYLE, row))
    assert [str(p) for p in outcome.problems] == [
        "2行目「全国地方公共団体コード」: この市（132233）のデータではありません。"
    ]


def test_known_ids_update_new_ones_add_and_replace_deletes_the_rest(operator):
    add_evacuation_space(operator, identifier="E001", name="旧名称", capacity=10)
    add_evacuation_space(operator, identifier="E002")
    second = NEW_ROW.replace("E001,市民運動公園", ",北公園")

    outcome = services.import_places(
        operator, "evacuation_space", csv_bytes(NEW_STYLE, NEW_ROW, second), replace=True
    )

    assert (outcome.created, outcome.updated, outcome.deleted) == (1, 1, 1)
    assert list(EvacuationSpace.objects.values_list("identifier", "name", "capacity")) == [
        ("E00003", "北公園", 1200),
        ("E001", "市民運動公園", 1200),
    ]


def test_unknown_columns_are_skipped_and_reported(operator):
    content = csv_bytes(NEW_STYLE + ",独自の列", NEW_ROW + ",何か")
    outcome = services.import_places(operator, "evacuation_space", content)
    assert outcome.saved and outcome.result.skipped_columns == ["独自の列"]


def test_undecodable_bytes_are_a_clear_problem(operator):
    outcome = services.import_places(operator, "aed", b"\xff\xfe\x00\x81\x00")
    assert [str(p) for p in outcome.problems] == [
        "文字コードを読み取れません。UTF-8 または Shift_JIS（CP932）のCSVにしてください。"
    ]


def test_old_style_aed_file(operator):
    head = (
        "都道府県コード又は市区町村コード,NO,都道府県名,市区町村名,名称,名称_カナ,住所,方書,緯度,経度,"
        "設置位置,電話番号,内線番号,法人番号,団体名,利用可能曜日,開始時間,終了時間,"
        "利用可能日時特記事項,小児対応設備の有無,URL,備考"
    )
    row = (
        "132233,1,東京都,武蔵村山市,市役所,シヤクショ,武蔵村山市本町一丁目1番地の1,本庁舎,"
        "35.7548,139.3873,1階正面玄関,042-565-1111,,3000020132233,武蔵村山市,月～金,"
        "8:30,17時15分,閉庁日は守衛室,有,https://www.city.musashimurayama.lg.jp/,"
    )

    outcome = services.import_places(operator, "aed", csv_bytes(head, row, encoding="cp932"))

    assert outcome.saved, [str(p) for p in outcome.problems]
    aed = AedLocation.objects.get()
    assert (aed.identifier, aed.building, aed.placement) == ("1", "本庁舎", "1階正面玄関")
    assert aed.available_days == "月;火;水;木;金"
    assert (str(aed.opens_at), str(aed.closes_at)) == ("08:30:00", "17:15:00")
    assert aed.has_pediatric_pads is True and aed.corporate_number == "3000020132233"


def test_only_the_publishing_department_may_import(city):
    with pytest.raises(PermissionDenied):
        services.import_places(staff_in("bunka", "operator"), "aed", csv_bytes("名称"))
    with pytest.raises(PermissionDenied):
        services.import_places(staff_in("bosai", "viewer"), "aed", csv_bytes("名称"))
