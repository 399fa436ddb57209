"""The inputs of each field type on a page form, and the views templates render."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from .definition import FieldDef
from .fields import ChoiceAnswerField, MultipleChoiceAnswerField, SchemaField
from .rules import (
    check_bank_account,
    check_value,
    normalise_account_number,
    normalise_date,
    normalise_digits,
    normalise_email,
    normalise_kana,
    normalise_number,
    normalise_phone,
    normalise_postal_code,
    normalise_text,
    zengin_kana,
)
from .types import ACCOUNT_TYPES

DEFAULT_AUTOCOMPLETE = {"email": "email", "phone": "tel"}


def account_type_labels() -> dict[str, str]:
    return {"ordinary": _("普通"), "current": _("当座"), "savings": _("貯蓄")}


def address_labels() -> dict[str, str]:
    return {
        "postal_code": _("郵便番号"),
        "address": _("住所"),
        "building": _("建物名・部屋番号"),
    }


def bank_labels() -> dict[str, str]:
    return {
        "bank_code": _("金融機関コード（4桁）"),
        "branch_code": _("支店コード（3桁）"),
        "account_type": _("預金の種類"),
        "account_number": _("口座番号（7桁）"),
        "holder_kana": _("口座名義（カナ）"),
    }


def bank_hints() -> dict[str, str]:
    return {
        "account_number": _("7桁に満たない場合は、そのまま入力してください（前に0を補います）。"),
        "holder_kana": _("通帳に記載されたとおりにカタカナで入力してください。"),
    }


# ----------------------------------------------------------------- the controls


def _string_checker(item: FieldDef):
    def checker(value: Any) -> list[str]:
        return check_value(item, value)

    return checker


def controls_of(item: FieldDef, language: str) -> list[tuple[str, forms.Field]]:
    """``(suffix, django field)`` of one field (not a group); suffix "" or ``__<part>``."""
    widget = item.widget
    autocomplete = item.autocomplete or DEFAULT_AUTOCOMPLETE.get(widget, "")
    if not autocomplete and item.prefill == "birth_date":
        autocomplete = "bday"
    attrs: dict[str, str] = {}
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    if item.placeholder:
        attrs["placeholder"] = item.placeholder
    checker = _string_checker(item)
    if widget in ("text", "kana"):
        normaliser = normalise_kana if widget == "kana" else normalise_text
        limit = item.fragment.get("maxLength") or 200
        return [
            (
                "",
                SchemaField(
                    normaliser=normaliser,
                    checker=checker,
                    raw_limit=limit * 2 + 20,
                    widget=forms.TextInput(attrs=attrs),
                ),
            )
        ]
    if widget == "textarea":
        limit = item.fragment.get("maxLength") or 2000
        return [
            (
                "",
                SchemaField(
                    normaliser=lambda raw: normalise_text(raw, multiline=True),
                    checker=checker,
                    raw_limit=limit * 2 + 20,
                    widget=forms.Textarea(attrs={**attrs, "rows": "5"}),
                ),
            )
        ]
    if widget == "number":
        integer = item.fragment.get("type") == "integer"
        attrs["inputmode"] = "numeric" if integer else "decimal"
        return [
            (
                "",
                SchemaField(
                    normaliser=lambda raw: normalise_number(raw, integer=integer),
                    checker=checker,
                    raw_limit=40,
                    widget=forms.TextInput(attrs={**attrs, "class": "input-width-10"}),
                ),
            )
        ]
    if widget == "date":
        return [
            (
                "",
                SchemaField(
                    normaliser=normalise_date,
                    checker=checker,
                    raw_limit=30,
                    widget=forms.TextInput(attrs={**attrs, "class": "input-width-20"}),
                ),
            )
        ]
    if widget == "phone":
        attrs.update(inputmode="numeric", type="tel")
        return [
            (
                "",
                SchemaField(
                    normaliser=normalise_phone,
                    checker=checker,
                    raw_limit=30,
                    widget=forms.TextInput(attrs={**attrs, "class": "input-width-20"}),
                ),
            )
        ]
    if widget == "email":
        attrs["inputmode"] = "email"
        return [
            (
                "",
                SchemaField(
                    normaliser=normalise_email,
                    checker=checker,
                    raw_limit=300,
                    widget=forms.TextInput(attrs={**attrs, "spellcheck": "false"}),
                ),
            )
        ]
    if widget in ("radio", "select"):
        choices = [(choice.value, choice.title(language)) for choice in item.choices]
        if widget == "select":
            return [
                (
                    "",
                    ChoiceAnswerField(
                        choices=[("", _("選択してください"))] + choices, widget=forms.Select
                    ),
                )
            ]
        return [("", ChoiceAnswerField(choices=choices, widget=forms.RadioSelect))]
    if widget == "checkboxes":
        choices = [(choice.value, choice.title(language)) for choice in item.choices]
        return [
            (
                "",
                MultipleChoiceAnswerField(
                    item=item, choices=choices, widget=forms.CheckboxSelectMultiple
                ),
            )
        ]
    if widget == "consent":
        return [("", forms.BooleanField(required=False))]
    if widget == "address":
        return [
            (
                "__postal_code",
                SchemaField(
                    normaliser=normalise_postal_code,
                    raw_limit=20,
                    widget=forms.TextInput(
                        attrs={
                            "autocomplete": "postal-code",
                            "inputmode": "numeric",
                            "class": "input-width-10",
                        }
                    ),
                ),
            ),
            (
                "__address",
                SchemaField(
                    normaliser=normalise_text,
                    checker=_length_checker(200, _("住所は200文字以内で入力してください。")),
                    raw_limit=400,
                    widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
                ),
            ),
            (
                "__building",
                SchemaField(
                    normaliser=normalise_text,
                    checker=_length_checker(
                        100, _("建物名・部屋番号は100文字以内で入力してください。")
                    ),
                    raw_limit=200,
                    widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
                ),
            ),
        ]
    if widget == "bank_account":
        labels = account_type_labels()
        return [
            (
                "__bank_code",
                SchemaField(
                    normaliser=normalise_digits,
                    checker=_part_checker("bank_code"),
                    raw_limit=20,
                    widget=forms.TextInput(
                        attrs={"inputmode": "numeric", "class": "input-width-5"}
                    ),
                ),
            ),
            (
                "__branch_code",
                SchemaField(
                    normaliser=normalise_digits,
                    checker=_part_checker("branch_code"),
                    raw_limit=20,
                    widget=forms.TextInput(
                        attrs={"inputmode": "numeric", "class": "input-width-5"}
                    ),
                ),
            ),
            (
                "__account_type",
                ChoiceAnswerField(
                    choices=[("", _("選択してください"))]
                    + [(value, labels[value]) for value in ACCOUNT_TYPES],
                    widget=forms.Select,
                ),
            ),
            (
                "__account_number",
                SchemaField(
                    normaliser=normalise_account_number,
                    checker=_part_checker("account_number"),
                    raw_limit=20,
                    widget=forms.TextInput(
                        attrs={"inputmode": "numeric", "class": "input-width-10"}
                    ),
                ),
            ),
            (
                "__holder_kana",
                SchemaField(
                    normaliser=zengin_kana,
                    checker=_part_checker("holder_kana"),
                    raw_limit=80,
                    widget=forms.TextInput(attrs={"spellcheck": "false"}),
                ),
            ),
        ]
    raise ValueError(f"no controls for widget {widget!r}")


def _length_checker(limit: int, message: str):
    def checker(value: Any) -> list[str]:
        return [message] if len(value) > limit else []

    return checker


_BANK_SAMPLE = {
    "bank_code": "0001",
    "branch_code": "001",
    "account_type": "ordinary",
    "account_number": "0000001",
    "holder_kana": "ｱ",
}


def _part_checker(part: str):
    def checker(value: Any) -> list[str]:
        return check_bank_account({**_BANK_SAMPLE, part: value}).get(part, [])

    return checker


def initial_values(item: FieldDef, value: Any) -> dict[str, Any]:
    """``{suffix: initial}`` of a stored answer."""
    if value is None:
        return {}
    if item.widget == "address" and isinstance(value, dict):
        return {f"__{part}": value.get(part, "") for part in ("postal_code", "address", "building")}
    if item.widget == "bank_account" and isinstance(value, dict):
        return {
            f"__{part}": value.get(part, "")
            for part in (
                "bank_code",
                "branch_code",
                "account_type",
                "account_number",
                "holder_kana",
            )
        }
    if item.widget == "checkboxes":
        return {"": list(value) if isinstance(value, list) else []}
    if item.widget == "consent":
        return {"": value is True}
    return {"": str(value)}


# ------------------------------------------------------------------- the views


@dataclass
class Control:
    """One input of a field, for the templates."""

    name: str
    label: str
    bound: Any
    hint: str = ""


@dataclass
class GroupItem:
    number: int  # from 1
    index: int  # from 0
    fields: list[FieldView] = field(default_factory=list)
    delete_name: str = ""


@dataclass
class FieldView:
    """What a field's template needs."""

    item: FieldDef
    name: str
    widget: str
    template: str
    label: str
    label_lang: str
    help: str
    help_lang: str
    required: bool
    controls: list[Control] = field(default_factory=list)
    prefilled: bool = False
    condition_note: str = ""
    show_if_field: str = ""
    show_if_values: str = ""
    show_if_checked: bool = False
    statement: str = ""
    statement_lang: str = ""
    items: list[GroupItem] = field(default_factory=list)
    add_name: str = ""
    add_label: str = ""
    count_name: str = ""
    count: int = 0
    can_add: bool = False
    existing: list[tuple[int, str]] = field(default_factory=list)
    remove_name: str = ""
    removed: list[str] = field(default_factory=list)
    accept: str = ""
    multiple: bool = False
    limit_note: str = ""

    @property
    def control(self) -> Control | None:
        return self.controls[0] if self.controls else None

    @property
    def errors(self) -> list[str]:
        messages: list[str] = []
        for control in self.controls:
            messages.extend(control.bound.errors)
        return messages

    @property
    def anchor(self) -> str:
        if self.controls:
            bound = self.controls[0].bound
            return bound.id_for_label or f"{bound.auto_id}_0"
        for group_item in self.items:
            for sub in group_item.fields:
                if sub.anchor:
                    return sub.anchor
        return f"id_{self.name}"


def summary_rows(view: FieldView) -> list[tuple[str, str, str]]:
    rows = []
    for control in view.controls:
        bound = control.bound
        anchor = bound.id_for_label or f"{bound.auto_id}_0"
        label = view.label if control.label == view.label else f"{view.label}（{control.label}）"
        for message in bound.errors:
            rows.append((anchor, label, str(message)))
    for group_item in view.items:
        for sub in group_item.fields:
            for anchor, label, message in summary_rows(sub):
                rows.append((anchor, f"{view.label} {group_item.number}: {label}", message))
    return rows


def mime_name(mime: str) -> str:
    return {
        "application/pdf": "PDF",
        "image/jpeg": "JPEG",
        "image/png": "PNG",
        "image/heic": "HEIC",
        "image/gif": "GIF",
        "image/tiff": "TIFF",
    }.get(mime, mime)
