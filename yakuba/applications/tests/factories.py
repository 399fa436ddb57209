"""Builders for the online applications tests: a category, a procedure with a published
form (a small hand-written JSON Schema + UI schema in the documented format), staff of the
handling department, and submissions in a given state.  Plain functions over the models
(test data only; the code under test always goes through the services).

Parts add their own builders in ``tests/factories_<part>.py``.
"""

from __future__ import annotations

import copy
import datetime
import itertools
from typing import Any

from django.utils import timezone

from yakuba.applications.models import (
    Category,
    FormState,
    FormVersion,
    IdentityLevel,
    Procedure,
    Status,
    Submission,
)
from yakuba.identity.models import OrgUnit
from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory, StaffFactory

_numbers = itertools.count(1)

#: A small valid form: name, kana, e-mail, a choice with a conditional field, consent;
#: two pages.  The format is docs/modules/applications-schema.md.
SMALL_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "title": "テスト申請",
    "properties": {
        "name": {"type": "string", "title": "氏名", "maxLength": 50},
        "name_kana": {
            "type": "string",
            "title": "氏名（カナ）",
            "maxLength": 50,
            "pattern": "^[ァ-ヴー・　 ]+$",
        },
        "email": {"type": "string", "title": "メールアドレス", "format": "email", "maxLength": 254},
        "has_dog": {
            "type": "string",
            "title": "犬を飼っていますか",
            "oneOf": [{"const": "yes", "title": "はい"}, {"const": "no", "title": "いいえ"}],
        },
        "dog_name": {"type": "string", "title": "犬の名前", "maxLength": 30},
        "consent": {"type": "boolean", "title": "同意", "const": True},
    },
    "required": ["name", "name_kana", "has_dog", "consent"],
    "allOf": [
        {
            "if": {"properties": {"has_dog": {"const": "yes"}}, "required": ["has_dog"]},
            "then": {"required": ["dog_name"]},
        }
    ],
    "additionalProperties": False,
}
SMALL_UI: dict[str, Any] = {
    "ui:title_en": "Test application",
    "ui:order": ["name", "name_kana", "email", "has_dog", "dog_name", "consent"],
    "ui:pages": [
        {
            "key": "applicant",
            "title": "申請者",
            "title_en": "Applicant",
            "fields": ["name", "name_kana", "email"],
        },
        {
            "key": "details",
            "title": "内容",
            "title_en": "Details",
            "fields": ["has_dog", "dog_name", "consent"],
        },
    ],
    "name": {"ui:widget": "text", "ui:title_en": "Name", "ui:prefill": "name"},
    "name_kana": {"ui:widget": "kana", "ui:title_en": "Name (katakana)", "ui:prefill": "name_kana"},
    "email": {"ui:widget": "email", "ui:title_en": "E-mail"},
    "has_dog": {
        "ui:widget": "radio",
        "ui:title_en": "Do you keep a dog?",
        "ui:enumNames_en": ["Yes", "No"],
    },
    "dog_name": {
        "ui:widget": "text",
        "ui:title_en": "Dog's name",
        "ui:showIf": {"field": "has_dog", "equals": "yes"},
    },
    "consent": {
        "ui:widget": "consent",
        "ui:title_en": "Consent",
        "ui:options": {"text": "記載内容に誤りがないことを確認しました。"},
    },
}
#: Answers valid against SMALL_SCHEMA.
SMALL_ANSWERS: dict[str, Any] = {
    "name": "村山 花子",
    "name_kana": "ムラヤマ ハナコ",
    "email": "hanako@example.jp",
    "has_dog": "yes",
    "dog_name": "ポチ",
    "consent": True,
}


def department(code: str = "shimin", name: str = "市民課") -> OrgUnit:
    """The handling department (an OrgUnit), created once per code."""
    unit = OrgUnit.objects.filter(code=code).first()
    return unit or OrgUnitFactory(code=code, name=name, name_en=f"{code} division")


def staff_in(code: str = "shimin", role: str = "operator", **fields: Any):
    """A staff member with ``role`` in department ``code``."""
    unit = department(code)
    user = StaffFactory(**fields)
    AssignmentFactory(user=user, org_unit=unit, role=role)
    return user


def make_category(code: str = "", **fields: Any) -> Category:
    number = next(_numbers)
    values = {"code": code or f"category-{number}", "name": f"分類{number}", "order": number}
    values.update(fields)
    return Category.objects.create(**values)


def make_procedure(
    code: str = "",
    *,
    department_code: str = "shimin",
    identity_level: str = IdentityLevel.ACCOUNT,
    published: bool = True,
    schema: dict[str, Any] | None = None,
    ui_schema: dict[str, Any] | None = None,
    category: Category | None = None,
    **fields: Any,
) -> Procedure:
    """A published procedure with version 1 of its form published (``SMALL_SCHEMA`` unless
    given).  ``search_text`` is filled like the catalogue service does."""
    from yakuba.applications.search import procedure_search_text

    number = next(_numbers)
    department(department_code)
    values: dict[str, Any] = {
        "code": code or f"procedure-{number}",
        "title": f"テスト手続き{number}",
        "summary": "テスト用の手続きです。",
        "department_code": department_code,
        "identity_level": identity_level,
        "is_published": published,
        "category": category or make_category(),
    }
    values.update(fields)
    procedure = Procedure(**values)
    procedure.search_text = procedure_search_text(
        procedure.title, procedure.title_kana, procedure.keywords, procedure.title_en
    )
    procedure.save()
    make_form_version(procedure, schema=schema, ui_schema=ui_schema, published=True)
    return procedure


def make_form_version(
    procedure: Procedure,
    *,
    schema: dict[str, Any] | None = None,
    ui_schema: dict[str, Any] | None = None,
    published: bool = True,
    number: int | None = None,
) -> FormVersion:
    last = procedure.form_versions.order_by("-number").values_list("number", flat=True).first()
    return FormVersion.objects.create(
        procedure=procedure,
        number=number or (last or 0) + 1,
        state=FormState.PUBLISHED if published else FormState.DRAFT,
        schema=copy.deepcopy(schema if schema is not None else SMALL_SCHEMA),
        ui_schema=copy.deepcopy(ui_schema if ui_schema is not None else SMALL_UI),
        published_at=timezone.now() if published else None,
    )


_references = itertools.count(1)


def make_submission(
    procedure: Procedure,
    *,
    applicant=None,
    status: str = Status.RECEIVED,
    answers: dict[str, Any] | None = None,
    submitted_at: datetime.datetime | None = None,
    **fields: Any,
) -> Submission:
    """A submission in ``status`` (default 受付), written directly (test data only)."""
    version = procedure.form_versions.filter(state=FormState.PUBLISHED).order_by("-number").first()
    now = submitted_at or timezone.now()
    submitted = status != Status.DRAFT
    values: dict[str, Any] = {
        "procedure": procedure,
        "form_version": version,
        "applicant": applicant,
        "status": status,
        "identity_level": procedure.identity_level if applicant else IdentityLevel.NONE,
        "answers": copy.deepcopy(answers if answers is not None else SMALL_ANSWERS),
        "department_code": procedure.department_code,
        "applicant_name": (answers or SMALL_ANSWERS).get("name", ""),
        "applicant_email": getattr(applicant, "email", "") or "",
    }
    if submitted:
        values.update(
            reference=f"{now.year}-{900000 + next(_references):06d}",
            submitted_at=now,
            due_date=timezone.localdate(now) + datetime.timedelta(days=procedure.handling_days),
        )
    if status in (Status.APPROVED, Status.REJECTED, Status.COMPLETED):
        values["decided_at"] = now
    if status == Status.COMPLETED:
        values["completed_at"] = now
    values.update(fields)
    return Submission.objects.create(**values)
