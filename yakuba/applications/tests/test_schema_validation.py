"""Whole-form validation (validate_answers), conditions and the per-type normalisers."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from yakuba.applications.schema import (
    FormDefinition,
    clean_answers,
    validate_answers,
    visible_keys,
)
from yakuba.applications.schema.rules import (
    normalise_account_number,
    normalise_date,
    normalise_kana,
    normalise_number,
    normalise_phone,
    normalise_postal_code,
    normalise_text,
    zengin_kana,
)
from yakuba.applications.tests.factories import SMALL_ANSWERS, SMALL_SCHEMA, SMALL_UI
from yakuba.applications.tests.factories_schema import (
    every_widget_answers,
    every_widget_definition,
)

TODAY = datetime.date(2026, 12, 5)


@pytest.fixture
def definition():
    return FormDefinition(*every_widget_definition())


def test_valid_answers_have_no_problems(definition):
    assert validate_answers(definition, every_widget_answers(), today=TODAY) == {}
    assert validate_answers(FormDefinition(SMALL_SCHEMA, SMALL_UI), SMALL_ANSWERS) == {}


def test_missing_required_fields_get_our_messages(definition):
    errors = validate_answers(definition, {}, today=TODAY)

    assert errors == {
        "name": ["氏名を入力してください。"],
        "name_kana": ["氏名（フリガナ）を入力してください。"],
        "birth_date": ["生年月日を入力してください。"],
        "address": ["住所を入力してください。"],
        "phone": ["電話番号を入力してください。"],
        "household_size": ["世帯の人数を入力してください。"],
        "has_dog": ["犬を飼っていますかを選んでください。"],
        "ward": ["地区を選んでください。"],
        "documents": ["本人確認書類を添付してください。"],
        "bank": ["振込先口座を入力してください。"],
        "consent": ["確認にチェックを入れてください。"],
    }


def test_messages_in_english(definition):
    errors = validate_answers(definition, {"name": "x" * 51}, language="en", today=TODAY)

    assert errors["name_kana"] == ["Enter Name (katakana)."]


def test_conditional_field_is_required_only_when_shown(definition):
    answers = every_widget_answers()
    del answers["dog_name"]

    assert validate_answers(definition, answers, today=TODAY) == {
        "dog_name": ["犬の名前を入力してください。"]
    }
    answers["has_dog"] = "no"
    assert validate_answers(definition, answers, today=TODAY) == {}


def test_hidden_field_is_dropped_and_not_validated(definition):
    answers = every_widget_answers()
    answers["has_dog"] = "no"
    answers["dog_name"] = "x" * 500

    assert validate_answers(definition, answers, today=TODAY) == {}
    assert "dog_name" not in clean_answers(definition, answers)
    assert "dog_name" not in visible_keys(definition, answers)


def test_clean_answers_drops_unknown_keys_and_empty_values(definition):
    answers = every_widget_answers()
    answers["unknown"] = "x"
    answers["email"] = ""
    answers["reasons"] = []

    cleaned = clean_answers(definition, answers)

    assert "unknown" not in cleaned
    assert "email" not in cleaned
    assert "reasons" not in cleaned
    assert cleaned["name"] == "村山 花子"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("name", "x" * 51, "50文字以内で入力してください（いま51文字）。"),
        ("name_kana", "むらやま", "カタカナで入力してください。"),
        ("birth_date", "1985-02-30", "日付の形式が正しくありません。"),
        (
            "birth_date",
            "1899-12-31",
            "明治33年1月1日（1900年1月1日）以降の日付を入力してください。",
        ),
        ("household_size", 0, "1以上の数を入力してください。"),
        ("household_size", 21, "20以下の数を入力してください。"),
        ("household_size", 2.5, "整数で入力してください。"),
        ("has_dog", "maybe", "選択肢から選んでください。"),
        ("reasons", ["moving", "birth", "other"], "2個まで選べます。"),
        ("reasons", ["flying"], "選択肢から選んでください。"),
        (
            "phone",
            "0425651111",
            "電話番号の形式が正しくありません（例: 042-565-1111、090-1234-5678）。",
        ),
        (
            "email",
            "hanako.example.jp",
            "メールアドレスの形式が正しくありません（例: hanako@example.jp）。",
        ),
        ("documents", [1, 2, 3], "ファイルは2個まで添付できます。"),
        ("consent", "yes", "確認にチェックを入れてください。"),
    ],
)
def test_a_wrong_answer_gets_our_message(definition, key, value, message):
    answers = every_widget_answers()
    answers[key] = value

    assert validate_answers(definition, answers, today=TODAY) == {key: [message]}


def test_date_limit_today_is_resolved(definition):
    answers = every_widget_answers()
    answers["birth_date"] = "2026-12-06"

    assert validate_answers(definition, answers, today=TODAY) == {
        "birth_date": ["令和8年12月5日（2026年12月5日）以前の日付を入力してください。"]
    }


def test_address_parts_are_checked(definition):
    answers = every_widget_answers()
    answers["address"] = {"postal_code": "2080004", "address": ""}

    assert validate_answers(definition, answers, today=TODAY) == {
        "address": [
            "郵便番号は7桁の数字で入力してください（例: 208-0004）。",
            "住所を入力してください。",
        ]
    }


@pytest.mark.parametrize(
    ("part", "value", "message"),
    [
        ("bank_code", "001", "金融機関コードは4桁の数字で入力してください。"),
        ("branch_code", "12a", "支店コードは3桁の数字で入力してください。"),
        ("account_type", "fixed", "預金の種類を選んでください。"),
        ("account_number", "12345678", "口座番号は7桁以内の数字で入力してください。"),
        (
            "holder_kana",
            "ムラヤマ",
            "口座名義はカタカナ（英大文字・数字・記号 ().,-/ も可）で入力してください。",
        ),
        ("holder_kana", "ｱ" * 31, "口座名義は半角30文字以内で入力してください（いま31文字）。"),
    ],
)
def test_bank_account_rules(definition, part, value, message):
    answers = every_widget_answers()
    answers["bank"][part] = value

    assert validate_answers(definition, answers, today=TODAY) == {"bank": [message]}


def test_group_items_are_checked(definition):
    answers = every_widget_answers()
    answers["children"] = [{"child_birth_date": "2015-06-01"}] + [{"child_name": "a"}] * 5

    assert validate_answers(definition, answers, today=TODAY) == {
        "children": [
            "5件まで入力できます。",
            "1件目の子どもの氏名: 子どもの氏名を入力してください。",
        ]
    }


def test_jsonschema_problem_our_rules_do_not_know_gets_a_generic_message(definition):
    answers = every_widget_answers()
    answers["address"]["extra"] = "x"

    assert validate_answers(definition, answers, today=TODAY) == {
        "address": ["住所の入力内容が正しくありません。"]
    }


# ------------------------------------------------------------------ normalisers


@pytest.mark.parametrize(
    "typed",
    [
        "令和7年4月1日",
        "R7.4.1",
        "R07/04/01",
        "r7-4-1",
        "令7.4.1",
        "2025-04-01",
        "2025/4/1",
        "2025年4月1日",
        "２０２５年４月１日",
        "Ｒ７．４．１",
        "20250401",
    ],
)
def test_dates_in_wareki_and_seireki(typed):
    assert normalise_date(typed) == "2025-04-01"


def test_reiwa_first_year():
    assert normalise_date("令和元年5月1日") == "2019-05-01"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "平成31年5月1日",
            "平成31年5月1日 は平成の期間外です（平成は1989-01-08から2019-04-30まで）。",
        ),
        ("2025年2月30日", "2025年2月30日という日付はありません。"),
        (
            "あした",
            "日付の形式が正しくありません。例: 2025年4月1日、令和7年4月1日、R7.4.1、S45.3.1",
        ),
    ],
)
def test_bad_dates(typed, message):
    with pytest.raises(ValidationError) as caught:
        normalise_date(typed)
    assert caught.value.messages == [message]


def test_full_width_text_is_folded_and_trimmed():
    assert normalise_text("　ＡＢＣ１２３＠ｅｘａｍｐｌｅ ") == "ABC123@example"


def test_textarea_keeps_line_breaks():
    assert normalise_text("一行目\r\n二行目\n", multiline=True) == "一行目\n二行目"


@pytest.mark.parametrize(
    ("typed", "kana"),
    [
        ("むらやま　はなこ", "ムラヤマ ハナコ"),
        ("ﾑﾗﾔﾏ ﾊﾅｺ", "ムラヤマ ハナコ"),
        ("ムラヤマ  ハナコ", "ムラヤマ ハナコ"),
        ("がっこう", "ガッコウ"),
    ],
)
def test_kana_folding(typed, kana):
    assert normalise_kana(typed) == kana


@pytest.mark.parametrize(
    "typed", ["1234567", "123-4567", "〒123-4567", "１２３４５６７", "〒１２３－４５６７"]
)
def test_postal_code(typed):
    assert normalise_postal_code(typed) == "123-4567"


def test_bad_postal_code():
    with pytest.raises(ValidationError) as caught:
        normalise_postal_code("12-34567")
    assert caught.value.messages == ["郵便番号は7桁の数字で入力してください（例: 208-0004）。"]


@pytest.mark.parametrize(
    ("typed", "phone"),
    [
        ("0425651111", "042-565-1111"),
        ("０４２－５６５－１１１１", "042-565-1111"),
        ("09012345678", "090-1234-5678"),
        ("+81 42 565 1111", "042-565-1111"),
    ],
)
def test_phone(typed, phone):
    assert normalise_phone(typed) == phone


def test_bad_phone():
    with pytest.raises(ValidationError):
        normalise_phone("12345")


@pytest.mark.parametrize(
    ("typed", "number"), [("１，２３４", 1234), ("12,345", 12345), ("-3", -3), ("３", 3)]
)
def test_numbers(typed, number):
    assert normalise_number(typed) == number


def test_decimal_number():
    assert normalise_number("６２．５", integer=False) == 62.5


def test_bad_number():
    with pytest.raises(ValidationError) as caught:
        normalise_number("三")
    assert caught.value.messages == ["整数（半角または全角の数字）で入力してください。"]


@pytest.mark.parametrize(
    ("typed", "number"), [("12345", "0012345"), ("１２３", "0000123"), ("1234567", "1234567")]
)
def test_account_number_is_zero_padded(typed, number):
    assert normalise_account_number(typed) == number


@pytest.mark.parametrize(
    ("typed", "holder"),
    [
        ("ムラヤマ　ハナコ", "ﾑﾗﾔﾏ ﾊﾅｺ"),
        ("むらやま はなこ", "ﾑﾗﾔﾏ ﾊﾅｺ"),
        ("キャッシュ", "ｷﾔﾂｼﾕ"),
        ("ガーデン", "ｶﾞｰﾃﾞﾝ"),
        ("ｶ)ﾑﾗﾔﾏ", "ｶ)ﾑﾗﾔﾏ"),
        ("abc 1-2", "ABC 1-2"),
    ],
)
def test_zengin_holder_kana(typed, holder):
    assert zengin_kana(typed) == holder


GARBAGE = [None, "", "x", 0, 1.5, True, [], {}, [1], ["x", "x"], {"a": 1}, [{"a": 1}], [None]]


@pytest.mark.parametrize("value", GARBAGE, ids=repr)
def test_any_value_of_any_field_gives_messages_never_an_exception(definition, value):
    from yakuba.applications.schema import csv_values, display_rows

    for key in definition.order:
        answers = every_widget_answers()
        answers[key] = value

        errors = validate_answers(definition, answers, today=TODAY)
        display_rows(definition, answers)
        csv_values(definition, answers)

        assert set(errors) <= {key, "dog_name"}
        assert all(isinstance(message, str) for messages in errors.values() for message in messages)
