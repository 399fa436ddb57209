"""Form-engine builders for tests and the benchmark: ``every_widget_form()`` has one field
of every widget (a repeating group with sub-fields, a conditional field, a consent, a
file field, a bank account) on two pages; ``every_widget_answers()`` is valid for it."""

from __future__ import annotations

from typing import Any

from yakuba.applications.schema import BuilderField, BuilderForm, BuilderPage, compile_form

YES_NO = [
    {"value": "yes", "label": "はい", "label_en": "Yes"},
    {"value": "no", "label": "いいえ", "label_en": "No"},
]


def every_widget_form() -> BuilderForm:
    """One field of every widget, on two pages (``applicant``, ``details``)."""
    fields = [
        BuilderField(
            "name",
            "text",
            "氏名",
            "Name",
            help="戸籍上の氏名",
            help_en="As in your family register",
            required=True,
            options={"max_length": 50, "autocomplete": "name"},
            prefill="name",
            placeholder="村山 花子",
        ),
        BuilderField(
            "name_kana",
            "kana",
            "氏名（フリガナ）",
            "Name (katakana)",
            required=True,
            options={"max_length": 50},
            prefill="name_kana",
        ),
        BuilderField(
            "birth_date",
            "date",
            "生年月日",
            "Date of birth",
            required=True,
            options={"min": "1900-01-01", "max": "today", "autocomplete": "bday"},
            prefill="birth_date",
        ),
        BuilderField("address", "address", "住所", "Address", required=True, prefill="address"),
        BuilderField("phone", "phone", "電話番号", "Phone number", required=True),
        BuilderField("email", "email", "メールアドレス", "E-mail address"),
        BuilderField(
            "household_size",
            "number",
            "世帯の人数",
            "People in the household",
            required=True,
            options={"minimum": 1, "maximum": 20},
        ),
        BuilderField(
            "has_dog",
            "radio",
            "犬を飼っていますか",
            "Do you keep a dog?",
            required=True,
            options={"choices": YES_NO},
        ),
        BuilderField(
            "dog_name",
            "text",
            "犬の名前",
            "Dog's name",
            required=True,
            options={"max_length": 30},
            show_if={"field": "has_dog", "equals": "yes"},
        ),
        BuilderField(
            "ward",
            "select",
            "地区",
            "District",
            required=True,
            options={
                "choices": [
                    {"value": "north", "label": "北地区", "label_en": "North"},
                    {"value": "south", "label": "南地区", "label_en": "South"},
                ]
            },
        ),
        BuilderField(
            "reasons",
            "checkboxes",
            "申請の理由",
            "Reasons",
            options={
                "choices": [
                    {"value": "moving", "label": "転入", "label_en": "Moving in"},
                    {"value": "birth", "label": "出生", "label_en": "Birth"},
                    {"value": "other", "label": "その他", "label_en": "Other"},
                ],
                "max_items": 2,
            },
        ),
        BuilderField("remarks", "textarea", "備考", "Remarks", options={"max_length": 500}),
        BuilderField(
            "children",
            "group",
            "子ども",
            "Children",
            options={"add_label": "子どもを追加", "add_label_en": "Add a child", "max_items": 5},
            children=[
                BuilderField("child_name", "text", "子どもの氏名", "Child's name", required=True),
                BuilderField(
                    "child_birth_date", "date", "子どもの生年月日", "Child's date of birth"
                ),
            ],
        ),
        BuilderField(
            "documents",
            "file",
            "本人確認書類",
            "Proof of identity",
            required=True,
            options={"max_items": 2},
        ),
        BuilderField(
            "bank", "bank_account", "振込先口座", "Bank account for payment", required=True
        ),
        BuilderField(
            "consent",
            "consent",
            "確認",
            "Confirmation",
            required=True,
            options={
                "text": "記載内容に誤りがないことを確認しました。",
                "text_en": "I confirm that the above is correct.",
            },
        ),
    ]
    keys = [item.key for item in fields]
    split = keys.index("household_size")
    pages = [
        BuilderPage("applicant", "申請者", "Applicant", keys[:split]),
        BuilderPage("details", "申請の内容", "Details", keys[split:]),
    ]
    return BuilderForm("全項目のテスト申請", "Every field test", fields, pages)


def every_widget_definition() -> tuple[dict[str, Any], dict[str, Any]]:
    return compile_form(every_widget_form())


def every_widget_answers(*, attachment_ids: list[int] | None = None) -> dict[str, Any]:
    """Answers valid against ``every_widget_form()`` (``documents`` holds the given
    Attachment ids, default ``[1]``)."""
    return {
        "name": "村山 花子",
        "name_kana": "ムラヤマ ハナコ",
        "birth_date": "1985-04-01",
        "address": {
            "postal_code": "208-0004",
            "address": "東京都武蔵村山市本町一丁目1番地の1",
            "building": "",
        },
        "phone": "042-565-1111",
        "email": "hanako@example.jp",
        "household_size": 3,
        "has_dog": "yes",
        "dog_name": "ポチ",
        "ward": "north",
        "reasons": ["moving"],
        "remarks": "よろしくお願いします。",
        "children": [{"child_name": "村山 太郎", "child_birth_date": "2015-06-01"}],
        "documents": attachment_ids if attachment_ids is not None else [1],
        "bank": {
            "bank_code": "0001",
            "branch_code": "123",
            "account_type": "ordinary",
            "account_number": "0012345",
            "holder_kana": "ﾑﾗﾔﾏ ﾊﾅｺ",
        },
        "consent": True,
    }
