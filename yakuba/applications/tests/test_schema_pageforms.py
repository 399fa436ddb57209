"""Page forms: normalisation, conditions and repeating groups without JavaScript, files,
English."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation

from yakuba.applications.schema import (
    BuilderField,
    BuilderForm,
    BuilderPage,
    FormDefinition,
    build_page_form,
    compile_form,
    merge_page_answers,
)
from yakuba.applications.tests.factories_schema import (
    YES_NO,
    every_widget_answers,
    every_widget_definition,
)

TODAY = datetime.date(2026, 12, 5)


@pytest.fixture
def definition():
    return FormDefinition(*every_widget_definition())


def post(values: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in values.items():
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    return data


APPLICANT = {
    "name": "　村山　花子 ",
    "name_kana": "ﾑﾗﾔﾏ はなこ",
    "birth_date": "Ｓ６０．４．１",
    "address__postal_code": "〒２０８－０００４",
    "address__address": "東京都武蔵村山市本町１－１－１",
    "address__building": "",
    "phone": "０４２５６５１１１１",
    "email": "ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ",
}

DETAILS = {
    "household_size": "３",
    "has_dog": "yes",
    "dog_name": "ポチ",
    "ward": "north",
    "reasons": ["moving", "birth"],
    "remarks": "",
    "children__count": "2",
    "children__0__child_name": "村山 太郎",
    "children__0__child_birth_date": "平成27年6月1日",
    "children__1__child_name": "",
    "children__1__child_birth_date": "",
    "bank__bank_code": "０００１",
    "bank__branch_code": "１２３",
    "bank__account_type": "ordinary",
    "bank__account_number": "12345",
    "bank__holder_kana": "むらやま　はなこ",
    "consent": "on",
}


def pdf(name: str = "免許証.pdf", size: int = 100) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * size, content_type="application/pdf")


def test_applicant_page_normalises_what_people_type(definition):
    form = build_page_form(definition, "applicant", data=post(APPLICANT), today=TODAY)

    assert form.is_valid(), form.errors
    assert form.page_answers == {
        "name": "村山 花子",
        "name_kana": "ムラヤマ ハナコ",
        "birth_date": "1985-04-01",
        "address": {
            "postal_code": "208-0004",
            "address": "東京都武蔵村山市本町1-1-1",
            "building": "",
        },
        "phone": "042-565-1111",
        "email": "hanako@example.jp",
    }


def test_details_page_answers_bank_and_group(definition):
    form = build_page_form(
        definition,
        "details",
        data=post(DETAILS),
        files={"documents": pdf()},
        answers={},
        today=TODAY,
    )

    assert form.is_valid(), form.errors
    assert form.page_answers == {
        "household_size": 3,
        "has_dog": "yes",
        "dog_name": "ポチ",
        "ward": "north",
        "reasons": ["moving", "birth"],
        "children": [{"child_name": "村山 太郎", "child_birth_date": "2015-06-01"}],
        "bank": {
            "bank_code": "0001",
            "branch_code": "123",
            "account_type": "ordinary",
            "account_number": "0012345",
            "holder_kana": "ﾑﾗﾔﾏ ﾊﾅｺ",
        },
        "consent": True,
    }
    assert [upload.name for upload in form.uploads["documents"]] == ["免許証.pdf"]
    assert form.removed == {}


def test_required_fields_and_parts_get_errors(definition):
    form = build_page_form(
        definition, "details", data=post({"bank__bank_code": "1", "children__count": "1"})
    )

    assert not form.is_valid()
    assert form.errors["household_size"] == ["世帯の人数を入力してください。"]
    assert form.errors["has_dog"] == ["犬を飼っていますかを選んでください。"]
    assert form.errors["bank__bank_code"] == ["金融機関コードは4桁の数字で入力してください。"]
    assert form.errors["bank__branch_code"] == ["支店コード（3桁）を入力してください。"]
    assert form.errors["documents"] == ["本人確認書類を添付してください。"]
    assert form.errors["consent"] == ["確認にチェックを入れてください。"]
    assert "dog_name" not in form.errors


def test_same_page_condition_not_holding_ignores_the_field(definition):
    data = post({**DETAILS, "has_dog": "no", "dog_name": "x" * 100})

    form = build_page_form(definition, "details", data=data, files={"documents": pdf()})

    assert form.is_valid(), form.errors
    assert "dog_name" not in form.page_answers


def test_same_page_condition_holding_requires_the_field(definition):
    data = post({**DETAILS, "dog_name": ""})

    form = build_page_form(definition, "details", data=data, files={"documents": pdf()})

    assert not form.is_valid()
    assert form.errors == {"dog_name": ["犬の名前を入力してください。"]}


def test_same_page_conditional_field_is_rendered_with_a_note(definition):
    form = build_page_form(definition, "details", answers={})

    html = render_to_string("applications/fields/page.html", {"form": form})

    assert 'data-show-if="has_dog" data-show-if-values="[&quot;yes&quot;]"' in html
    assert "「犬を飼っていますか」で「はい」を選んだ方のみ" in html


def two_page_condition() -> FormDefinition:
    form = BuilderForm(
        "t",
        fields=[
            BuilderField("has_car", "radio", "車", required=True, options={"choices": YES_NO}),
            BuilderField(
                "plate",
                "text",
                "ナンバー",
                required=True,
                show_if={"field": "has_car", "equals": "yes"},
            ),
            BuilderField("note", "text", "備考"),
        ],
        pages=[
            BuilderPage("first", "1", fields=["has_car"]),
            BuilderPage("second", "2", fields=["plate", "note"]),
        ],
    )
    return FormDefinition(*compile_form(form))


def test_earlier_page_condition_is_decided_from_the_answers():
    definition = two_page_condition()

    shown = build_page_form(definition, "second", answers={"has_car": "yes"})
    hidden = build_page_form(
        definition, "second", data=post({"plate": "", "note": "a"}), answers={"has_car": "no"}
    )

    assert list(shown.fields) == ["plate", "note"]
    assert list(hidden.fields) == ["note"]
    assert hidden.is_valid()
    assert hidden.page_answers == {"note": "a"}


def test_unbound_form_shows_the_draft_and_one_empty_group_item(definition):
    answers = every_widget_answers()

    form = build_page_form(definition, "details", answers=answers, attachments={1: "免許証.pdf"})
    html = render_to_string("applications/fields/page.html", {"form": form})

    assert form.group_counts == {"children": 2}
    assert form["children__0__child_name"].value() == "村山 太郎"
    assert form["children__1__child_name"].value() is None
    assert form["bank__account_number"].value() == "0012345"
    assert 'name="children__add"' in html
    assert 'name="children__delete_1"' in html
    assert "「免許証.pdf」を取り除く" in html


def test_group_add_button_shows_the_page_again_with_what_was_typed(definition):
    data = post({**DETAILS, "children__1__child_name": "村山 次郎", "children__add": "1"})

    form = build_page_form(definition, "details", data=data)

    assert form.group_action == ("children", "add", None)
    assert not form.is_bound
    assert not form.is_valid()
    assert form.group_counts == {"children": 3}
    assert form["children__0__child_birth_date"].value() == "平成27年6月1日"
    assert form["children__1__child_name"].value() == "村山 次郎"
    assert form["children__2__child_name"].value() is None
    assert form["household_size"].value() == "３"
    assert form["reasons"].value() == ["moving", "birth"]


def test_group_delete_button_removes_the_item_and_renumbers(definition):
    data = post({**DETAILS, "children__1__child_name": "村山 次郎", "children__delete_0": "1"})

    form = build_page_form(definition, "details", data=data)

    assert form.group_action == ("children", "delete", 0)
    assert form.group_counts == {"children": 1}
    assert form["children__0__child_name"].value() == "村山 次郎"
    assert "children__1__child_name" not in form.fields


def test_group_add_stops_at_the_maximum(definition):
    values = {**DETAILS, "children__count": "5", "children__add": "1"}

    form = build_page_form(definition, "details", data=post(values))
    html = render_to_string("applications/fields/page.html", {"form": form})

    assert form.group_counts == {"children": 5}
    assert 'name="children__add"' not in html


def test_group_item_partly_filled_needs_its_required_sub_field(definition):
    data = post({**DETAILS, "children__1__child_birth_date": "2018-01-01"})

    form = build_page_form(definition, "details", data=data, files={"documents": pdf()})

    assert not form.is_valid()
    assert form.errors == {"children__1__child_name": ["子どもの氏名を入力してください。"]}
    assert "children" not in form.page_answers


def test_existing_attachments_can_be_removed(definition):
    answers = {"documents": [7, 8]}
    data = post({**DETAILS, "documents__remove": ["7"]})

    form = build_page_form(definition, "details", data=data, answers=answers)

    assert form.is_valid(), form.errors
    assert form.removed == {"documents": [7]}
    assert form.uploads == {}


def test_removing_every_attachment_of_a_required_field_is_refused(definition):
    data = post({**DETAILS, "documents__remove": ["7"]})

    form = build_page_form(definition, "details", data=data, answers={"documents": [7]})

    assert form.errors == {"documents": ["本人確認書類を添付してください。"]}


def test_too_many_files_are_refused(definition):
    form = build_page_form(
        definition,
        "details",
        data=post(DETAILS),
        files=_files(pdf("a.pdf"), pdf("b.pdf")),
        answers={"documents": [7]},
    )

    assert form.errors == {"documents": ["ファイルは2個まで添付できます。"]}


def test_too_large_file_is_refused(definition):
    form = build_page_form(
        definition, "details", data=post(DETAILS), files=_files(pdf(size=11 * 1024 * 1024))
    )

    assert form.errors == {"documents": ["「免許証.pdf」は大きすぎます（10 MBまで）。"]}


def _files(*uploads):
    from django.utils.datastructures import MultiValueDict

    return MultiValueDict({"documents": list(uploads)})


def test_error_summary_links_to_the_inputs(definition):
    form = build_page_form(
        definition, "applicant", data=post({**APPLICANT, "address__postal_code": "12"})
    )

    assert not form.is_valid()
    assert form.error_summary() == [
        (
            "id_address__postal_code",
            "住所（郵便番号）",
            "郵便番号は7桁の数字で入力してください（例: 208-0004）。",
        )
    ]
    html = render_to_string("applications/fields/page.html", {"form": form})
    assert (
        '<a href="#id_address__postal_code">住所（郵便番号）: 郵便番号は7桁の数字で入力してください（例: 208-0004）。</a>'
        in html
    )
    assert 'aria-describedby="id_address__postal_code_error_1"' in html
    assert 'aria-invalid="true"' in html


def test_english_page_form(definition):
    form = build_page_form(
        definition,
        "applicant",
        data=post({**APPLICANT, "address__postal_code": "12"}),
        language="en",
    )

    assert not form.is_valid()
    assert form.errors["address__postal_code"] == [
        "Enter the postcode as 7 digits (for example 208-0004)."
    ]
    with translation.override("en"):
        html = render_to_string("applications/fields/page.html", {"form": form})
    assert '<span lang="en">Name</span>' in html
    assert '<span lang="en">Date of birth</span>' in html
    assert 'lang="en">As in your family register</p>' in html


def test_english_choice_titles(definition):
    form = build_page_form(definition, "details", language="en")

    assert list(form.fields["has_dog"].choices) == [("yes", "Yes"), ("no", "No")]
    with translation.override("en"):
        html = render_to_string("applications/fields/page.html", {"form": form})
    assert "Add a child" in html
    assert '<span lang="en">I confirm that the above is correct.</span>' in html


def test_inputs_have_autocomplete_and_inputmode(definition):
    form = build_page_form(definition, "applicant", prefilled=["name"])

    html = render_to_string("applications/fields/page.html", {"form": form})

    assert 'name="name" value="" placeholder="村山 花子" autocomplete="name"' not in html
    assert 'autocomplete="name"' in html
    assert 'autocomplete="bday"' in html
    assert 'autocomplete="postal-code" inputmode="numeric"' in html
    assert (
        'autocomplete="tel" inputmode="numeric" type="tel"' in html or 'inputmode="numeric"' in html
    )
    assert 'inputmode="email"' in html
    assert "住民記録から入力しました。違っていれば直してください。" in html


def test_merge_page_answers_replaces_the_page_keeps_files_and_other_pages(definition):
    answers = {"name": "a", "dog_name": "ポチ", "documents": [1], "remarks": "old"}

    merged = merge_page_answers(definition, answers, "details", {"has_dog": "no"})

    assert merged == {"name": "a", "documents": [1], "has_dog": "no"}


@pytest.mark.parametrize(
    "typed",
    ["", " ", "x" * 5000, "０", "-1", "<script>", "\u3000", "１２３４５６７８９０１２３４５６７８"],
)
def test_any_text_in_any_input_gives_errors_never_an_exception(definition, typed):
    for page_key in definition.page_keys:
        form = build_page_form(definition, page_key, answers={})
        values = {name: typed for name in form.fields}
        values.update({"children__count": typed, "documents__remove": typed})

        bound = build_page_form(definition, page_key, data=post(values), answers={"documents": [3]})
        bound.is_valid()
        html = render_to_string("applications/fields/page.html", {"form": bound})

        assert "<script>" not in html.replace(
            '<script src="/static/applications/show-if.js" defer></script>', ""
        )


def test_stale_answers_of_another_shape_do_not_break_the_page(definition):
    answers = {
        "address": "東京都",
        "bank": ["0001"],
        "children": [1, {"child_name": 5}],
        "reasons": "moving",
        "documents": ["x", 4],
        "consent": "yes",
    }

    for page_key in definition.page_keys:
        form = build_page_form(definition, page_key, answers=answers, attachments={4: "a.pdf"})
        render_to_string("applications/fields/page.html", {"form": form})
