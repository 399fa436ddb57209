"""The standard datasets' headers, ◎ marks and file names, pinned against literal lists
taken from STANDARDS.md 1.4 (1.4.2 verbatim; the others by the documented rule)."""

from __future__ import annotations

import pytest

from yakuba.opendata.standard import columns
from yakuba.opendata.standard.definitions import BY_KEY, DATASETS, standard_file_name

ADDRESS = [
    "所在地_全国地方公共団体コード",
    "町字ID",
    "所在地_連結表記",
    "所在地_都道府県",
    "所在地_市区町村",
    "所在地_町字",
    "所在地_番地以下",
    "建物名等(方書)",
]

PUBLIC_FACILITY = [
    "全国地方公共団体コード", "ID", "地方公共団体名", "名称", "名称_カナ", "名称_英語",
    "名称_通称", "POIコード", *ADDRESS, "緯度", "経度", "電話番号", "内線番号", "法人番号",
    "団体名", "利用可能曜日", "開始時間", "終了時間", "利用可能日時特記事項", "説明",
    "バリアフリー情報", "URL", "画像", "画像_ライセンス", "備考",
]  # fmt: skip

EVENT = [
    "全国地方公共団体コード", "ID", "地方公共団体名", "イベント名", "イベント名_カナ",
    "イベント名_英語", "開始日", "終了日", "開始時間", "終了時間", "開始日時特記事項", "説明",
    "料金(基本)", "料金(詳細)", "連絡先名称", "連絡先電話番号", "連絡先内線番号", "主催者",
    "場所名称", *ADDRESS, "緯度", "経度", "アクセス方法", "駐車場情報", "定員",
    "参加申込終了日", "参加申込終了時間", "参加申込方法", "URL", "画像", "画像_ライセンス", "備考",
]  # fmt: skip

POPULATION = [
    "全国地方公共団体コード", "地域コード", "地方公共団体名", "調査年月日", "地域名", "総人口",
    "男性", "女性",
    "0-4歳の男性", "0-4歳の女性", "5-9歳の男性", "5-9歳の女性", "10-14歳の男性", "10-14歳の女性",
    "15-19歳の男性", "15-19歳の女性", "20-24歳の男性", "20-24歳の女性", "25-29歳の男性",
    "25-29歳の女性", "30-34歳の男性", "30-34歳の女性", "35-39歳の男性", "35-39歳の女性",
    "40-44歳の男性", "40-44歳の女性", "45-49歳の男性", "45-49歳の女性", "50-54歳の男性",
    "50-54歳の女性", "55-59歳の男性", "55-59歳の女性", "60-64歳の男性", "60-64歳の女性",
    "65-69歳の男性", "65-69歳の女性", "70-74歳の男性", "70-74歳の女性", "75-79歳の男性",
    "75-79歳の女性", "80-84歳の男性", "80-84歳の女性", "85歳以上の男性", "85歳以上の女性",
    "世帯数", "備考",
]  # fmt: skip

# STANDARDS.md 1.4.2, verbatim.
EVACUATION_SPACE = [
    "全国地方公共団体コード", "ID", "名称", "名称_カナ", "名称_英字",
    "所在地_全国地方公共団体コード", "町字ID", "所在地_連結表記", "所在地_都道府県",
    "所在地_市区町村", "所在地_町字", "所在地_番地以下", "建物名等(方書)", "緯度", "経度", "標高",
    "電話番号", "内線番号", "連絡先メールアドレス", "連絡先FormURL",
    "連絡先備考（その他、SNSなど）", "郵便番号", "市区町村コード", "地方公共団体名",
    "災害種別_洪水", "災害種別_崖崩れ、土石流及び地滑り", "災害種別_高潮", "災害種別_地震",
    "災害種別_津波", "災害種別_大規模な火事", "災害種別_内水氾濫", "災害種別_火山現象",
    "指定避難所との重複", "想定収容人数", "対象となる町会・自治会", "URL", "画像",
    "画像_ライセンス", "備考",
]  # fmt: skip

AED = [
    "全国地方公共団体コード", "ID", "地方公共団体名", "名称", "名称_カナ", "名称_英語", *ADDRESS,
    "緯度", "経度", "設置位置", "電話番号", "内線番号", "法人番号", "団体名", "利用可能曜日",
    "開始時間", "終了時間", "利用可能日時特記事項", "小児対応設備の有無", "URL", "画像",
    "画像_ライセンス", "備考",
]  # fmt: skip

HAZARDS = [
    "災害種別_洪水", "災害種別_崖崩れ、土石流及び地滑り", "災害種別_高潮", "災害種別_地震",
    "災害種別_津波", "災害種別_大規模な火事", "災害種別_内水氾濫", "災害種別_火山現象",
]  # fmt: skip


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("public_facility", PUBLIC_FACILITY),
        ("event", EVENT),
        ("population", POPULATION),
        ("evacuation_space", EVACUATION_SPACE),
        ("aed", AED),
    ],
)
def test_header_is_exactly_the_standard_list(key, expected):
    assert columns.header(BY_KEY[key].columns) == expected


@pytest.mark.parametrize(
    ("key", "required"),
    [
        ("public_facility", ["名称", "所在地_連結表記"]),
        (
            "event",
            [
                "イベント名",
                "開始日",
                "終了日",
                "開始時間",
                "終了時間",
                "説明",
                "場所名称",
                "所在地_連結表記",
            ],
        ),
        ("population", POPULATION[3:-2]),
        ("evacuation_space", ["名称", "所在地_連結表記", "電話番号", "市区町村コード"]),
        ("aed", ["名称", "所在地_連結表記", "設置位置"]),
    ],
)
def test_required_columns(key, required):
    assert columns.required_names(BY_KEY[key].columns) == required


def test_hazard_flags_are_required_flag_columns():
    flags = [c.name for c in columns.EVACUATION_SPACE_COLUMNS if c.flag]
    assert flags == [*HAZARDS, "指定避難所との重複"]
    assert all(c.required for c in columns.EVACUATION_SPACE_COLUMNS if c.flag)


@pytest.mark.parametrize(
    ("key", "file_name"),
    [
        ("public_facility", "132233_public_facility.csv"),
        ("event", "132233_event.csv"),
        ("population", "132233_population.csv"),
        ("evacuation_space", "132233_evacuation_space.csv"),
        ("aed", "132233_aed.csv"),
    ],
)
def test_file_name_is_code_underscore_stem(key, file_name):
    assert BY_KEY[key].file_name("132233") == file_name
    assert BY_KEY[key].dataset_name("132233") == file_name.removesuffix(".csv")


@pytest.mark.parametrize("code", ["13223", "1322333", "13223a", ""])
def test_file_name_needs_a_six_digit_code(code):
    with pytest.raises(ValueError):
        standard_file_name(code, "aed")


def test_publishers_are_the_departments_that_own_the_data():
    assert {d.key: d.department for d in DATASETS} == {
        "public_facility": "bunka",
        "event": "bunka",
        "population": "shimin",
        "evacuation_space": "bosai",
        "aed": "bosai",
    }
