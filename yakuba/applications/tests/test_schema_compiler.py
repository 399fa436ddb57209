"""Builder model ⇄ JSON Schema + UI schema."""

from __future__ import annotations

import copy

import pytest

from yakuba.applications.schema import (
    FIELD_TYPES,
    BuilderField,
    BuilderForm,
    BuilderPage,
    check_definition,
    compile_form,
    decompile_form,
)
from yakuba.applications.tests.factories import SMALL_SCHEMA, SMALL_UI
from yakuba.applications.tests.factories_schema import YES_NO, every_widget_form

ONE_FIELD_OF_EACH = {
    "text": BuilderField(
        "name",
        "text",
        "氏名",
        "Name",
        help="戸籍上の氏名",
        help_en="As registered",
        required=True,
        options={"max_length": 50, "min_length": 2, "pattern": "^[^0-9]+$", "autocomplete": "name"},
        prefill="name",
        placeholder="村山 花子",
    ),
    "textarea": BuilderField("remarks", "textarea", "備考", options={"max_length": 400}),
    "kana": BuilderField("kana", "kana", "フリガナ", required=True, prefill="name_kana"),
    "number": BuilderField(
        "weight", "number", "体重", options={"integer": False, "minimum": 1, "maximum": 200}
    ),
    "date": BuilderField(
        "day", "date", "日付", options={"min": "today", "max": "today+30"}, prefill="birth_date"
    ),
    "radio": BuilderField("answer", "radio", "回答", required=True, options={"choices": YES_NO}),
    "select": BuilderField("ward", "select", "地区", options={"choices": YES_NO}),
    "checkboxes": BuilderField(
        "reasons", "checkboxes", "理由", options={"choices": YES_NO, "min_items": 1, "max_items": 2}
    ),
    "address": BuilderField("address", "address", "住所", required=True, prefill="address"),
    "phone": BuilderField("phone", "phone", "電話番号"),
    "email": BuilderField("email", "email", "メールアドレス"),
    "file": BuilderField(
        "documents",
        "file",
        "書類",
        options={"accept": ["application/pdf"], "max_bytes": 1000, "min_items": 1, "max_items": 3},
    ),
    "group": BuilderField(
        "children",
        "group",
        "子ども",
        "Children",
        options={"add_label": "追加", "add_label_en": "Add", "max_items": 4},
        children=[
            BuilderField("child_name", "text", "氏名", required=True),
            BuilderField("child_kana", "kana", "フリガナ"),
            BuilderField("child_birth", "date", "生年月日"),
            BuilderField("child_address", "address", "住所"),
            BuilderField("child_gender", "radio", "性別", options={"choices": YES_NO}),
        ],
    ),
    "consent": BuilderField(
        "consent",
        "consent",
        "同意",
        required=True,
        options={"text": "同意します", "text_en": "I agree"},
    ),
    "bank_account": BuilderField("bank", "bank_account", "口座", "Bank account", required=True),
}


def test_every_widget_has_a_case():
    assert set(ONE_FIELD_OF_EACH) == set(FIELD_TYPES)


@pytest.mark.parametrize("widget", sorted(ONE_FIELD_OF_EACH))
def test_round_trip_of_each_widget(widget):
    form = BuilderForm("テスト", "Test", [copy.deepcopy(ONE_FIELD_OF_EACH[widget])])

    schema, ui = compile_form(form)

    check_definition(schema, ui)
    assert decompile_form(schema, ui) == form
    assert compile_form(decompile_form(schema, ui)) == (schema, ui)


def test_round_trip_of_the_every_widget_form():
    form = every_widget_form()

    schema, ui = compile_form(form)

    check_definition(schema, ui)
    assert decompile_form(schema, ui) == form
    assert compile_form(decompile_form(schema, ui)) == (schema, ui)


def test_hand_written_small_form_compiles_back_to_itself():
    assert compile_form(decompile_form(SMALL_SCHEMA, SMALL_UI)) == (SMALL_SCHEMA, SMALL_UI)


def test_text_fragment_and_ui():
    schema, ui = compile_form(BuilderForm("t", fields=[ONE_FIELD_OF_EACH["text"]]))

    assert schema["properties"]["name"] == {
        "title": "氏名",
        "description": "戸籍上の氏名",
        "type": "string",
        "maxLength": 50,
        "minLength": 2,
        "pattern": "^[^0-9]+$",
    }
    assert ui["name"] == {
        "ui:widget": "text",
        "ui:title_en": "Name",
        "ui:help_en": "As registered",
        "ui:placeholder": "村山 花子",
        "ui:prefill": "name",
        "ui:autocomplete": "name",
    }
    assert schema["required"] == ["name"]
    assert ui["ui:order"] == ["name"]
    assert "ui:pages" not in ui


def test_defaults_are_written_into_the_schema_and_left_out_of_the_options():
    form = BuilderForm(
        "t",
        fields=[
            BuilderField("a", "text", "A"),
            BuilderField("f", "file", "F"),
            BuilderField("g", "group", "G", children=[BuilderField("x", "text", "X")]),
        ],
    )

    schema, ui = compile_form(form)

    assert schema["properties"]["a"]["maxLength"] == 200
    assert schema["properties"]["f"]["maxItems"] == 1
    assert ui["f"]["ui:options"] == {
        "accept": ["application/pdf", "image/jpeg", "image/png"],
        "max_bytes": 10 * 1024 * 1024,
    }
    assert schema["properties"]["g"]["maxItems"] == 10
    assert decompile_form(schema, ui) == form


def test_conditional_required_goes_to_all_of_not_required():
    form = BuilderForm(
        "t",
        fields=[
            BuilderField("has_dog", "radio", "犬", required=True, options={"choices": YES_NO}),
            BuilderField(
                "dog_name",
                "text",
                "犬の名前",
                required=True,
                show_if={"field": "has_dog", "equals": "yes"},
            ),
        ],
    )

    schema, ui = compile_form(form)

    assert schema["required"] == ["has_dog"]
    assert schema["allOf"] == [
        {
            "if": {"properties": {"has_dog": {"const": "yes"}}, "required": ["has_dog"]},
            "then": {"required": ["dog_name"]},
        }
    ]
    assert ui["dog_name"]["ui:showIf"] == {"field": "has_dog", "equals": "yes"}


def test_condition_on_checkboxes_uses_contains():
    form = BuilderForm(
        "t",
        fields=[
            BuilderField("reasons", "checkboxes", "理由", options={"choices": YES_NO}),
            BuilderField(
                "detail", "text", "詳細", required=True, show_if={"field": "reasons", "in": ["yes"]}
            ),
        ],
    )

    schema, _ui = compile_form(form)

    assert schema["allOf"][0]["if"] == {
        "properties": {"reasons": {"contains": {"enum": ["yes"]}}},
        "required": ["reasons"],
    }


def test_pages_are_written_in_order():
    form = every_widget_form()

    _schema, ui = compile_form(form)

    assert [page["key"] for page in ui["ui:pages"]] == ["applicant", "details"]
    assert ui["ui:pages"][0] == {
        "key": "applicant",
        "title": "申請者",
        "title_en": "Applicant",
        "fields": ["name", "name_kana", "birth_date", "address", "phone", "email"],
    }
    assert (
        BuilderPage("applicant", "申請者", "Applicant", ui["ui:pages"][0]["fields"])
        == form.pages[0]
    )


def test_choices_english_titles_go_to_enum_names():
    schema, ui = compile_form(BuilderForm("t", fields=[ONE_FIELD_OF_EACH["radio"]]))

    assert schema["properties"]["answer"]["oneOf"] == [
        {"const": "yes", "title": "はい"},
        {"const": "no", "title": "いいえ"},
    ]
    assert ui["answer"]["ui:enumNames_en"] == ["Yes", "No"]


def test_unknown_widget_is_refused():
    with pytest.raises(ValueError):
        compile_form(BuilderForm("t", fields=[BuilderField("a", "slider", "A")]))
