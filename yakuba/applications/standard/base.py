"""The shape of a standard procedure, category and life event (data, no database)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from yakuba.applications.schema.builder_model import BuilderForm

#: The city's switchboard (each procedure names its division and extension).
CITY_PHONE = "042-565-1111"


@dataclass(frozen=True)
class StandardCategory:
    code: str
    name: str
    name_en: str
    order: int


@dataclass(frozen=True)
class StandardProcedure:
    """One procedure of the demo city with its form and one valid example answer set."""

    code: str
    title: str
    title_en: str
    title_kana: str
    summary: str
    summary_en: str
    description: str
    description_en: str
    keywords: str
    category: str
    department_code: str
    applicant_kind: str
    identity_level: str
    form: BuilderForm
    #: Answers valid for the form (the demo uses them; a test validates them).
    example: dict[str, Any]
    fee_yen: int = 0
    fee_note: str = ""
    fee_note_en: str = ""
    handling_days: int = 14
    contact: str = ""
    order: int = 0
    #: Attachment fields of ``example`` (the demo uploads a small file for each).
    example_files: tuple[str, ...] = ()

    def definition(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """``(schema, ui_schema)`` as stored in a form version."""
        from yakuba.applications.schema import compile_form

        return compile_form(self.form)


@dataclass(frozen=True)
class StandardStep:
    procedure: str
    note: str
    note_en: str


@dataclass(frozen=True)
class StandardLifeEvent:
    code: str
    name: str
    name_en: str
    description: str
    description_en: str
    order: int
    steps: tuple[StandardStep, ...] = field(default_factory=tuple)


def contact(division: str, section: str, extension: str) -> str:
    return f"{division} {section} 電話 {CITY_PHONE}（内線 {extension}）"


def in_days(days: int) -> str:
    """An ISO date ``days`` from today (examples of fields limited to future dates)."""
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()
