"""check_definition: what a form version must satisfy."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError

from yakuba.applications.schema import check_definition
from yakuba.applications.tests.factories import SMALL_SCHEMA, SMALL_UI
from yakuba.applications.tests.factories_schema import every_widget_definition


def refusals(schema, ui) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        check_definition(schema, ui)
    return caught.value.messages


def small():
    return copy.deepcopy(SMALL_SCHEMA), copy.deepcopy(SMALL_UI)


def test_accepts_the_small_and_the_every_widget_forms():
    check_definition(*small())
    check_definition(*every_widget_definition())


def test_refuses_an_invalid_json_schema():
    schema, ui = small()
    schema["properties"]["name"]["maxLength"] = "fifty"

    assert refusals(schema, ui) == [
        "JSON Schema として正しくありません（properties/name/maxLength）。"
    ]


def test_refuses_a_key_not_matching_the_pattern():
    schema, ui = small()
    schema["properties"]["Name"] = schema["properties"].pop("name")
    schema["required"] = ["Name", "name_kana", "has_dog", "consent"]
    ui["Name"] = ui.pop("name")
    ui["ui:order"][0] = "Name"
    ui["ui:pages"][0]["fields"][0] = "Name"

    assert refusals(schema, ui) == [
        "項目キー「Name」は英小文字で始まる英小文字・数字・_ の40文字以内にしてください。"
    ]


def test_refuses_a_property_without_widget():
    schema, ui = small()
    del ui["email"]["ui:widget"]

    assert refusals(schema, ui) == ["項目「メールアドレス」に入力の種類（ui:widget）がありません。"]


def test_refuses_an_unknown_widget():
    schema, ui = small()
    ui["email"]["ui:widget"] = "slider"

    assert refusals(schema, ui) == ["項目「メールアドレス」の入力の種類「slider」は使えません。"]


def test_refuses_a_fragment_not_matching_its_widget():
    schema, ui = small()
    ui["email"]["ui:widget"] = "phone"

    assert refusals(schema, ui) == [
        "項目「メールアドレス」の定義が入力の種類「phone」の形と合いません。"
    ]


def test_refuses_a_bank_account_with_a_changed_pattern():
    schema, ui = every_widget_definition()
    schema["properties"]["bank"]["properties"]["account_number"]["pattern"] = "^[0-9]+$"

    assert refusals(schema, ui) == [
        "項目「振込先口座」の定義が入力の種類「bank_account」の形と合いません。"
    ]


def test_refuses_an_order_missing_a_field():
    schema, ui = small()
    ui["ui:order"].remove("email")

    assert refusals(schema, ui) == ["ui:order にはすべての項目をちょうど1回ずつ並べてください。"]


def test_refuses_an_order_listing_a_field_twice():
    schema, ui = small()
    ui["ui:order"].append("email")

    assert refusals(schema, ui) == ["ui:order にはすべての項目をちょうど1回ずつ並べてください。"]


def test_refuses_pages_not_covering_every_field_once():
    schema, ui = small()
    ui["ui:pages"][1]["fields"].append("email")

    assert refusals(schema, ui) == ["すべての項目をちょうど1つのページに置いてください。"]


def test_refuses_a_page_missing_a_field():
    schema, ui = small()
    ui["ui:pages"][0]["fields"].remove("email")

    assert refusals(schema, ui) == ["すべての項目をちょうど1つのページに置いてください。"]


def test_refuses_show_if_on_an_unknown_field():
    schema, ui = small()
    ui["dog_name"]["ui:showIf"] = {"field": "has_cat", "equals": "yes"}

    assert refusals(schema, ui) == ["項目「犬の名前」の表示条件の項目「has_cat」はありません。"]


def test_refuses_show_if_on_a_later_field():
    schema, ui = small()
    ui["ui:order"] = ["name", "name_kana", "email", "dog_name", "has_dog", "consent"]
    ui["ui:pages"][1]["fields"] = ["dog_name", "has_dog", "consent"]

    assert refusals(schema, ui) == [
        "項目「犬の名前」の表示条件の項目「has_dog」はこの項目より前に置いてください。"
    ]


def test_refuses_a_malformed_show_if():
    schema, ui = small()
    ui["dog_name"]["ui:showIf"] = {"field": "has_dog", "equals": "yes", "in": ["no"]}

    assert refusals(schema, ui) == ["項目「犬の名前」の表示条件が正しくありません。"]


def test_refuses_all_of_not_matching_show_if():
    schema, ui = small()
    schema["allOf"][0]["if"]["properties"]["has_dog"]["const"] = "no"

    assert refusals(schema, ui) == ["表示条件（allOf）の定義が ui:showIf と合いません。"]


def test_refuses_a_conditional_field_in_top_level_required():
    schema, ui = small()
    schema["required"].append("dog_name")

    assert refusals(schema, ui) == [
        "表示条件のある項目「犬の名前」は、条件付きの必須（allOf）にしてください。"
    ]


def test_refuses_a_prefill_the_type_cannot_hold():
    schema, ui = small()
    ui["email"]["ui:prefill"] = "birth_date"

    assert refusals(schema, ui) == [
        "項目「メールアドレス」（email）には「birth_date」を自動入力できません。"
    ]


def test_refuses_an_unknown_prefill():
    schema, ui = small()
    ui["name"]["ui:prefill"] = "my_number"

    assert refusals(schema, ui) == ["項目「氏名」の自動入力元「my_number」はありません。"]


def test_refuses_a_file_inside_a_group():
    schema, ui = every_widget_definition()
    schema["properties"]["children"]["items"]["properties"]["photo"] = {
        "title": "写真",
        "type": "array",
        "items": {"type": "integer"},
        "maxItems": 1,
    }
    ui["children"]["items"]["photo"] = {"ui:widget": "file"}
    ui["children"]["items"]["ui:order"].append("photo")

    assert refusals(schema, ui) == ["繰り返しの項目の中に「写真」（file）は置けません。"]


def test_refuses_choices_with_duplicate_values():
    schema, ui = small()
    schema["properties"]["has_dog"]["oneOf"][1]["const"] = "yes"

    assert "項目「犬を飼っていますか」の選択肢の値が重複しています。" in refusals(schema, ui)


def test_refuses_a_bad_date_limit():
    schema, ui = every_widget_definition()
    ui["birth_date"]["ui:options"]["max"] = "tomorrow"

    assert refusals(schema, ui) == [
        "項目「生年月日」の日付の範囲「tomorrow」は YYYY-MM-DD、today、today+日数、today-日数 のいずれかにしてください。"
    ]


def test_refuses_a_ui_entry_without_field():
    schema, ui = small()
    ui["ghost"] = {"ui:widget": "text"}

    assert refusals(schema, ui) == ["UI 定義の「ghost」に対応する項目がありません。"]


def test_refuses_a_schema_allowing_other_properties():
    schema, ui = small()
    del schema["additionalProperties"]

    assert refusals(schema, ui) == ["フォームの定義に additionalProperties: false がありません。"]
