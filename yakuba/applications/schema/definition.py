"""Reading a stored form: pages, fields, conditions, visible fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .compiler import conditionally_required
from .types import DEFAULT_ACCEPT, DEFAULT_MAX_BYTES


@dataclass
class Choice:
    value: str
    label: str
    label_en: str = ""

    def title(self, language: str = "ja") -> str:
        return self.label_en if language == "en" and self.label_en else self.label


@dataclass
class FieldDef:
    """One field of a stored form, read from its fragment and UI entry."""

    key: str
    widget: str
    fragment: dict[str, Any]
    ui: dict[str, Any]
    required: bool = False
    children: list[FieldDef] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.fragment.get("title", "") or self.key

    @property
    def label_en(self) -> str:
        return self.ui.get("ui:title_en", "")

    def title(self, language: str = "ja") -> str:
        return self.label_en if language == "en" and self.label_en else self.label

    def help(self, language: str = "ja") -> str:
        if language == "en" and self.ui.get("ui:help_en"):
            return self.ui["ui:help_en"]
        return self.fragment.get("description") or self.ui.get("ui:help", "")

    @property
    def show_if(self) -> dict[str, Any] | None:
        return self.ui.get("ui:showIf") or None

    @property
    def prefill(self) -> str:
        return self.ui.get("ui:prefill", "")

    @property
    def placeholder(self) -> str:
        return self.ui.get("ui:placeholder", "")

    @property
    def autocomplete(self) -> str:
        return self.ui.get("ui:autocomplete", "")

    @property
    def options(self) -> dict[str, Any]:
        return self.ui.get("ui:options") or {}

    def option_text(self, name: str, language: str = "ja") -> str:
        if language == "en" and self.options.get(f"{name}_en"):
            return self.options[f"{name}_en"]
        return self.options.get(name) or ""

    @property
    def choices(self) -> list[Choice]:
        one_of = self.fragment.get("oneOf")
        if one_of is None:
            one_of = (self.fragment.get("items") or {}).get("oneOf") or []
        names_en = list(self.ui.get("ui:enumNames_en") or [])
        return [
            Choice(
                str(option.get("const")),
                option.get("title", str(option.get("const"))),
                names_en[index] if index < len(names_en) else "",
            )
            for index, option in enumerate(one_of)
        ]

    def choice_title(self, value: Any, language: str = "ja") -> str:
        for choice in self.choices:
            if choice.value == value:
                return choice.title(language)
        return str(value)

    @property
    def min_items(self) -> int | None:
        return self.fragment.get("minItems")

    @property
    def max_items(self) -> int | None:
        return self.fragment.get("maxItems")

    @property
    def accept(self) -> list[str]:
        return list(self.options.get("accept") or DEFAULT_ACCEPT)

    @property
    def max_bytes(self) -> int:
        return int(self.options.get("max_bytes") or DEFAULT_MAX_BYTES)

    def child(self, key: str) -> FieldDef:
        for child in self.children:
            if child.key == key:
                return child
        raise KeyError(key)


def _field(key: str, fragment: dict[str, Any], ui: dict[str, Any], required: bool) -> FieldDef:
    item = FieldDef(key, ui.get("ui:widget", ""), fragment, ui, required)
    if item.widget == "group":
        items = fragment.get("items") or {}
        items_ui = ui.get("items") or {}
        properties = items.get("properties") or {}
        child_required = set(items.get("required") or [])
        for child_key in items_ui.get("ui:order") or list(properties):
            item.children.append(
                _field(
                    child_key,
                    properties.get(child_key, {}),
                    items_ui.get(child_key, {}),
                    child_key in child_required,
                )
            )
    return item


@dataclass
class Page:
    key: str
    title_ja: str
    title_en: str
    fields: list[str]

    def title(self, language: str = "ja") -> str:
        return self.title_en if language == "en" and self.title_en else self.title_ja

    # tuple-like access: (key, title, title_en, fields)
    def __iter__(self):
        return iter((self.key, self.title_ja, self.title_en, self.fields))

    def __getitem__(self, index: int) -> Any:
        return (self.key, self.title_ja, self.title_en, self.fields)[index]


class FormDefinition:
    """A stored form (schema + UI schema) made easy to read.

    ``pages``: list of :class:`Page` (unpacks as ``(key, title, title_en, field_keys)``);
    one page ``main`` when the UI schema has no ``ui:pages``.
    """

    def __init__(self, schema: dict[str, Any], ui: dict[str, Any]) -> None:
        self.schema = schema
        self.ui = ui
        properties = schema.get("properties") or {}
        self.order: list[str] = list(ui.get("ui:order") or properties.keys())
        always = set(schema.get("required") or [])
        sometimes = conditionally_required(schema)
        self.fields: dict[str, FieldDef] = {
            key: _field(key, properties.get(key, {}), ui.get(key, {}), key in always | sometimes)
            for key in self.order
        }
        if ui.get("ui:pages"):
            self.pages = [
                Page(
                    page.get("key", ""),
                    page.get("title", ""),
                    page.get("title_en", ""),
                    list(page.get("fields") or []),
                )
                for page in ui["ui:pages"]
            ]
        else:
            self.pages = [
                Page("main", schema.get("title", ""), ui.get("ui:title_en", ""), self.order)
            ]

    @classmethod
    def of(cls, version: Any) -> FormDefinition:
        """The definition of a ``FormVersion``."""
        return cls(version.schema, version.ui_schema)

    @property
    def page_keys(self) -> list[str]:
        return [page.key for page in self.pages]

    def page(self, key: str) -> Page:
        for page in self.pages:
            if page.key == key:
                return page
        raise KeyError(key)

    def page_of(self, field_key: str) -> str:
        for page in self.pages:
            if field_key in page.fields:
                return page.key
        raise KeyError(field_key)

    def field(self, key: str) -> FieldDef:
        return self.fields[key]

    def title(self, language: str = "ja") -> str:
        if language == "en" and self.ui.get("ui:title_en"):
            return self.ui["ui:title_en"]
        return self.schema.get("title", "")

    def leaf_fields(self) -> list[FieldDef]:
        return [self.fields[key] for key in self.order]


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {} or value is False


def condition_holds(show_if: dict[str, Any], value: Any) -> bool:
    """Whether a ``ui:showIf`` holds for the controlling field's ``value``."""
    if "checked" in show_if:
        return bool(value) == bool(show_if["checked"])
    if "in" in show_if:
        wanted = list(show_if["in"])
        if isinstance(value, list):
            return any(item in wanted for item in value)
        return value in wanted
    wanted_value = show_if.get("equals")
    if isinstance(value, list):
        return wanted_value in value
    return value == wanted_value


def visible_keys(definition: FormDefinition, answers: dict[str, Any]) -> set[str]:
    """The top-level keys asked given ``answers`` (a field whose condition's field is
    itself hidden is hidden)."""
    visible: set[str] = set()
    for key in definition.order:
        show_if = definition.fields[key].show_if
        if show_if is None:
            visible.add(key)
            continue
        controller = show_if.get("field", "")
        if controller in visible and condition_holds(show_if, answers.get(controller)):
            visible.add(key)
    return visible


def clean_answers(definition: FormDefinition, answers: dict[str, Any]) -> dict[str, Any]:
    """``answers`` without hidden fields, unknown keys and empty values."""
    visible = visible_keys(definition, answers)
    return {
        key: value
        for key, value in answers.items()
        if key in visible and key in definition.fields and not is_empty(value)
    }
