"""The staff builder's editable representation of a form (compiled to JSON Schema + UI
schema by ``schema.compile_form`` and read back by ``schema.decompile_form``).

These dataclasses are the contract between the form engine (``schema/``) and the staff
form builder (``web/staff/builder*``); docs/modules/applications-schema.md describes the
stored format they compile to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class BuilderField:
    """One field as staff edit it.

    ``options`` holds the type's settings, named by ``FIELD_TYPES[widget].option_specs``
    (e.g. ``max_length``, ``minimum``/``maximum``, ``choices`` as
    ``[{"value": "yes", "label": "はい", "label_en": "Yes"}, …]``, ``accept``,
    ``max_bytes``, ``min_items``/``max_items``, ``text`` of a consent, ``min``/``max``
    of a date).  ``show_if`` is the ``ui:showIf`` object or ``None``; ``prefill`` one of
    ``PREFILL_KEYS`` or ""; ``children`` the sub-fields of a repeating group.
    """

    key: str
    widget: str
    label: str
    label_en: str = ""
    help: str = ""
    help_en: str = ""
    required: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    show_if: dict[str, Any] | None = None
    prefill: str = ""
    placeholder: str = ""
    children: list[BuilderField] = field(default_factory=list)


@dataclass
class BuilderPage:
    key: str
    title: str
    title_en: str = ""
    fields: list[str] = field(default_factory=list)


@dataclass
class BuilderForm:
    title: str
    title_en: str = ""
    fields: list[BuilderField] = field(default_factory=list)
    #: Empty = one page holding every field.
    pages: list[BuilderPage] = field(default_factory=list)
