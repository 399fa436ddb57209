"""Japanese input conventions: 和暦, width, kana, postal codes, phone numbers, codes.

Runs without Django settings (``-p no:django``): errors are compared by ``code`` and
``params``; messages are only rendered when the suite has settings configured.
"""

import datetime
import re

import pytest

from yakuba.core import japanese
from yakuba.core.japanese import JapaneseInputError

D = datetime.date


# ------------------------------------------------------------------ 和暦 parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 西暦
        ("2025-04-01", D(2025, 4, 1)),
        ("2025/4/1", D(2025, 4, 1)),
        ("2025年4月1日", D(2025, 4, 1)),
        ("20250401", D(2025, 4, 1)),
        ("2025.4.1", D(2025, 4, 1)),
        ("２０２５年４月１日", D(2025, 4, 1)),
        ("２０２５／０４／０１", D(2025, 4, 1)),
        ("２０２５０４０１", D(2025, 4, 1)),
        ("1800-01-01", D(1800, 1, 1)),
        # 和暦, kanji era
        ("昭和45年3月1日", D(1970, 3, 1)),
        ("昭和４５年３月１日", D(1970, 3, 1)),
        ("令和元年5月1日", D(2019, 5, 1)),
        ("令和1年5月1日", D(2019, 5, 1)),
        ("令和7年4月1日", D(2025, 4, 1)),
        ("平成31年4月30日", D(2019, 4, 30)),
        ("平成元年1月8日", D(1989, 1, 8)),
        ("明治6年1月1日", D(1873, 1, 1)),
        (" 令和 7年 4月 1日 ", D(2025, 4, 1)),
        ("令和　７年　４月　１日", D(2025, 4, 1)),
        ("令和7年4月1", D(2025, 4, 1)),
        # era ligatures (NFKC)
        ("㍻元年1月8日", D(1989, 1, 8)),
        ("㍼45年3月1日", D(1970, 3, 1)),
        ("㋿7年4月1日", D(2025, 4, 1)),
        # era initial
        ("S45.3.1", D(1970, 3, 1)),
        ("s45/3/1", D(1970, 3, 1)),
        ("S45-3-1", D(1970, 3, 1)),
        ("Ｓ４５．３．１", D(1970, 3, 1)),
        ("ｓ４５／３／１", D(1970, 3, 1)),
        ("R7/4/1", D(2025, 4, 1)),
        ("R07.04.01", D(2025, 4, 1)),
        ("R7－4－1", D(2025, 4, 1)),
        ("R7ー4ー1", D(2025, 4, 1)),
        ("R7−4−1", D(2025, 4, 1)),
        ("H1.1.8", D(1989, 1, 8)),
        ("h01.01.08", D(1989, 1, 8)),
        ("M6.1.1", D(1873, 1, 1)),
        ("T1.7.30", D(1912, 7, 30)),
        ("t15.12.25", D(1926, 12, 25)),
        ("R7年4月1日", D(2025, 4, 1)),
        # one-kanji era abbreviation
        ("昭45.3.1", D(1970, 3, 1)),
        ("平1.1.8", D(1989, 1, 8)),
        ("令7.4.1", D(2025, 4, 1)),
        ("大15.12.25", D(1926, 12, 25)),
        ("明45.7.30", D(1912, 7, 30)),
    ],
)
def test_parses_each_accepted_shape(text, expected):
    assert japanese.parse_japanese_date(text) == expected


def test_parses_showa_date_with_era_initial():
    assert japanese.parse_japanese_date("S45.3.1") == D(1970, 3, 1)


# Every era boundary, both sides: (text, valid date or the error code).
ERA_BOUNDARIES = [
    ("明治元年1月25日", D(1868, 1, 25)),
    ("明治元年1月24日", "year_out_of_era"),
    ("明治45年7月29日", D(1912, 7, 29)),
    ("明治45年7月30日", D(1912, 7, 30)),  # shared day
    ("明治45年7月31日", "year_out_of_era"),
    ("明治46年1月1日", "year_out_of_era"),
    ("大正元年7月29日", "year_out_of_era"),
    ("大正1年7月29日", "year_out_of_era"),
    ("大正元年7月30日", D(1912, 7, 30)),
    ("大正15年12月25日", D(1926, 12, 25)),  # shared day
    ("大正15年12月26日", "year_out_of_era"),
    ("大正16年1月1日", "year_out_of_era"),
    ("昭和元年12月24日", "year_out_of_era"),
    ("昭和元年12月25日", D(1926, 12, 25)),
    ("昭和64年1月7日", D(1989, 1, 7)),
    ("昭和64年1月8日", "year_out_of_era"),
    ("S64.1.8", "year_out_of_era"),
    ("平成元年1月7日", "year_out_of_era"),
    ("平成元年1月8日", D(1989, 1, 8)),
    ("平成31年4月30日", D(2019, 4, 30)),
    ("平成31年5月1日", "year_out_of_era"),
    ("H31.5.1", "year_out_of_era"),
    ("平成32年1月1日", "year_out_of_era"),
    ("令和元年4月30日", "year_out_of_era"),
    ("令和元年5月1日", D(2019, 5, 1)),
    ("R1.5.1", D(2019, 5, 1)),
    ("R0.5.1", "year_out_of_era"),
    ("H0.1.1", "year_out_of_era"),
    ("令和0年5月1日", "year_out_of_era"),
]


@pytest.mark.parametrize(("text", "outcome"), ERA_BOUNDARIES)
def test_checks_the_year_exists_in_the_era_on_both_sides_of_each_boundary(text, outcome):
    if isinstance(outcome, D):
        assert japanese.parse_japanese_date(text) == outcome
    else:
        with pytest.raises(JapaneseInputError) as caught:
            japanese.parse_japanese_date(text)
        assert caught.value.code == outcome


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "invalid_format"),
        ("   ", "invalid_format"),
        ("　", "invalid_format"),
        ("昨日", "invalid_format"),
        ("😀", "invalid_format"),
        ("😀45.3.1", "invalid_format"),
        ("1" * 101, "invalid_format"),
        ("令和7年4月1日" + " " * 100, "invalid_format"),
        ("昭和45年", "invalid_format"),
        ("S45", "invalid_format"),
        ("2025-04", "invalid_format"),
        ("202541", "invalid_format"),
        ("25/4/1", "invalid_format"),
        ("2025-04-01T10:00", "invalid_format"),
        ("R123.4.1", "invalid_format"),
        ("٢٠٢٥-٠٤-٠١", "invalid_format"),
        ("\x00", "invalid_format"),
        ("\ud800", "invalid_format"),
        ("X45.3.1", "unknown_era"),
        ("慶応4年1月1日", "unknown_era"),
        ("天保3年1月1日", "unknown_era"),
        ("2025/13/01", "invalid_date"),
        ("2025年2月30日", "invalid_date"),
        ("20250230", "invalid_date"),
        ("0000-01-01", "invalid_date"),
        ("令和7年2月29日", "invalid_date"),
        ("R7.4.31", "invalid_date"),
        ("S45.0.1", "invalid_date"),
        ("平成31年2月29日", "invalid_date"),
    ],
)
def test_rejects_bad_dates_with_a_code(text, code):
    with pytest.raises(JapaneseInputError) as caught:
        japanese.parse_japanese_date(text)
    assert caught.value.code == code


def test_accepts_29_february_in_a_leap_era_year():
    assert japanese.parse_japanese_date("令和2年2月29日") == D(2020, 2, 29)


@pytest.mark.parametrize("value", [None, 123, b"R7.4.1", 1.5, ["R7.4.1"]])
def test_rejects_non_strings_without_crashing(value):
    with pytest.raises(JapaneseInputError) as caught:
        japanese.parse_japanese_date(value)
    assert caught.value.code == "invalid_format"


def test_out_of_era_error_names_the_era_range():
    with pytest.raises(JapaneseInputError) as caught:
        japanese.parse_japanese_date("平成31年5月1日")
    assert caught.value.params["era"] == "平成"
    assert caught.value.params["start"] == "1989-01-08"
    assert caught.value.params["end"] == "2019-04-30"


def test_unknown_era_error_names_what_was_typed():
    with pytest.raises(JapaneseInputError) as caught:
        japanese.parse_japanese_date("慶応3年1月1日")
    assert caught.value.params == {"era": "慶応"}


def test_error_is_a_value_error_whose_str_needs_no_settings():
    with pytest.raises(ValueError) as caught:
        japanese.parse_japanese_date("平成32年1月1日")
    assert str(caught.value).startswith("year_out_of_era")


BAD_INPUTS = [
    "",
    "平成32年1月1日",
    "慶応3年1月1日",
    "2025年2月30日",
    "H0.1.1",
    "令和元年4月30日",
    "abc",
]


def _template(message) -> str:
    """The source string of a gettext_lazy message, read without Django settings."""
    return message._args[0] if hasattr(message, "_args") else str(message)


@pytest.mark.parametrize("text", BAD_INPUTS)
def test_date_error_messages_use_only_named_placeholders_that_params_fill(text):
    with pytest.raises(JapaneseInputError) as caught:
        japanese.parse_japanese_date(text)
    template = _template(caught.value.message)
    assert not re.search(r"%[sd]", template)
    assert set(re.findall(r"%\((\w+)\)s", template)) <= set(caught.value.params)


def test_error_message_renders_when_settings_are_configured():
    from django.conf import settings

    if not settings.configured:
        pytest.skip("rendering a lazy message needs Django settings")
    with pytest.raises(JapaneseInputError) as caught:
        japanese.parse_japanese_date("平成31年5月1日")
    assert "平成31年5月1日" in caught.value.user_message()


# ----------------------------------------------------------------- 和暦 formatting


@pytest.mark.parametrize(
    ("day", "kanji", "short"),
    [
        (D(2025, 4, 1), "令和7年4月1日", "R7.4.1"),
        (D(2019, 5, 1), "令和元年5月1日", "R1.5.1"),
        (D(2019, 12, 31), "令和元年12月31日", "R1.12.31"),
        (D(2020, 1, 1), "令和2年1月1日", "R2.1.1"),
        (D(2019, 4, 30), "平成31年4月30日", "H31.4.30"),
        (D(1989, 1, 8), "平成元年1月8日", "H1.1.8"),
        (D(1990, 1, 1), "平成2年1月1日", "H2.1.1"),
        (D(1989, 1, 7), "昭和64年1月7日", "S64.1.7"),
        (D(1927, 1, 1), "昭和2年1月1日", "S2.1.1"),
        (D(1926, 12, 25), "昭和元年12月25日", "S1.12.25"),
        (D(1926, 12, 24), "大正15年12月24日", "T15.12.24"),
        (D(1912, 7, 30), "大正元年7月30日", "T1.7.30"),
        (D(1912, 7, 29), "明治45年7月29日", "M45.7.29"),
        (D(1873, 1, 1), "明治6年1月1日", "M6.1.1"),
        (D(1868, 1, 25), "明治元年1月25日", "M1.1.25"),
        (D(1970, 3, 1), "昭和45年3月1日", "S45.3.1"),
    ],
)
def test_formats_in_the_era_of_the_day(day, kanji, short):
    assert japanese.format_wareki(day) == kanji
    assert japanese.format_wareki(day, style="kanji") == kanji
    assert japanese.format_wareki(day, style="short") == short


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 4, 1), "April 1, 2025 (Reiwa 7)"),
        (D(2019, 5, 1), "May 1, 2019 (Reiwa 1)"),
        (D(1989, 1, 7), "January 7, 1989 (Showa 64)"),
        (D(2000, 12, 31), "December 31, 2000 (Heisei 12)"),
        (D(1920, 9, 1), "September 1, 1920 (Taisho 9)"),
        (D(1900, 2, 28), "February 28, 1900 (Meiji 33)"),
    ],
)
def test_formats_english_with_era(day, expected):
    assert japanese.format_wareki(day, style="en") == expected


def test_refuses_an_unknown_style():
    with pytest.raises(ValueError):
        japanese.format_wareki(D(2025, 4, 1), style="roman")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(1970, 3, 1), japanese.Wareki("昭和", "S", 45, 3, 1)),
        (D(2019, 5, 1), japanese.Wareki("令和", "R", 1, 5, 1)),
        (D(1912, 7, 30), japanese.Wareki("大正", "T", 1, 7, 30)),
        (D(1926, 12, 25), japanese.Wareki("昭和", "S", 1, 12, 25)),
    ],
)
def test_to_wareki_gives_era_parts(day, expected):
    assert japanese.to_wareki(day) == expected


def test_year_label_says_gannen_for_the_first_year():
    assert japanese.to_wareki(D(2019, 5, 1)).year_label == "元"
    assert japanese.to_wareki(D(2020, 5, 1)).year_label == "2"


def test_refuses_dates_before_meiji():
    with pytest.raises(JapaneseInputError) as caught:
        japanese.to_wareki(D(1868, 1, 24))
    assert caught.value.code == "before_meiji"


@pytest.mark.parametrize("style", ["kanji", "short"])
def test_round_trips_a_sweep_of_dates(style):
    day = D(1873, 1, 1)
    checked = 0
    while day <= D(2030, 12, 31):
        assert japanese.parse_japanese_date(japanese.format_wareki(day, style=style)) == day
        day += datetime.timedelta(days=37)
        checked += 1
    assert checked > 1500


@pytest.mark.parametrize(
    "day",
    [
        D(1912, 7, 29),
        D(1912, 7, 30),
        D(1912, 7, 31),
        D(1926, 12, 24),
        D(1926, 12, 25),
        D(1926, 12, 26),
        D(1989, 1, 7),
        D(1989, 1, 8),
        D(2019, 4, 30),
        D(2019, 5, 1),
    ],
)
def test_round_trips_each_boundary_day(day):
    assert japanese.parse_japanese_date(japanese.format_wareki(day)) == day
    assert japanese.parse_japanese_date(japanese.format_wareki(day, style="short")) == day
    assert japanese.parse_japanese_date(day.isoformat()) == day


def test_both_calendars_format():
    assert japanese.format_date_both(D(2025, 4, 1)) == "令和7年4月1日（2025年4月1日）"


# ------------------------------------------------------------------------ width


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＡＢＣ１２３", "ABC123"),
        ("ａｂｃ", "abc"),
        ("＠ｅｘａｍｐｌｅ．ｊｐ", "@example.jp"),
        ("（株）", "(株)"),
        ("ｶﾞｷﾞｸﾞ", "ガギグ"),
        ("ﾊﾟﾋﾟﾌﾟ", "パピプ"),
        ("ｳﾞｧｲｵﾘﾝ", "ヴァイオリン"),
        ("ﾗｰﾒﾝ", "ラーメン"),
        ("山田　太郎", "山田 太郎"),
        ("０４２－５６５－１１１１", "042-565-1111"),
        ("１ー２", "1-2"),
        ("1‐2", "1-2"),
        ("1−2", "1-2"),
        ("1―2", "1-2"),
        ("1–2", "1-2"),
        ("ラーメン", "ラーメン"),
        ("ミュージアム‐ホール", "ミュージアム‐ホール"),
        ("Aー1", "Aー1"),
        ("ひらがな", "ひらがな"),
        ("漢字カタカナ", "漢字カタカナ"),
        ("﨑", "﨑"),
        ("", ""),
    ],
)
def test_normalizes_width(text, expected):
    assert japanese.normalize_width(text) == expected


# ------------------------------------------------------------------------- kana


@pytest.mark.parametrize(
    ("hiragana", "katakana"),
    [
        ("やまだ たろう", "ヤマダ タロウ"),
        ("ゔぁ", "ヴァ"),
        ("きゃっと", "キャット"),
        ("らーめん", "ラーメン"),
    ],
)
def test_converts_between_hiragana_and_katakana(hiragana, katakana):
    assert japanese.hiragana_to_katakana(hiragana) == katakana
    assert japanese.katakana_to_hiragana(katakana) == hiragana


def test_kana_conversion_keeps_kanji_and_latin():
    assert japanese.hiragana_to_katakana("山田やまだ Yamada") == "山田ヤマダ Yamada"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ﾔﾏﾀﾞ　たろう", "ヤマダ タロウ"),
        ("  さとう   はなこ ", "サトウ ハナコ"),
        ("ラーメン", "ラーメン"),
        ("すずき　　いちろう", "スズキ イチロウ"),
        ("", ""),
    ],
)
def test_normalizes_kana(text, expected):
    assert japanese.normalize_kana(text) == expected


@pytest.mark.parametrize(
    ("text", "allow_space", "expected"),
    [
        ("ヤマダ タロウ", True, True),
        ("ヤマダ　タロウ", True, True),
        ("ヤマダ タロウ", False, False),
        ("やまだ", True, True),
        ("ｶﾀｶﾅ", True, True),
        ("ラーメン", False, True),
        ("さゝき", False, True),
        ("ジョン・スミス", True, False),
        ("山田", True, False),
        ("やまだ1", True, False),
        ("yamada", True, False),
        ("", True, False),
        ("   ", True, False),
        (None, True, False),
    ],
)
def test_recognises_kana(text, allow_space, expected):
    assert japanese.is_kana(text, allow_space=allow_space) is expected


@pytest.mark.parametrize(
    "variant",
    [
        "ヤマダ　タロウ",
        "やまだたろう",
        "ﾔﾏﾀﾞ ﾀﾛｳ",
        "やまだ タロウ",
        "ヤマダタロウ",
        " やまだ　たろう ",
    ],
)
def test_name_search_key_ignores_width_kana_and_spaces(variant):
    assert japanese.name_search_key(variant) == japanese.name_search_key("ヤマダ タロウ")


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("髙橋", "高橋"),
        ("山﨑", "山崎"),
        ("渡邊", "渡辺"),
        ("渡邉", "渡辺"),
        ("齋藤", "斎藤"),
        ("齊藤", "斎藤"),
        ("澤田", "沢田"),
        ("濱口", "浜口"),
        ("廣田", "広田"),
        ("國分", "国分"),
        ("キャシー", "キヤシー"),
        ("ハットリ", "ハツトリ"),
        ("ファン", "フアン"),
        ("ヵ", "カ"),
        ("ヶ", "ケ"),
        ("ゕ", "カ"),
        ("ﾁｬｰﾘｰ", "チヤーリー"),
        ("Smith", "ＳＭＩＴＨ"),
        ("Smith", "smith"),
    ],
)
def test_name_search_key_folds_variants(left, right):
    assert japanese.name_search_key(left) == japanese.name_search_key(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [("ガ", "カ"), ("パ", "ハ"), ("バ", "ハ"), ("山田", "山口"), ("ヴ", "ウ")],
)
def test_name_search_key_keeps_voiced_marks_and_other_differences(left, right):
    assert japanese.name_search_key(left) != japanese.name_search_key(right)


def test_name_search_key_is_katakana_without_spaces():
    assert japanese.name_search_key("やまだ　たろう") == "ヤマダタロウ"


# -------------------------------------------------------------------- postal


@pytest.mark.parametrize(
    "text",
    [
        "2080004",
        "208-0004",
        "〒２０８－０００４",
        "208 0004",
        "〒208-0004",
        "〒 208-0004",
        "２０８ー０００４",
        "〶208-0004",
        " 208-0004 ",
    ],
)
def test_normalizes_postal_codes(text):
    assert japanese.normalize_postal_code(text) == "208-0004"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "208-004",
        "20800045",
        "abc-defg",
        "208--0004",
        "208-0004x",
        "20-80004",
        "2-0-8-0004",
        "〒",
        "2" * 200,
        None,
        2080004,
    ],
)
def test_rejects_bad_postal_codes(text):
    with pytest.raises(JapaneseInputError) as caught:
        japanese.normalize_postal_code(text)
    assert caught.value.code == "invalid_postal_code"


# --------------------------------------------------------------------- phone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0425651111", "042-565-1111"),
        ("042-565-1111", "042-565-1111"),
        ("042(565)1111", "042-565-1111"),
        ("(042)565-1111", "042-565-1111"),
        ("０４２（５６５）１１１１", "042-565-1111"),
        ("０４２－５６５－１１１１", "042-565-1111"),
        ("０４２ー５６５ー１１１１", "042-565-1111"),
        ("042 565 1111", "042-565-1111"),
        ("+81 42 565 1111", "042-565-1111"),
        ("+81-42-565-1111", "042-565-1111"),
        ("+81 (0)42 565 1111", "042-565-1111"),
        ("＋８１ ４２ ５６５ １１１１", "042-565-1111"),
        ("+81425651111", "042-565-1111"),
        ("0312345678", "03-1234-5678"),
        ("03(1234)5678", "03-1234-5678"),
        ("0612345678", "06-1234-5678"),
        ("+81 3 1234 5678", "03-1234-5678"),
        ("0428-12-3456", "0428-12-3456"),
        ("04-2998-1234", "04-2998-1234"),
        ("042-5651111", "042-565-1111"),
        ("09012345678", "090-1234-5678"),
        ("090-1234-5678", "090-1234-5678"),
        ("0901-234-5678", "090-1234-5678"),
        ("080 1234 5678", "080-1234-5678"),
        ("07012345678", "070-1234-5678"),
        ("+81 90 1234 5678", "090-1234-5678"),
        ("05012345678", "050-1234-5678"),
        ("0120123456", "0120-123-456"),
        ("0120-123-456", "0120-123-456"),
        ("08001234567", "0800-123-4567"),
        ("0570123456", "0570-123-456"),
    ],
)
def test_normalizes_phone_numbers(text, expected):
    assert japanese.normalize_phone_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "12345",
        "4256511110",
        "0425651111111",
        "042565111",
        "090-1234-567",
        "0901234567",
        "050-123-4567",
        "0120-123-4567",
        "0800-123-456",
        "0570-123-4567",
        "abc",
        "042-565-111a",
        "0012345678",
        "+1 555 123 4567",
        "+81 042 565 1111",
        "0120-12-3456-7",
        "042(565)1111 内線123",
        "1" * 40,
        "😀",
        None,
        425651111,
    ],
)
def test_rejects_bad_phone_numbers(text):
    with pytest.raises(JapaneseInputError) as caught:
        japanese.normalize_phone_number(text)
    assert caught.value.code == "invalid_phone"


# ------------------------------------------------- 全国地方公共団体コード


@pytest.mark.parametrize(
    "code",
    ["011002", "011011", "130001", "131016", "131083", "132233", "１３２２３３", " 132233 "],
)
def test_accepts_valid_local_government_codes(code):
    assert japanese.validate_local_government_code(code) == japanese.normalize_width(code).strip()


@pytest.mark.parametrize(
    ("code", "expected"),
    [("132234", "3"), ("132230", "3"), ("011003", "2"), ("130002", "1"), ("131010", "6")],
)
def test_explains_a_wrong_check_digit(code, expected):
    with pytest.raises(JapaneseInputError) as caught:
        japanese.validate_local_government_code(code)
    assert caught.value.code == "invalid_local_government_code"
    assert caught.value.params == {"code": code[:5], "expected": expected}
    assert "検査数字が一致しません" in _template(caught.value.message)


@pytest.mark.parametrize(
    "code", ["13223", "abcdef", "", "1322333", "13223３x", "13-2233", None, 132233]
)
def test_rejects_malformed_local_government_codes(code):
    with pytest.raises(JapaneseInputError) as caught:
        japanese.validate_local_government_code(code)
    assert caught.value.code == "invalid_local_government_code"


@pytest.mark.parametrize(
    ("five", "digit"),
    [
        ("01100", "2"),
        ("01101", "1"),
        ("13000", "1"),
        ("13101", "6"),
        ("13108", "3"),
        ("13223", "3"),
        ("13006", "1"),  # remainder 0: 11 → 1
        ("13001", "0"),  # remainder 1: 10 → 0
    ],
)
def test_computes_check_digits(five, digit):
    assert japanese.local_government_check_digit(five) == digit


@pytest.mark.parametrize("five", ["1322", "132233", "abcde", "", None])
def test_check_digit_needs_five_digits(five):
    with pytest.raises(JapaneseInputError):
        japanese.local_government_check_digit(five)


@pytest.mark.parametrize(("code", "prefecture"), [("132233", "13"), ("011002", "01")])
def test_gives_the_prefecture_code(code, prefecture):
    assert japanese.prefecture_code(code) == prefecture


def test_prefecture_code_validates_the_code():
    with pytest.raises(JapaneseInputError):
        japanese.prefecture_code("132234")


# ----------------------------------------------------------------------- yen


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(1234, "1,234円"), (0, "0円"), (999, "999円"), (1000000, "1,000,000円"), (-500, "-500円")],
)
def test_formats_yen(amount, expected):
    assert japanese.format_yen(amount) == expected


# ----------------------------------------------------------- robustness


ODD_STRINGS = [
    "",
    " ",
    "\n",
    "\x00",
    "\ud800",
    "😀😀😀",
    "ｱ" * 500,
    "0" * 500,
    "((((",
    "+81",
    "〒",
    "元年",
    "令和元年元月元日",
    "%(era)s",
    "1-",
]


@pytest.mark.parametrize("text", ODD_STRINGS)
def test_parsers_raise_only_japanese_input_error_on_any_string(text):
    for parse in (
        japanese.parse_japanese_date,
        japanese.normalize_postal_code,
        japanese.normalize_phone_number,
        japanese.validate_local_government_code,
    ):
        try:
            parse(text)
        except JapaneseInputError:
            pass
    for convert in (japanese.normalize_width, japanese.normalize_kana, japanese.name_search_key):
        assert isinstance(convert(text), str)
    assert isinstance(japanese.is_kana(text), bool)
