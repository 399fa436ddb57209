"""Answers as people read them (review page, staff detail, PDF) and as CSV columns."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from yakuba.core.japanese import format_date_both, format_wareki

from .controls import account_type_labels
from .definition import FieldDef, FormDefinition, clean_answers, is_empty, visible_keys


@dataclass
class DisplayRow:
    """One answer: ``label``, ``text`` (as people read it).  A repeating group has one
    row per item in ``rows`` (label 「子ども 1」), each holding its sub-field rows."""

    key: str
    label: str
    text: str
    label_lang: str = "ja"
    empty: bool = False
    prefilled: bool = False
    page: str = ""
    rows: list[DisplayRow] = field(default_factory=list)


def _date_text(value: Any, language: str) -> str:
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return format_wareki(day, style="en") if language == "en" else format_date_both(day)


def _number_text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,}"
    return str(value)


def _address_text(value: Any) -> str:
    if not isinstance(value, dict):
        return str(value)
    parts = [f"〒{value.get('postal_code', '')}", str(value.get("address", ""))]
    if value.get("building"):
        parts.append(str(value["building"]))
    return " ".join(parts)


def mask_account_number(number: str) -> str:
    """``0012345`` → ``****345`` (only the last 3 digits shown)."""
    number = str(number or "")
    return "*" * max(len(number) - 3, 0) + number[-3:]


def _bank_text(value: Any, *, mask: bool) -> str:
    if not isinstance(value, dict):
        return str(value)
    number = str(value.get("account_number", ""))
    account_type = account_type_labels().get(
        str(value.get("account_type")), str(value.get("account_type", ""))
    )
    return _(
        "金融機関コード %(bank)s・支店コード %(branch)s・%(type)s・口座番号 %(number)s・名義 %(holder)s"
    ) % {
        "bank": value.get("bank_code", ""),
        "branch": value.get("branch_code", ""),
        "type": account_type,
        "number": mask_account_number(number) if mask else number,
        "holder": value.get("holder_kana", ""),
    }


def _file_text(value: Any, attachments: Mapping[int, str] | None, language: str) -> str:
    names = []
    for entry in value if isinstance(value, list) else [value]:
        name = (attachments or {}).get(entry) if isinstance(entry, int) else None
        names.append(name if name else _("ファイル %(id)s") % {"id": entry})
    return (", " if language == "en" else "、").join(names)


def value_text(
    item: FieldDef,
    value: Any,
    *,
    language: str = "ja",
    attachments: Mapping[int, str] | None = None,
    mask_bank: bool = False,
) -> str:
    """One non-group answer as text (active language for fixed words)."""
    widget = item.widget
    if is_empty(value):
        return ""
    if widget == "date":
        return _date_text(value, language)
    if widget == "number":
        return _number_text(value)
    if widget in ("radio", "select"):
        return item.choice_title(value, language)
    if widget == "checkboxes":
        separator = ", " if language == "en" else "、"
        entries = value if isinstance(value, list) else [value]
        return separator.join(item.choice_title(entry, language) for entry in entries)
    if widget == "address":
        return _address_text(value)
    if widget == "bank_account":
        return _bank_text(value, mask=mask_bank)
    if widget == "consent":
        return _("確認しました") if value is True else ""
    if widget == "file":
        return _file_text(value, attachments, language)
    return str(value)


def _row(
    item: FieldDef,
    value: Any,
    *,
    language: str,
    attachments: Mapping[int, str] | None,
    mask_bank: bool,
    prefilled: bool = False,
    page: str = "",
) -> DisplayRow:
    label = item.title(language)
    label_lang = "en" if language == "en" and item.label_en else "ja"
    if item.widget == "group":
        items = value if isinstance(value, list) else []
        row = DisplayRow(
            item.key,
            label,
            _("%(count)d件") % {"count": len(items)} if items else _("（未入力）"),
            label_lang,
            empty=not items,
            page=page,
        )
        for number, entry in enumerate(items, start=1):
            item_row = DisplayRow(f"{item.key}.{number}", f"{label} {number}", "", label_lang)
            for child in item.children:
                child_value = entry.get(child.key) if isinstance(entry, dict) else None
                item_row.rows.append(
                    _row(
                        child,
                        child_value,
                        language=language,
                        attachments=attachments,
                        mask_bank=mask_bank,
                    )
                )
            row.rows.append(item_row)
        return row
    text = value_text(item, value, language=language, attachments=attachments, mask_bank=mask_bank)
    return DisplayRow(
        item.key,
        label,
        text or _("（未入力）"),
        label_lang,
        empty=not text,
        prefilled=prefilled,
        page=page,
    )


def display_rows(
    definition: FormDefinition,
    answers: Mapping[str, Any],
    *,
    language: str = "ja",
    attachments: Mapping[int, str] | None = None,
    mask_bank: bool = False,
    prefilled: Iterable[str] = (),
) -> list[DisplayRow]:
    """Every shown field (a field hidden by its condition is left out), in page order,
    with its answer as text; an unanswered field has ``empty=True``."""
    prefilled = set(prefilled)
    with translation.override(language):
        answers = dict(answers)
        visible = visible_keys(definition, answers)
        cleaned = clean_answers(definition, answers)
        rows = []
        for page in definition.pages:
            for key in page.fields:
                if key not in visible:
                    continue
                rows.append(
                    _row(
                        definition.fields[key],
                        cleaned.get(key),
                        language=language,
                        attachments=attachments,
                        mask_bank=mask_bank,
                        prefilled=key in prefilled,
                        page=page.key,
                    )
                )
        return rows


# --------------------------------------------------------------------------- CSV


def csv_columns(definition: FormDefinition) -> list[tuple[str, str]]:
    """``(column key, header)``: one column per leaf field; a repeating group's sub-field
    is ``<group>.<sub>`` (header 「子ども: 氏名」)."""
    columns = []
    for key in definition.order:
        item = definition.fields[key]
        if item.widget == "group":
            for child in item.children:
                columns.append((f"{key}.{child.key}", f"{item.label}: {child.label}"))
        else:
            columns.append((key, item.label))
    return columns


def _csv_text(item: FieldDef, value: Any, attachments: Mapping[int, str] | None) -> str:
    if is_empty(value):
        return ""
    if item.widget == "date":
        return str(value)
    if item.widget == "number":
        return str(value)
    if item.widget == "consent":
        return "はい" if value is True else ""
    if item.widget == "file" and not attachments:
        return " ".join(str(entry) for entry in (value if isinstance(value, list) else [value]))
    return value_text(item, value, language="ja", attachments=attachments)


def csv_values(
    definition: FormDefinition,
    answers: Mapping[str, Any],
    *,
    attachments: Mapping[int, str] | None = None,
) -> list[str]:
    """The cells of one submission in ``csv_columns`` order (Japanese; dates ISO;
    a group's sub-field values of every item joined with "; "; hidden fields empty)."""
    with translation.override("ja"):
        cleaned = clean_answers(definition, dict(answers))
        values: list[str] = []
        for key in definition.order:
            item = definition.fields[key]
            value = cleaned.get(key)
            if item.widget == "group":
                items = value if isinstance(value, list) else []
                for child in item.children:
                    values.append(
                        "; ".join(
                            _csv_text(child, entry.get(child.key), attachments)
                            for entry in items
                            if isinstance(entry, dict)
                        )
                    )
            else:
                values.append(_csv_text(item, value, attachments))
        return values
