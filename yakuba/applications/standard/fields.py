"""Short builders for the standard forms: each returns a
:class:`~yakuba.applications.schema.BuilderField` (the staff builder's model), so a
procedure's form reads as data and is compiled to the stored JSON Schema + UI schema by
the form engine's ``compile_form`` — exactly what staff would get building it by hand
(docs/modules/applications-schema.md).
"""

from __future__ import annotations

from typing import Any

from yakuba.applications.schema.builder_model import BuilderField, BuilderForm, BuilderPage

#: A choice: (value, 日本語, English).
Choice = tuple[str, str, str]


def _field(
    key: str,
    widget: str,
    label: str,
    label_en: str,
    *,
    required: bool = True,
    help: str = "",
    help_en: str = "",
    prefill: str = "",
    placeholder: str = "",
    show_if: dict[str, Any] | None = None,
    options: dict[str, Any] | None = None,
    children: list[BuilderField] | None = None,
) -> BuilderField:
    return BuilderField(
        key=key,
        widget=widget,
        label=label,
        label_en=label_en,
        help=help,
        help_en=help_en,
        required=required,
        options={name: value for name, value in (options or {}).items() if value is not None},
        show_if=show_if,
        prefill=prefill,
        placeholder=placeholder,
        children=list(children or []),
    )


def text(
    key: str,
    label: str,
    label_en: str,
    *,
    max_length: int | None = None,
    pattern: str | None = None,
    autocomplete: str | None = None,
    **kw: Any,
) -> BuilderField:
    options = {"max_length": max_length, "pattern": pattern, "autocomplete": autocomplete}
    return _field(key, "text", label, label_en, options=options, **kw)


def textarea(
    key: str, label: str, label_en: str, *, max_length: int | None = None, **kw: Any
) -> BuilderField:
    return _field(key, "textarea", label, label_en, options={"max_length": max_length}, **kw)


def kana(
    key: str, label: str, label_en: str, *, max_length: int | None = None, **kw: Any
) -> BuilderField:
    return _field(key, "kana", label, label_en, options={"max_length": max_length}, **kw)


def number(
    key: str,
    label: str,
    label_en: str,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    **kw: Any,
) -> BuilderField:
    options = {"minimum": minimum, "maximum": maximum}
    return _field(key, "number", label, label_en, options=options, **kw)


def date(
    key: str,
    label: str,
    label_en: str,
    *,
    min: str | None = None,
    max: str | None = None,
    autocomplete: str | None = None,
    **kw: Any,
) -> BuilderField:
    options = {"min": min, "max": max, "autocomplete": autocomplete}
    return _field(key, "date", label, label_en, options=options, **kw)


def _choices(choices: list[Choice]) -> list[dict[str, str]]:
    return [{"value": value, "label": ja, "label_en": en} for value, ja, en in choices]


def radio(key: str, label: str, label_en: str, choices: list[Choice], **kw: Any) -> BuilderField:
    return _field(key, "radio", label, label_en, options={"choices": _choices(choices)}, **kw)


def select(key: str, label: str, label_en: str, choices: list[Choice], **kw: Any) -> BuilderField:
    return _field(key, "select", label, label_en, options={"choices": _choices(choices)}, **kw)


def checkboxes(
    key: str,
    label: str,
    label_en: str,
    choices: list[Choice],
    *,
    min_items: int | None = None,
    max_items: int | None = None,
    **kw: Any,
) -> BuilderField:
    options = {"choices": _choices(choices), "min_items": min_items, "max_items": max_items}
    return _field(key, "checkboxes", label, label_en, options=options, **kw)


def address(key: str, label: str, label_en: str, **kw: Any) -> BuilderField:
    return _field(key, "address", label, label_en, **kw)


def phone(key: str, label: str, label_en: str, **kw: Any) -> BuilderField:
    kw.setdefault("placeholder", "042-565-1111")
    return _field(key, "phone", label, label_en, **kw)


def email(key: str, label: str, label_en: str, **kw: Any) -> BuilderField:
    return _field(key, "email", label, label_en, **kw)


def file(
    key: str,
    label: str,
    label_en: str,
    *,
    accept: list[str] | None = None,
    max_bytes: int | None = None,
    max_items: int | None = None,
    **kw: Any,
) -> BuilderField:
    min_items = 1 if kw.get("required", True) else None
    options = {
        "accept": accept,
        "max_bytes": max_bytes,
        "min_items": min_items,
        "max_items": max_items,
    }
    return _field(key, "file", label, label_en, options=options, **kw)


def group(
    key: str,
    label: str,
    label_en: str,
    children: list[BuilderField],
    *,
    add_label: str = "",
    add_label_en: str = "",
    min_items: int | None = 1,
    max_items: int | None = None,
    **kw: Any,
) -> BuilderField:
    options = {
        "add_label": add_label or None,
        "add_label_en": add_label_en or None,
        "min_items": min_items,
        "max_items": max_items,
    }
    return _field(key, "group", label, label_en, options=options, children=children, **kw)


def consent(
    key: str, label: str, label_en: str, statement: str, statement_en: str, **kw: Any
) -> BuilderField:
    options = {"text": statement, "text_en": statement_en}
    return _field(key, "consent", label, label_en, options=options, **kw)


def bank_account(key: str, label: str, label_en: str, **kw: Any) -> BuilderField:
    return _field(key, "bank_account", label, label_en, **kw)


def equals(field_key: str, value: str) -> dict[str, Any]:
    return {"field": field_key, "equals": value}


def one_of(field_key: str, *values: str) -> dict[str, Any]:
    return {"field": field_key, "in": list(values)}


def checked(field_key: str) -> dict[str, Any]:
    return {"field": field_key, "checked": True}


def page(key: str, title: str, title_en: str, fields: list[BuilderField]) -> BuilderPage:
    return BuilderPage(key=key, title=title, title_en=title_en, fields=[f.key for f in fields])


def form(
    title: str,
    title_en: str,
    fields: list[BuilderField],
    pages: list[BuilderPage] | None = None,
) -> BuilderForm:
    keys = [item.key for item in fields]
    if len(set(keys)) != len(keys):
        raise ValueError(f"duplicate field key in {title}")
    return BuilderForm(title=title, title_en=title_en, fields=fields, pages=list(pages or []))


def paged(
    title: str, title_en: str, sections: list[tuple[str, str, str, list[BuilderField]]]
) -> BuilderForm:
    """A form of several pages: ``sections`` are (key, title, title_en, fields)."""
    fields = [item for _key, _title, _en, items in sections for item in items]
    pages = [page(key, name, name_en, items) for key, name, name_en, items in sections]
    return form(title, title_en, fields, pages)


# ----------------------------------------------------------------- common blocks


def applicant_fields(
    *, prefill: bool = True, birth_date: bool = True, phone_number: bool = True
) -> list[BuilderField]:
    """氏名・フリガナ・生年月日・住所・電話: the applicant block of most forms (prefilled from
    the registry on card-level forms).  No example names as placeholders: a form is not
    personal data, and must not look like it (the staff crawler checks pages for names)."""
    fields = [
        text(
            "name",
            "氏名",
            "Name",
            max_length=50,
            prefill="name" if prefill else "",
            autocomplete="name",
        ),
        kana(
            "name_kana",
            "氏名（フリガナ）",
            "Name (katakana)",
            max_length=50,
            prefill="name_kana" if prefill else "",
        ),
    ]
    if birth_date:
        fields.append(
            date(
                "birth_date",
                "生年月日",
                "Date of birth",
                max="today",
                prefill="birth_date" if prefill else "",
                help="和暦（例：昭和45年3月1日）でも入力できます。",
                help_en="You may enter a Japanese era date (e.g. S45.3.1).",
                autocomplete="bday",
            )
        )
    fields.append(address("address", "住所", "Address", prefill="address" if prefill else ""))
    if phone_number:
        fields.append(phone("phone", "日中の連絡先電話番号", "Daytime phone number"))
    return fields


def delivery_fields() -> list[BuilderField]:
    """郵送先: the registered address, or another address (then asked, with the reason)."""
    return [
        radio(
            "delivery",
            "郵送先",
            "Send to",
            [
                ("home", "住民登録の住所", "My registered address"),
                ("other", "別の住所（勤務先・入院先など）", "Another address (work, hospital…)"),
            ],
        ),
        address(
            "delivery_address",
            "送付先住所",
            "Delivery address",
            show_if=equals("delivery", "other"),
        ),
        text(
            "delivery_reason",
            "住民登録の住所以外に送付する理由",
            "Why another address",
            max_length=200,
            show_if=equals("delivery", "other"),
            help="本人確認のため、住民登録地以外へ送付する理由をお書きください。",
            help_en="To protect you, tell us why we should not send it to your registered address.",
        ),
    ]


def accuracy_consent() -> BuilderField:
    return consent(
        "consent",
        "確認",
        "Confirmation",
        "記載した内容に誤りがないことを確認しました。",
        "I confirm that the information I entered is correct.",
    )


#: Example answers of the applicant block (the demo persona 村山 花子).
HANAKO: dict[str, Any] = {
    "name": "村山 花子",
    "name_kana": "ムラヤマ ハナコ",
    "birth_date": "1970-03-01",
    "address": {"postal_code": "208-0004", "address": "東京都武蔵村山市本町二丁目12番地の3"},
    "phone": "042-565-1234",
}
