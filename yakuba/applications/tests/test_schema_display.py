"""Answers as people read them, and as CSV."""

from __future__ import annotations

import pytest
from django.utils import translation

from yakuba.applications.schema import (
    FormDefinition,
    csv_columns,
    csv_values,
    display_rows,
    mask_account_number,
)
from yakuba.applications.tests.factories_schema import (
    every_widget_answers,
    every_widget_definition,
)


@pytest.fixture
def definition():
    return FormDefinition(*every_widget_definition())


def texts(rows):
    return {row.key: row.text for row in rows}


def test_rows_as_people_read_them(definition):
    rows = display_rows(definition, every_widget_answers(), attachments={1: "免許証.pdf"})

    assert texts(rows) == {
        "name": "村山 花子",
        "name_kana": "ムラヤマ ハナコ",
        "birth_date": "昭和60年4月1日（1985年4月1日）",
        "address": "〒208-0004 東京都武蔵村山市本町一丁目1番地の1",
        "phone": "042-565-1111",
        "email": "hanako@example.jp",
        "household_size": "3",
        "has_dog": "はい",
        "dog_name": "ポチ",
        "ward": "北地区",
        "reasons": "転入",
        "remarks": "よろしくお願いします。",
        "children": "1件",
        "documents": "免許証.pdf",
        "bank": "金融機関コード 0001・支店コード 123・普通・口座番号 0012345・名義 ﾑﾗﾔﾏ ﾊﾅｺ",
        "consent": "確認しました",
    }
    assert [row.page for row in rows[:2]] == ["applicant", "applicant"]


def test_group_rows_are_nested(definition):
    answers = every_widget_answers()
    answers["children"].append({"child_name": "村山 次郎"})

    children = next(row for row in display_rows(definition, answers) if row.key == "children")

    assert children.text == "2件"
    assert [
        (item.label, [(sub.label, sub.text) for sub in item.rows]) for item in children.rows
    ] == [
        (
            "子ども 1",
            [("子どもの氏名", "村山 太郎"), ("子どもの生年月日", "平成27年6月1日（2015年6月1日）")],
        ),
        ("子ども 2", [("子どもの氏名", "村山 次郎"), ("子どもの生年月日", "（未入力）")]),
    ]


def test_bank_account_masked_only_when_asked(definition):
    rows = display_rows(definition, every_widget_answers(), mask_bank=True)

    assert texts(rows)["bank"] == (
        "金融機関コード 0001・支店コード 123・普通・口座番号 ****345・名義 ﾑﾗﾔﾏ ﾊﾅｺ"
    )
    assert mask_account_number("1234567") == "****567"


def test_hidden_fields_are_left_out_and_empty_ones_marked(definition):
    answers = every_widget_answers()
    answers["has_dog"] = "no"
    del answers["email"]

    rows = display_rows(definition, answers, prefilled=["name"])

    assert "dog_name" not in texts(rows)
    email = next(row for row in rows if row.key == "email")
    assert (email.text, email.empty) == ("（未入力）", True)
    assert [row.key for row in rows if row.prefilled] == ["name"]


def test_rows_in_english(definition):
    rows = display_rows(definition, every_widget_answers(), language="en")

    assert [(row.label, row.text, row.label_lang) for row in rows[:3]] == [
        ("Name", "村山 花子", "en"),
        ("Name (katakana)", "ムラヤマ ハナコ", "en"),
        ("Date of birth", "April 1, 1985 (Showa 60)", "en"),
    ]
    assert texts(rows)["has_dog"] == "Yes"
    assert translation.get_language() == "ja"


def test_csv_columns_and_values(definition):
    answers = every_widget_answers()
    answers["children"].append({"child_name": "村山 次郎", "child_birth_date": "2018-02-03"})

    columns = csv_columns(definition)
    values = csv_values(definition, answers)

    assert dict(zip([key for key, _header in columns], values, strict=True)) == {
        "name": "村山 花子",
        "name_kana": "ムラヤマ ハナコ",
        "birth_date": "1985-04-01",
        "address": "〒208-0004 東京都武蔵村山市本町一丁目1番地の1",
        "phone": "042-565-1111",
        "email": "hanako@example.jp",
        "household_size": "3",
        "has_dog": "はい",
        "dog_name": "ポチ",
        "ward": "北地区",
        "reasons": "転入",
        "remarks": "よろしくお願いします。",
        "children.child_name": "村山 太郎; 村山 次郎",
        "children.child_birth_date": "2015-06-01; 2018-02-03",
        "documents": "1",
        "bank": "金融機関コード 0001・支店コード 123・普通・口座番号 0012345・名義 ﾑﾗﾔﾏ ﾊﾅｺ",
        "consent": "はい",
    }
    assert ("children.child_name", "子ども: 子どもの氏名") in columns


def test_csv_hidden_field_is_empty(definition):
    answers = every_widget_answers()
    answers["has_dog"] = "no"

    values = dict(
        zip(
            [key for key, _h in csv_columns(definition)],
            csv_values(definition, answers),
            strict=True,
        )
    )

    assert values["dog_name"] == ""
