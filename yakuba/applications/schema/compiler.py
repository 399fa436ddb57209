"""Builder model ⇄ JSON Schema (2020-12) + UI schema.

``decompile_form(*compile_form(form)) == form`` for every builder form whose options
leave out values equal to their defaults (the builder shows the default in the input
and the compiler writes it into the schema), and
``compile_form(decompile_form(schema, ui)) == (schema, ui)`` for every compiled form.
"""

from __future__ import annotations

import copy
from typing import Any

from .builder_model import BuilderField, BuilderForm, BuilderPage
from .types import (
    ACCOUNT_TYPES,
    FIELD_TYPES,
    HOLDER_KANA_PATTERN,
    KANA_PATTERN,
    PHONE_PATTERN,
    POSTAL_PATTERN,
)

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def address_fragment() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "postal_code": {"type": "string", "pattern": POSTAL_PATTERN},
            "address": {"type": "string", "minLength": 1, "maxLength": 200},
            "building": {"type": "string", "maxLength": 100},
        },
        "required": ["postal_code", "address"],
        "additionalProperties": False,
    }


def bank_fragment() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "bank_code": {"type": "string", "pattern": "^[0-9]{4}$"},
            "branch_code": {"type": "string", "pattern": "^[0-9]{3}$"},
            "account_type": {"type": "string", "enum": list(ACCOUNT_TYPES)},
            "account_number": {"type": "string", "pattern": "^[0-9]{7}$"},
            "holder_kana": {"type": "string", "pattern": HOLDER_KANA_PATTERN, "maxLength": 30},
        },
        "required": [
            "bank_code",
            "branch_code",
            "account_type",
            "account_number",
            "holder_kana",
        ],
        "additionalProperties": False,
    }


def _one_of(choices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"const": choice["value"], "title": choice["label"]} for choice in choices]


def _put(target: dict[str, Any], name: str, value: Any) -> None:
    if value is not None and value != "":
        target[name] = value


def _fragment(item: BuilderField, options: dict[str, Any]) -> dict[str, Any]:
    widget = item.widget
    fragment: dict[str, Any] = {"title": item.label}
    _put(fragment, "description", item.help)
    if widget in ("text", "textarea"):
        fragment["type"] = "string"
        fragment["maxLength"] = options["max_length"]
        _put(fragment, "minLength", options.get("min_length"))
        if widget == "text":
            _put(fragment, "pattern", options.get("pattern"))
    elif widget == "kana":
        fragment.update(type="string", maxLength=options["max_length"], pattern=KANA_PATTERN)
    elif widget == "number":
        fragment["type"] = "integer" if options.get("integer", True) else "number"
        _put(fragment, "minimum", options.get("minimum"))
        _put(fragment, "maximum", options.get("maximum"))
    elif widget == "date":
        fragment.update(type="string", format="date")
    elif widget in ("radio", "select"):
        fragment.update(type="string", oneOf=_one_of(options.get("choices") or []))
    elif widget == "checkboxes":
        fragment.update(
            type="array",
            items={"type": "string", "oneOf": _one_of(options.get("choices") or [])},
            uniqueItems=True,
        )
        _put(fragment, "minItems", options.get("min_items"))
        _put(fragment, "maxItems", options.get("max_items"))
    elif widget == "address":
        fragment.update(address_fragment())
    elif widget == "phone":
        fragment.update(type="string", pattern=PHONE_PATTERN)
    elif widget == "email":
        fragment.update(type="string", format="email", maxLength=254)
    elif widget == "file":
        fragment.update(type="array", items={"type": "integer"})
        _put(fragment, "minItems", options.get("min_items"))
        fragment["maxItems"] = options["max_items"]
    elif widget == "group":
        fragment.update(type="array", items=_group_items(item))
        _put(fragment, "minItems", options.get("min_items"))
        fragment["maxItems"] = options["max_items"]
    elif widget == "consent":
        fragment.update(type="boolean", const=True)
    elif widget == "bank_account":
        fragment.update(bank_fragment())
    else:
        raise ValueError(f"unknown widget {widget!r}")
    return fragment


def _group_items(item: BuilderField) -> dict[str, Any]:
    properties = {}
    for child in item.children:
        properties[child.key] = _fragment(child, _options_with_defaults(child))
    return {
        "type": "object",
        "properties": properties,
        "required": [child.key for child in item.children if child.required],
        "additionalProperties": False,
    }


_UI_OPTIONS = {
    "date": ("min", "max"),
    "file": ("accept", "max_bytes"),
    "group": ("add_label", "add_label_en"),
    "consent": ("text", "text_en"),
}


def _ui(item: BuilderField, options: dict[str, Any]) -> dict[str, Any]:
    ui: dict[str, Any] = {"ui:widget": item.widget}
    _put(ui, "ui:title_en", item.label_en)
    _put(ui, "ui:help_en", item.help_en)
    _put(ui, "ui:placeholder", item.placeholder)
    _put(ui, "ui:prefill", item.prefill)
    _put(ui, "ui:autocomplete", options.get("autocomplete"))
    if item.show_if:
        ui["ui:showIf"] = copy.deepcopy(item.show_if)
    choices = options.get("choices") or []
    if any(choice.get("label_en") for choice in choices):
        ui["ui:enumNames_en"] = [choice.get("label_en", "") for choice in choices]
    ui_options = {}
    for name in _UI_OPTIONS.get(item.widget, ()):
        if options.get(name) not in (None, ""):
            ui_options[name] = copy.deepcopy(options[name])
    if ui_options:
        ui["ui:options"] = ui_options
    if item.widget == "group":
        items: dict[str, Any] = {"ui:order": [child.key for child in item.children]}
        for child in item.children:
            items[child.key] = _ui(child, _options_with_defaults(child))
        ui["items"] = items
    return ui


def _options_with_defaults(item: BuilderField) -> dict[str, Any]:
    field_type = FIELD_TYPES.get(item.widget)
    if field_type is None:
        raise ValueError(f"unknown widget {item.widget!r}")
    options = field_type.option_defaults()
    options.update({name: value for name, value in item.options.items() if value is not None})
    return options


def _condition(show_if: dict[str, Any], controller_widget: str) -> dict[str, Any]:
    """The JSON Schema ``if`` that holds when ``show_if`` does."""
    key = show_if["field"]
    if "checked" in show_if:
        test: dict[str, Any] = {"const": bool(show_if["checked"])}
    elif "in" in show_if:
        values = list(show_if["in"])
        test = (
            {"contains": {"enum": values}}
            if controller_widget == "checkboxes"
            else {"enum": values}
        )
    else:
        value = show_if.get("equals")
        test = (
            {"contains": {"const": value}}
            if controller_widget == "checkboxes"
            else {"const": value}
        )
    return {"properties": {key: test}, "required": [key]}


def compile_form(form: BuilderForm) -> tuple[dict[str, Any], dict[str, Any]]:
    """The (schema, ui_schema) of a builder form (raises ValueError on an unknown widget;
    call ``check_definition`` on the result before saving it)."""
    widgets = {item.key: item.widget for item in form.fields}
    properties: dict[str, Any] = {}
    required: list[str] = []
    conditions: list[dict[str, Any]] = []
    ui: dict[str, Any] = {}
    _put(ui, "ui:title_en", form.title_en)
    ui["ui:order"] = [item.key for item in form.fields]
    if form.pages:
        pages = []
        for page in form.pages:
            entry = {"key": page.key, "title": page.title}
            _put(entry, "title_en", page.title_en)
            entry["fields"] = list(page.fields)
            pages.append(entry)
        ui["ui:pages"] = pages
    for item in form.fields:
        options = _options_with_defaults(item)
        properties[item.key] = _fragment(item, options)
        ui[item.key] = _ui(item, options)
        if item.show_if:
            controller = widgets.get(item.show_if.get("field", ""), "")
            if item.required:
                conditions.append(
                    {"if": _condition(item.show_if, controller), "then": {"required": [item.key]}}
                )
        elif item.required:
            required.append(item.key)
    schema: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "type": "object",
        "title": form.title,
        "properties": properties,
        "required": required,
    }
    if conditions:
        schema["allOf"] = conditions
    schema["additionalProperties"] = False
    return schema, ui


# ------------------------------------------------------------------------ decompile


def _choices(one_of: list[dict[str, Any]], names_en: list[str]) -> list[dict[str, Any]]:
    return [
        {
            "value": option.get("const"),
            "label": option.get("title", ""),
            "label_en": names_en[index] if index < len(names_en) else "",
        }
        for index, option in enumerate(one_of)
    ]


def _read_options(widget: str, fragment: dict[str, Any], ui: dict[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    names_en = list(ui.get("ui:enumNames_en") or [])
    if widget in ("text", "textarea", "kana"):
        options["max_length"] = fragment.get("maxLength")
        options["min_length"] = fragment.get("minLength")
        if widget == "text":
            options["pattern"] = fragment.get("pattern")
    elif widget == "number":
        options["integer"] = fragment.get("type") != "number"
        options["minimum"] = fragment.get("minimum")
        options["maximum"] = fragment.get("maximum")
    elif widget in ("radio", "select"):
        options["choices"] = _choices(fragment.get("oneOf") or [], names_en)
    elif widget == "checkboxes":
        options["choices"] = _choices((fragment.get("items") or {}).get("oneOf") or [], names_en)
        options["min_items"] = fragment.get("minItems")
        options["max_items"] = fragment.get("maxItems")
    elif widget in ("file", "group"):
        options["min_items"] = fragment.get("minItems")
        options["max_items"] = fragment.get("maxItems")
    if widget in ("text", "kana", "date"):
        options["autocomplete"] = ui.get("ui:autocomplete")
    for name in _UI_OPTIONS.get(widget, ()):
        options[name] = (ui.get("ui:options") or {}).get(name)
    field_type = FIELD_TYPES[widget]
    defaults = field_type.option_defaults()
    names = {spec.name for spec in field_type.option_specs}
    return {
        name: value
        for name, value in options.items()
        if name in names and value not in (None, "") and defaults.get(name) != value
    }


def _decompile_field(
    key: str, fragment: dict[str, Any], ui: dict[str, Any], required: bool
) -> BuilderField:
    widget = ui.get("ui:widget", "")
    if widget not in FIELD_TYPES:
        raise ValueError(f"unknown widget {widget!r} for {key!r}")
    children: list[BuilderField] = []
    if widget == "group":
        items = fragment.get("items") or {}
        items_ui = ui.get("items") or {}
        child_required = set(items.get("required") or [])
        order = items_ui.get("ui:order") or list((items.get("properties") or {}).keys())
        for child_key in order:
            children.append(
                _decompile_field(
                    child_key,
                    (items.get("properties") or {}).get(child_key, {}),
                    items_ui.get(child_key, {}),
                    child_key in child_required,
                )
            )
    return BuilderField(
        key=key,
        widget=widget,
        label=fragment.get("title", ""),
        label_en=ui.get("ui:title_en", ""),
        help=fragment.get("description") or ui.get("ui:help", ""),
        help_en=ui.get("ui:help_en", ""),
        required=required,
        options=_read_options(widget, fragment, ui),
        show_if=copy.deepcopy(ui.get("ui:showIf")) or None,
        prefill=ui.get("ui:prefill", ""),
        placeholder=ui.get("ui:placeholder", ""),
        children=children,
    )


def conditionally_required(schema: dict[str, Any]) -> set[str]:
    """Keys required through an ``allOf`` ``if/then`` entry."""
    keys: set[str] = set()
    for entry in schema.get("allOf") or []:
        keys.update((entry.get("then") or {}).get("required") or [])
    return keys


def decompile_form(schema: dict[str, Any], ui_schema: dict[str, Any]) -> BuilderForm:
    """The builder model of a stored (schema, ui_schema) (raises ValueError on an unknown
    widget; a checked definition always decompiles)."""
    properties = schema.get("properties") or {}
    required = set(schema.get("required") or []) | conditionally_required(schema)
    order = ui_schema.get("ui:order") or list(properties.keys())
    fields = [
        _decompile_field(key, properties.get(key, {}), ui_schema.get(key, {}), key in required)
        for key in order
    ]
    pages = [
        BuilderPage(
            key=page.get("key", ""),
            title=page.get("title", ""),
            title_en=page.get("title_en", ""),
            fields=list(page.get("fields") or []),
        )
        for page in ui_schema.get("ui:pages") or []
    ]
    return BuilderForm(
        title=schema.get("title", ""),
        title_en=ui_schema.get("ui:title_en", ""),
        fields=fields,
        pages=pages,
    )
