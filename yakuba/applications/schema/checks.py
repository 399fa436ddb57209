"""``check_definition``: what a form version must satisfy to be saved or published."""

from __future__ import annotations

import copy
import datetime
import json
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from .compiler import _fragment, _options_with_defaults, decompile_form
from .types import FIELD_TYPES, KEY_PATTERN, PREFILL_KEYS, PREFILL_WIDGETS

_KEY = re.compile(KEY_PATTERN)
_DATE_LIMIT = re.compile(r"^today([+-][0-9]{1,5})?$")
_ANNOTATIONS = ("title", "description")


def _shape(fragment: dict[str, Any]) -> dict[str, Any]:
    """The fragment without annotations (compared against its widget's shape)."""
    shape = {name: value for name, value in fragment.items() if name not in _ANNOTATIONS}
    if shape.get("type") == "array" and isinstance(shape.get("items"), dict):
        items = dict(shape["items"])
        if isinstance(items.get("oneOf"), list):
            items["oneOf"] = [
                {k: v for k, v in option.items() if k != "title"}
                if isinstance(option, dict)
                else option
                for option in items["oneOf"]
            ]
        if isinstance(items.get("properties"), dict):
            items["properties"] = {
                key: _shape(value) if isinstance(value, dict) else value
                for key, value in items["properties"].items()
            }
        shape["items"] = items
    if isinstance(shape.get("oneOf"), list):
        shape["oneOf"] = [
            {k: v for k, v in option.items() if k != "title"}
            if isinstance(option, dict)
            else option
            for option in shape["oneOf"]
        ]
    return shape


def _valid_date_limit(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    if _DATE_LIMIT.match(value):
        return True
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value))


def _check_field(
    key: str,
    fragment: Any,
    ui: Any,
    errors: list[str],
    *,
    in_group: bool = False,
) -> None:
    label = fragment.get("title", key) if isinstance(fragment, dict) else key
    if not _KEY.match(key):
        errors.append(
            _("項目キー「%(key)s」は英小文字で始まる英小文字・数字・_ の40文字以内にしてください。")
            % {"key": key}
        )
    if not isinstance(fragment, dict):
        errors.append(_("項目「%(key)s」の定義がありません。") % {"key": key})
        return
    if not isinstance(ui, dict) or not ui.get("ui:widget"):
        errors.append(
            _("項目「%(label)s」に入力の種類（ui:widget）がありません。") % {"label": label}
        )
        return
    widget = ui["ui:widget"]
    if widget not in FIELD_TYPES:
        errors.append(
            _("項目「%(label)s」の入力の種類「%(widget)s」は使えません。")
            % {"label": label, "widget": widget}
        )
        return
    if in_group and not FIELD_TYPES[widget].in_group:
        errors.append(
            _("繰り返しの項目の中に「%(label)s」（%(widget)s）は置けません。")
            % {"label": label, "widget": widget}
        )
        return
    if not isinstance(fragment.get("title"), str) or not fragment.get("title"):
        errors.append(_("項目「%(key)s」に項目名（title）がありません。") % {"key": key})
    # The fragment must be exactly what the compiler writes for its settings.
    try:
        builder_field = decompile_form(
            {"properties": {key: fragment}, "required": []},
            {"ui:order": [key], key: ui},
        ).fields[0]
        expected = _fragment(builder_field, _options_with_defaults(builder_field))
    except (ValueError, KeyError, TypeError, AttributeError):
        expected = None
    if expected is None or _shape(expected) != _shape(fragment):
        errors.append(
            _("項目「%(label)s」の定義が入力の種類「%(widget)s」の形と合いません。")
            % {"label": label, "widget": widget}
        )
    if widget in ("radio", "select", "checkboxes") and expected is not None:
        choices = builder_field.options.get("choices") or []
        values = [choice["value"] for choice in choices]
        if not values:
            errors.append(_("項目「%(label)s」に選択肢がありません。") % {"label": label})
        elif any(not isinstance(value, str) or not value for value in values):
            errors.append(_("項目「%(label)s」の選択肢の値が空です。") % {"label": label})
        elif len(set(values)) != len(values):
            errors.append(_("項目「%(label)s」の選択肢の値が重複しています。") % {"label": label})
        names_en = ui.get("ui:enumNames_en")
        if names_en is not None and len(names_en) != len(values):
            errors.append(
                _("項目「%(label)s」の英語の選択肢の数が選択肢の数と合いません。")
                % {"label": label}
            )
    if widget == "text" and isinstance(fragment.get("pattern"), str):
        try:
            re.compile(fragment["pattern"])
        except re.error:
            errors.append(
                _("項目「%(label)s」の入力パターンが正しくありません。") % {"label": label}
            )
    if widget == "date":
        for name in ("min", "max"):
            limit = (ui.get("ui:options") or {}).get(name)
            if limit is not None and not _valid_date_limit(limit):
                errors.append(
                    _(
                        "項目「%(label)s」の日付の範囲「%(limit)s」は YYYY-MM-DD、today、"
                        "today+日数、today-日数 のいずれかにしてください。"
                    )
                    % {"label": label, "limit": limit}
                )
    prefill = ui.get("ui:prefill")
    if prefill:
        if prefill not in PREFILL_KEYS:
            errors.append(
                _("項目「%(label)s」の自動入力元「%(prefill)s」はありません。")
                % {"label": label, "prefill": prefill}
            )
        elif widget not in PREFILL_WIDGETS[prefill] or in_group:
            errors.append(
                _("項目「%(label)s」（%(widget)s）には「%(prefill)s」を自動入力できません。")
                % {"label": label, "widget": widget, "prefill": prefill}
            )
    if widget == "group":
        items = fragment.get("items") if isinstance(fragment.get("items"), dict) else {}
        items_ui = ui.get("items") if isinstance(ui.get("items"), dict) else {}
        properties = items.get("properties") if isinstance(items.get("properties"), dict) else {}
        if not properties:
            errors.append(_("繰り返しの項目「%(label)s」に項目がありません。") % {"label": label})
        order = items_ui.get("ui:order")
        if order is not None and sorted(order) != sorted(properties):
            errors.append(
                _("繰り返しの項目「%(label)s」の ui:order が項目と一致しません。")
                % {"label": label}
            )
        for child_key, child in properties.items():
            child_ui = items_ui.get(child_key)
            _check_field(child_key, child, child_ui, errors, in_group=True)
            if isinstance(child_ui, dict) and child_ui.get("ui:showIf"):
                errors.append(
                    _("繰り返しの項目の中の「%(label)s」には表示条件を付けられません。")
                    % {
                        "label": child.get("title", child_key)
                        if isinstance(child, dict)
                        else child_key
                    }
                )


def _check_show_if(
    key: str, label: str, show_if: Any, order: list[str], page_of: dict[str, int], widgets: dict
) -> list[str]:
    if not isinstance(show_if, dict) or not isinstance(show_if.get("field"), str):
        return [_("項目「%(label)s」の表示条件が正しくありません。") % {"label": label}]
    controller = show_if["field"]
    conditions = [name for name in ("equals", "in", "checked") if name in show_if]
    if len(conditions) != 1 or set(show_if) != {"field", conditions[0]}:
        return [_("項目「%(label)s」の表示条件が正しくありません。") % {"label": label}]
    if "in" in show_if and not isinstance(show_if["in"], list):
        return [_("項目「%(label)s」の表示条件が正しくありません。") % {"label": label}]
    if controller not in order:
        return [
            _("項目「%(label)s」の表示条件の項目「%(field)s」はありません。")
            % {"label": label, "field": controller}
        ]
    if order.index(controller) >= order.index(key) or page_of.get(controller, 0) > page_of.get(
        key, 0
    ):
        return [
            _("項目「%(label)s」の表示条件の項目「%(field)s」はこの項目より前に置いてください。")
            % {"label": label, "field": controller}
        ]
    if widgets.get(controller) in ("file", "group", "address", "bank_account"):
        return [
            _("項目「%(label)s」の表示条件に「%(field)s」は使えません。")
            % {"label": label, "field": controller}
        ]
    return []


def check_definition(schema: Any, ui_schema: Any) -> None:
    """Raise ``ValidationError`` (a list of Japanese messages) unless (schema, ui_schema)
    is a valid form in the format of docs/modules/applications-schema.md."""
    errors: list[str] = []
    if not isinstance(schema, dict) or not isinstance(ui_schema, dict):
        raise ValidationError([_("フォームの定義が JSON オブジェクトではありません。")])
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        path = "/".join(str(part) for part in error.path) or "(root)"
        errors.append(_("JSON Schema として正しくありません（%(path)s）。") % {"path": path})
        raise ValidationError(errors) from None
    if schema.get("type") != "object" or not isinstance(schema.get("properties"), dict):
        errors.append(_("フォームの定義は type が object で properties を持つ必要があります。"))
        raise ValidationError(errors)
    if schema.get("additionalProperties") is not False:
        errors.append(_("フォームの定義に additionalProperties: false がありません。"))
    properties: dict[str, Any] = schema["properties"]
    for key, fragment in properties.items():
        _check_field(key, fragment, ui_schema.get(key), errors)
    keys = list(properties)
    extra_ui = [
        key
        for key, value in ui_schema.items()
        if not key.startswith("ui:") and key not in properties
    ]
    for key in extra_ui:
        errors.append(_("UI 定義の「%(key)s」に対応する項目がありません。") % {"key": key})
    order = ui_schema.get("ui:order")
    if (
        not isinstance(order, list)
        or sorted(order) != sorted(keys)
        or len(set(order)) != len(order)
    ):
        errors.append(_("ui:order にはすべての項目をちょうど1回ずつ並べてください。"))
        order = keys
    page_of: dict[str, int] = {}
    pages = ui_schema.get("ui:pages")
    if pages is not None:
        listed: list[str] = []
        page_keys: list[str] = []
        if not isinstance(pages, list) or not pages:
            errors.append(_("ui:pages が正しくありません。"))
            pages = []
        for index, page in enumerate(pages):
            if (
                not isinstance(page, dict)
                or not isinstance(page.get("key"), str)
                or not _KEY.match(page["key"])
                or not page.get("title")
                or not isinstance(page.get("fields"), list)
            ):
                errors.append(
                    _("%(number)dページ目の定義（key・title・fields）が正しくありません。")
                    % {"number": index + 1}
                )
                continue
            if not page["fields"]:
                errors.append(
                    _("ページ「%(title)s」に項目がありません。") % {"title": page["title"]}
                )
            page_keys.append(page["key"])
            for key in page["fields"]:
                listed.append(key)
                page_of[key] = index
        if len(set(page_keys)) != len(page_keys):
            errors.append(_("ページのキーが重複しています。"))
        if pages and (sorted(listed) != sorted(keys) or len(set(listed)) != len(listed)):
            errors.append(_("すべての項目をちょうど1つのページに置いてください。"))
    required = schema.get("required") or []
    unknown_required = [key for key in required if key not in properties]
    if unknown_required:
        errors.append(
            _("必須の項目「%(keys)s」がありません。") % {"keys": "、".join(unknown_required)}
        )
    widgets = {
        key: (ui_schema.get(key) or {}).get("ui:widget")
        for key in keys
        if isinstance(ui_schema.get(key), dict)
    }
    for key in order:
        ui = ui_schema.get(key)
        if not isinstance(ui, dict) or "ui:showIf" not in ui:
            continue
        label = (properties.get(key) or {}).get("title", key)
        errors.extend(_check_show_if(key, label, ui["ui:showIf"], order, page_of, widgets))
        if key in required:
            errors.append(
                _("表示条件のある項目「%(label)s」は、条件付きの必須（allOf）にしてください。")
                % {"label": label}
            )
    if not errors:
        _check_conditions(schema, ui_schema, errors)
    if errors:
        raise ValidationError(errors)


def _check_conditions(schema: dict[str, Any], ui_schema: dict[str, Any], errors: list[str]) -> None:
    """The ``allOf`` entries are exactly the compiler's for the fields' ``ui:showIf``."""
    from .compiler import compile_form

    try:
        form = decompile_form(copy.deepcopy(schema), copy.deepcopy(ui_schema))
        expected, _ui = compile_form(form)
    except (ValueError, KeyError, TypeError, AttributeError):
        errors.append(_("表示条件（allOf）の定義が正しくありません。"))
        return
    actual_conditions = schema.get("allOf") or []
    expected_conditions = expected.get("allOf") or []
    if sorted(_canonical(c) for c in actual_conditions) != sorted(
        _canonical(c) for c in expected_conditions
    ):
        errors.append(_("表示条件（allOf）の定義が ui:showIf と合いません。"))
    if sorted(schema.get("required") or []) != sorted(expected["required"]):
        errors.append(_("必須の項目（required）の定義が正しくありません。"))


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
