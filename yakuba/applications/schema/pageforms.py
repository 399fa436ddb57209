"""One page of a form as a Django form (``build_page_form``), working without JavaScript.

Input names: a plain field is ``<key>``; a part of an address or bank account is
``<key>__<part>``; a sub-field of item n (from 0) of a repeating group is
``<key>__<n>__<sub>`` (and ``<key>__<n>__<sub>__<part>``); ``<key>__count`` carries the
number of items shown; ``<key>__add`` and ``<key>__delete_<n>`` are submit buttons;
``<key>__remove`` lists the attachment ids the applicant ticked to remove.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext as _

from .controls import (
    Control,
    FieldView,
    GroupItem,
    controls_of,
    initial_values,
    mime_name,
    summary_rows,
)
from .controls import (
    address_labels as _address_labels,
)
from .controls import (
    bank_hints as _bank_hints,
)
from .controls import (
    bank_labels as _bank_labels,
)
from .definition import FieldDef, FormDefinition, Page, condition_holds, is_empty, visible_keys
from .fields import (
    MultipleFileField,
    format_bytes,
)
from .rules import (
    check_group,
    required_message,
)

_ACTION = re.compile(r"^([a-z][a-z0-9_]{0,39})__(add|delete_([0-9]{1,3}))$")


# ------------------------------------------------------------------ the form


class PageForm(forms.Form):
    """One page of a form.  After ``is_valid()``: ``page_answers``, ``uploads``,
    ``removed``.  ``group_action`` is ``(key, "add"|"delete", index)`` when a group's
    add/delete button was pressed: the form is then unbound, filled with what was typed,
    and should simply be shown again."""

    template_name = "applications/fields/page.html"

    def __init__(
        self,
        definition: FormDefinition,
        page: Page,
        *,
        answers: Mapping[str, Any],
        language: str,
        prefilled: Iterable[str],
        attachments: Mapping[int, str] | None,
        group_counts: dict[str, int],
        today: datetime.date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.definition = definition
        self.page = page
        self.answers = dict(answers)
        self.language = language
        self.prefilled = set(prefilled)
        self.attachments = dict(attachments or {})
        self.group_counts = group_counts
        self.today = today
        self.group_action: tuple[str, str, int | None] | None = None
        self.page_answers: dict[str, Any] = {}
        self.uploads: dict[str, list[Any]] = {}
        self.removed: dict[str, list[int]] = {}
        self.control_names: dict[str, list[str]] = {}
        earlier_visible = visible_keys(definition, self.answers)
        #: Page fields shown (an earlier page's condition already holds).
        self.shown: list[str] = []
        for key in page.fields:
            item = definition.fields[key]
            controller = (item.show_if or {}).get("field")
            if item.show_if and controller in page.fields:
                if controller not in self.shown:
                    continue
            elif key not in earlier_visible:
                continue
            self.shown.append(key)
        with translation.override(language):
            for key in self.shown:
                self._add_field(definition.fields[key], key)

    # -- construction

    def _add_field(self, item: FieldDef, name: str) -> None:
        names: list[str] = []
        if item.widget == "group":
            names.append(f"{name}__count")
            for index in range(self.group_counts.get(name, 1)):
                for child in item.children:
                    self._add_field(child, f"{name}__{index}__{child.key}")
            self.control_names[name] = names
            return
        if item.widget == "file":
            limit_note = _("%(types)s、1ファイル%(size)sまで、%(count)d個まで") % {
                "types": "・".join(mime_name(mime) for mime in item.accept),
                "size": format_bytes(item.max_bytes),
                "count": item.max_items or 1,
            }
            self.fields[name] = MultipleFileField(
                max_bytes=item.max_bytes,
                help_text=" ".join(filter(None, [self._help(item)[0], str(limit_note)])),
            )
            existing = [int(v) for v in (self.answers.get(name) or []) if isinstance(v, int)]
            if existing:
                self.fields[f"{name}__remove"] = forms.TypedMultipleChoiceField(
                    required=False,
                    coerce=int,
                    choices=[(str(v), self.attachments.get(v, str(v))) for v in existing],
                    widget=forms.CheckboxSelectMultiple,
                )
            self.control_names[name] = [name]
            return
        help_text = self._help(item)[0]
        hints = _bank_hints() if item.widget == "bank_account" else {}
        controls = controls_of(item, self.language)
        for suffix, django_field in controls:
            if item.widget in ("address", "bank_account"):
                django_field.help_text = hints.get(suffix[2:], "")
            else:
                django_field.help_text = help_text
            self.fields[name + suffix] = django_field
            names.append(name + suffix)
        self.control_names[name] = names

    def _help(self, item: FieldDef) -> tuple[str, str]:
        help_text, help_lang = self._label(item.ui.get("ui:help_en", ""), item.help("ja"))
        if help_text:
            return help_text, help_lang
        defaults = {
            "date": _("例: 2026-04-01、令和8年4月1日、R8.4.1"),
            "kana": _("カタカナで入力してください（ひらがなも自動でカタカナにします）。"),
            "phone": _("例: 042-565-1111（ハイフンなしでも入力できます）"),
        }
        return str(defaults.get(item.widget, "")), self.language

    # -- cleaning

    def full_clean(self) -> None:
        with translation.override(self.language):
            super().full_clean()

    def _value_of(self, item: FieldDef, name: str) -> Any:
        """The typed answer assembled from cleaned controls (None = empty); adds errors
        for missing parts."""
        data = self.cleaned_data
        if item.widget == "address":
            parts = {
                part: data.get(f"{name}__{part}") for part in ("postal_code", "address", "building")
            }
            if all(value is None for value in parts.values()) and not self._part_errors(name):
                return None
            if parts["postal_code"] is None and f"{name}__postal_code" not in self.errors:
                self.add_error(f"{name}__postal_code", _("郵便番号を入力してください。"))
            if parts["address"] is None and f"{name}__address" not in self.errors:
                self.add_error(f"{name}__address", _("住所を入力してください。"))
            parts["building"] = parts["building"] or ""
            return parts
        if item.widget == "bank_account":
            parts = {
                part: data.get(f"{name}__{part}")
                for part in (
                    "bank_code",
                    "branch_code",
                    "account_type",
                    "account_number",
                    "holder_kana",
                )
            }
            if all(value is None for value in parts.values()) and not self._part_errors(name):
                return None
            labels = _bank_labels()
            for part, value in parts.items():
                if value is None and f"{name}__{part}" not in self.errors:
                    self.add_error(
                        f"{name}__{part}",
                        _("%(label)sを入力してください。") % {"label": labels[part]},
                    )
            return parts
        if item.widget == "group":
            values = []
            for index in range(self.group_counts.get(name, 1)):
                entry = {}
                for child in item.children:
                    child_value = self._value_of(child, f"{name}__{index}__{child.key}")
                    if not is_empty(child_value):
                        entry[child.key] = child_value
                if not entry:
                    self._drop_errors_of_item(item, name, index)
                    continue
                for child in item.children:
                    child_name = f"{name}__{index}__{child.key}"
                    if child.required and child.key not in entry:
                        first = self.control_names[child_name][0]
                        if first not in self.errors:
                            self.add_error(first, required_message(child, self.language))
                values.append(entry)
            return values or None
        if item.widget == "consent":
            return True if data.get(name) else None
        return data.get(name)

    def _part_errors(self, name: str) -> bool:
        return any(control in self._errors for control in self.control_names.get(name, []))

    def _drop_errors_of_item(self, item: FieldDef, name: str, index: int) -> None:
        for child in item.children:
            for control in self.control_names.get(f"{name}__{index}__{child.key}", []):
                self._errors.pop(control, None)

    def _first_control(self, key: str) -> str:
        item = self.definition.fields[key]
        if item.widget == "group":
            first_child = item.children[0].key
            return self.control_names[f"{key}__0__{first_child}"][0]
        return self.control_names[key][0]

    def _names_of(self, key: str) -> list[str]:
        if self.definition.fields[key].widget == "group":
            return [name for name in self.fields if name.startswith(f"{key}__")]
        return self.control_names.get(key, [])

    def _hide(self, key: str) -> None:
        item = self.definition.fields[key]
        names = list(self.control_names.get(key, []))
        if item.widget == "group":
            prefix = f"{key}__"
            names = [name for name in self.fields if name.startswith(prefix)]
        if item.widget == "file":
            names.append(f"{key}__remove")
        for name in names:
            self._errors.pop(name, None)
            self.cleaned_data.pop(name, None)

    def clean(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        kept: list[str] = []
        for key in self.shown:
            item = self.definition.fields[key]
            controller = (item.show_if or {}).get("field")
            if item.show_if and controller in self.page.fields:
                if controller not in kept or not condition_holds(
                    item.show_if, values.get(controller)
                ):
                    self._hide(key)
                    continue
            kept.append(key)
            if item.widget == "file":
                self._clean_files(item, key)
                continue
            value = self._value_of(item, key)
            if value is None:
                if item.required:
                    self.add_error(self._first_control(key), required_message(item, self.language))
                continue
            if item.widget == "group":
                group_messages = check_group(item, value, today=self.today, language=self.language)
                if group_messages.get(""):
                    self.add_error(self._first_control(key), group_messages[""])
            values[key] = value
        failed = set(self._errors)
        self.page_answers = {
            key: value
            for key, value in values.items()
            if not is_empty(value) and not failed.intersection(self._names_of(key))
        }
        return self.cleaned_data

    def _clean_files(self, item: FieldDef, key: str) -> None:
        new = self.cleaned_data.get(key) or []
        existing = [v for v in (self.answers.get(key) or []) if isinstance(v, int)]
        removed = [v for v in (self.cleaned_data.get(f"{key}__remove") or []) if v in existing]
        total = len(existing) - len(removed) + len(new)
        if new:
            self.uploads[key] = list(new)
        if removed:
            self.removed[key] = removed
        if key in self.errors:
            return
        if total == 0:
            if item.required:
                self.add_error(key, required_message(item, self.language))
            return
        if item.max_items is not None and total > item.max_items:
            self.add_error(
                key,
                _("ファイルは%(count)d個まで添付できます。") % {"count": item.max_items},
            )
        elif item.min_items is not None and total < item.min_items:
            self.add_error(
                key,
                _("ファイルを%(count)d個以上添付してください。") % {"count": item.min_items},
            )

    # -- rendering

    def views(self) -> list[FieldView]:
        """The page's fields, in order, for ``applications/fields/page.html``."""
        with translation.override(self.language):
            return [self._view(self.definition.fields[key], key) for key in self.shown]

    def _label(self, text_en: str, text: str) -> tuple[str, str]:
        if self.language == "en" and text_en:
            return text_en, "en"
        return text, "ja"

    def _view(self, item: FieldDef, name: str, *, in_group: bool = False) -> FieldView:
        label, label_lang = self._label(item.label_en, item.label)
        help_text, help_lang = self._help(item)
        view = FieldView(
            item=item,
            name=name,
            widget=item.widget,
            template=f"applications/fields/{item.widget}.html",
            label=label,
            label_lang=label_lang,
            help=help_text,
            help_lang=help_lang,
            required=item.required,
            prefilled=not in_group and name in self.prefilled,
        )
        if item.show_if and not in_group:
            self._condition(view, item.show_if)
        if item.widget == "consent":
            view.statement, view.statement_lang = self._label(
                item.options.get("text_en", ""), item.options.get("text", "")
            )
        if item.widget == "group":
            count = self.group_counts.get(name, 1)
            view.count_name = f"{name}__count"
            view.count = count
            view.add_name = f"{name}__add"
            add_label, _lang = self._label(
                item.options.get("add_label_en", ""), item.options.get("add_label", "")
            )
            view.add_label = add_label or _("%(label)sを追加") % {"label": label}
            view.can_add = item.max_items is None or count < item.max_items
            for index in range(count):
                group_item = GroupItem(
                    number=index + 1, index=index, delete_name=f"{name}__delete_{index}"
                )
                for child in item.children:
                    group_item.fields.append(
                        self._view(child, f"{name}__{index}__{child.key}", in_group=True)
                    )
                view.items.append(group_item)
            return view
        if item.widget == "file":
            view.controls = [Control(name, label, self[name])]
            view.accept = ",".join(item.accept)
            view.multiple = (item.max_items or 1) > 1
            view.help = str(self.fields[name].help_text)
            if f"{name}__remove" in self.fields:
                view.remove_name = f"{name}__remove"
                view.existing = [
                    (int(value), str(text))
                    for value, text in self.fields[f"{name}__remove"].choices
                ]
                bound = self[f"{name}__remove"]
                view.removed = [str(v) for v in (bound.value() or [])]
            return view
        part_labels = {}
        part_hints = {}
        if item.widget == "address":
            part_labels = _address_labels()
        elif item.widget == "bank_account":
            part_labels = _bank_labels()
            part_hints = _bank_hints()
        for control_name in self.control_names[name]:
            part = control_name[len(name) + 2 :] if control_name != name else ""
            view.controls.append(
                Control(
                    control_name,
                    part_labels.get(part, label),
                    self[control_name],
                    part_hints.get(part, ""),
                )
            )
        return view

    def _condition(self, view: FieldView, show_if: dict[str, Any]) -> None:
        controller = self.definition.fields.get(show_if.get("field", ""))
        if controller is None:
            return
        controller_label, _lang = self._label(controller.label_en, controller.label)
        if "checked" in show_if:
            view.condition_note = _("「%(field)s」にチェックを入れた方のみ") % {
                "field": controller_label
            }
            view.show_if_checked = bool(show_if["checked"])
            values: list[Any] = []
        else:
            values = list(show_if["in"]) if "in" in show_if else [show_if.get("equals")]
            titles = "、".join(
                controller.choice_title(value, self.language) if controller.choices else str(value)
                for value in values
            )
            view.condition_note = _("「%(field)s」で「%(value)s」を選んだ方のみ") % {
                "field": controller_label,
                "value": titles,
            }
        if controller.key in self.page.fields:
            view.show_if_field = controller.key
            view.show_if_values = json.dumps([str(value) for value in values], ensure_ascii=False)

    def error_summary(self) -> list[tuple[str, str, str]]:
        """``(anchor id, label, message)`` of every error, in page order."""
        rows: list[tuple[str, str, str]] = []
        for view in self.views():
            rows.extend(summary_rows(view))
        return rows


# ----------------------------------------------------------------- building


def _group_keys(definition: FormDefinition, page: Page) -> list[str]:
    return [key for key in page.fields if definition.fields[key].widget == "group"]


def _clamp(count: int, item: FieldDef) -> int:
    maximum = item.max_items if item.max_items is not None else 50
    return max(1, min(count, max(maximum, 1)))


def _posted_count(data: Mapping[str, Any], key: str) -> int:
    try:
        return int(str(data.get(f"{key}__count", "1")))
    except ValueError:
        return 1


def _group_action(
    data: Mapping[str, Any], group_keys: list[str]
) -> tuple[str, str, int | None] | None:
    for name in data:
        match = _ACTION.match(name)
        if match and match.group(1) in group_keys:
            if match.group(2) == "add":
                return match.group(1), "add", None
            return match.group(1), "delete", int(match.group(3))
    return None


def build_page_form(
    definition: FormDefinition,
    page_key: str,
    *,
    data: Any = None,
    files: Any = None,
    answers: Mapping[str, Any] | None = None,
    language: str = "ja",
    prefilled: Iterable[str] = (),
    attachments: Mapping[int, str] | None = None,
    today: datetime.date | None = None,
) -> PageForm:
    """The form of page ``page_key``: bound to ``data``/``files`` when given, else filled
    from ``answers`` (the draft, with prefilled values).  ``attachments`` maps the ids
    in ``answers`` of file fields to their names (shown with a remove checkbox)."""
    answers = dict(answers or {})
    page = definition.page(page_key)
    group_keys = _group_keys(definition, page)
    action = _group_action(data, group_keys) if data is not None else None
    counts: dict[str, int] = {}
    for key in group_keys:
        item = definition.fields[key]
        if data is not None:
            counts[key] = _clamp(_posted_count(data, key), item)
        else:
            stored = answers.get(key) if isinstance(answers.get(key), list) else []
            extra = 1 if item.max_items is None or len(stored) < item.max_items else 0
            counts[key] = _clamp(len(stored) + extra, item)
    if action is None:
        form = PageForm(
            definition,
            page,
            answers=answers,
            language=language,
            prefilled=prefilled,
            attachments=attachments,
            group_counts=counts,
            today=today,
            data=data,
            files=files,
            initial=None if data is not None else {},
        )
        if data is None:
            form.initial = _initial_from_answers(form, answers)
        return form
    # A group's add/delete button: show the page again with what was typed.
    key, verb, index = action
    item = definition.fields[key]
    posted = counts[key]
    source = list(range(posted))
    if verb == "add" and (item.max_items is None or posted < item.max_items):
        source.append(-1)
    elif verb == "delete" and index is not None and index < posted:
        source.pop(index)
        if not source:
            source = [-1]
    counts[key] = len(source)
    form = PageForm(
        definition,
        page,
        answers=answers,
        language=language,
        prefilled=prefilled,
        attachments=attachments,
        group_counts=counts,
        today=today,
    )
    form.group_action = action
    form.initial = _initial_from_data(form, data, key, source)
    return form


def _initial_from_answers(form: PageForm, answers: Mapping[str, Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for key in form.shown:
        item = form.definition.fields[key]
        value = answers.get(key)
        if item.widget == "group":
            for index, entry in enumerate(value if isinstance(value, list) else []):
                if index >= form.group_counts.get(key, 1) or not isinstance(entry, dict):
                    break
                for child in item.children:
                    name = f"{key}__{index}__{child.key}"
                    for suffix, child_initial in initial_values(
                        child, entry.get(child.key)
                    ).items():
                        initial[name + suffix] = child_initial
        elif item.widget != "file":
            for suffix, field_initial in initial_values(item, value).items():
                initial[key + suffix] = field_initial
    return initial


def _initial_from_data(
    form: PageForm, data: Any, group_key: str, source: list[int]
) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    prefix = f"{group_key}__"
    for name, django_field in form.fields.items():
        source_name = name
        if name.startswith(prefix) and name != f"{group_key}__count":
            rest = name[len(prefix) :]
            index_text, _sep, tail = rest.partition("__")
            if index_text.isdigit():
                original = source[int(index_text)] if int(index_text) < len(source) else -1
                if original < 0:
                    continue
                source_name = f"{prefix}{original}__{tail}"
        if isinstance(django_field, forms.FileField):
            continue
        if isinstance(django_field, forms.MultipleChoiceField):
            getlist = getattr(data, "getlist", None)
            initial[name] = getlist(source_name) if getlist else data.get(source_name, [])
        elif isinstance(django_field, forms.BooleanField):
            initial[name] = bool(data.get(source_name))
        else:
            initial[name] = data.get(source_name, "")
    return initial


def merge_page_answers(
    definition: FormDefinition,
    answers: Mapping[str, Any],
    page_key: str,
    page_answers: Mapping[str, Any],
) -> dict[str, Any]:
    """``answers`` with the page's non-file answers replaced by ``page_answers`` (a field
    left empty or now hidden is removed)."""
    page = definition.page(page_key)
    merged = {
        key: value
        for key, value in answers.items()
        if key not in page.fields or definition.fields[key].widget == "file"
    }
    merged.update(page_answers)
    return merged
