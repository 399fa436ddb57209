"""Writes of the procedure catalogue: procedures (by admins of their department) and the
shared categories and life events (by admins of 文書情報課, ``policies.may_edit_catalogue``).

Each service is atomic, checks the policy, validates and writes; ``Procedure.search_text``
is always written here (never by hand) from the title, 読み, keywords and English title.
Each write is logged (``yakuba.applications.builder``) with who did it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yakuba.identity.permissions import departments_on

from .. import policies
from ..models import (
    ApplicantKind,
    Category,
    FormState,
    IdentityLevel,
    LifeEvent,
    LifeEventStep,
    Procedure,
)
from ..search import procedure_search_text

logger = logging.getLogger("yakuba.applications.builder")

#: The catalogue facts staff edit (everything but ``search_text`` and ``is_published``).
PROCEDURE_FIELDS: tuple[str, ...] = (
    "code",
    "title",
    "title_en",
    "title_kana",
    "summary",
    "summary_en",
    "description",
    "description_en",
    "keywords",
    "category",
    "department_code",
    "applicant_kind",
    "identity_level",
    "fee_yen",
    "fee_note",
    "fee_note_en",
    "handling_days",
    "opens_on",
    "closes_on",
    "contact",
    "order",
)
CATEGORY_FIELDS: tuple[str, ...] = ("code", "name", "name_en", "order")
LIFE_EVENT_FIELDS: tuple[str, ...] = (
    "code",
    "name",
    "name_en",
    "description",
    "description_en",
    "order",
)


def department_choices() -> list[tuple[str, str]]:
    """(code, name) of the departments in force today."""
    return [(unit.code, unit.name) for unit in departments_on().order_by("code")]


def _require_builder(actor: Any, department_code: str) -> None:
    if not policies.may_build(actor, department_code):
        raise PermissionDenied


def _require_known_department(code: str) -> None:
    if code not in {known for known, _name in department_choices()}:
        raise ValidationError(
            {"department_code": _("担当課コード「%(code)s」の組織はありません。") % {"code": code}},
            code="unknown_department",
        )


def _require_catalogue_editor(actor: Any) -> None:
    if not policies.may_edit_catalogue(actor):
        raise PermissionDenied


def _unknown(fields: dict[str, Any], allowed: Iterable[str]) -> None:
    extra = set(fields) - set(allowed)
    if extra:
        raise TypeError(f"unknown fields: {', '.join(sorted(extra))}")


def _validated(instance: Any, *, exclude: Iterable[str] = ()) -> None:
    """The model's own field validation (lengths, choices, code pattern, unique code)."""
    instance.full_clean(exclude=list(exclude), validate_constraints=False)


def _check_procedure(procedure: Procedure) -> None:
    errors: dict[str, list[str]] = {}
    if procedure.department_code not in {code for code, _name in department_choices()}:
        errors.setdefault("department_code", []).append(
            _("担当課コード「%(code)s」の組織はありません。") % {"code": procedure.department_code}
        )
    if procedure.opens_on and procedure.closes_on and procedure.opens_on > procedure.closes_on:
        errors.setdefault("closes_on", []).append(
            _("受付終了日は受付開始日と同じ日かそれより後にしてください。")
        )
    if procedure.applicant_kind not in ApplicantKind.values:
        errors.setdefault("applicant_kind", []).append(_("申請できる方を選んでください。"))
    if procedure.identity_level not in IdentityLevel.values:
        errors.setdefault("identity_level", []).append(_("本人確認の方法を選んでください。"))
    try:
        _validated(procedure, exclude=("search_text",))
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(m for m in messages if m not in errors.get(name, []))
    if errors:
        raise ValidationError(errors)
    procedure.search_text = procedure_search_text(
        procedure.title, procedure.title_kana, procedure.keywords, procedure.title_en
    )


def _save(instance: Any, *, unique_field: str = "code") -> None:
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise ValidationError(
            {unique_field: _("このコードは既に使われています。")}, code="unique"
        ) from error


@transaction.atomic
def create_procedure(actor: Any, **fields: Any) -> Procedure:
    """A new (unpublished) procedure of a department ``actor`` administers."""
    _unknown(fields, PROCEDURE_FIELDS)
    _require_known_department(fields.get("department_code", ""))
    _require_builder(actor, fields.get("department_code", ""))
    procedure = Procedure(**fields)
    procedure.is_published = False
    _check_procedure(procedure)
    _save(procedure)
    logger.info("procedure %s created by user %s", procedure.code, actor.pk)
    return procedure


@transaction.atomic
def update_procedure(actor: Any, procedure: Procedure, **fields: Any) -> Procedure:
    """Change the catalogue facts of ``procedure``; moving it to another department needs
    the admin role in both."""
    _unknown(fields, PROCEDURE_FIELDS)
    locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
    _require_builder(actor, locked.department_code)
    if "department_code" in fields:
        _require_known_department(fields["department_code"])
        _require_builder(actor, fields["department_code"])
    for name, value in fields.items():
        setattr(locked, name, value)
    _check_procedure(locked)
    _save(locked)
    logger.info("procedure %s updated by user %s", locked.code, actor.pk)
    return locked


@transaction.atomic
def publish_procedure(actor: Any, procedure: Procedure) -> Procedure:
    """Show the procedure in the citizens' catalogue; it needs a published form version."""
    locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
    _require_builder(actor, locked.department_code)
    if not locked.form_versions.filter(state=FormState.PUBLISHED).exists():
        raise ValidationError(
            _(
                "公開済みの申請フォームがないため、手続きを公開できません。先にフォームを公開してください。"
            ),
            code="no_published_form",
        )
    if not locked.is_published:
        locked.is_published = True
        locked.save(update_fields=["is_published", "updated"])
        logger.info("procedure %s published by user %s", locked.code, actor.pk)
    return locked


@transaction.atomic
def unpublish_procedure(actor: Any, procedure: Procedure) -> Procedure:
    """Take the procedure out of the citizens' catalogue (applications already made stay)."""
    locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
    _require_builder(actor, locked.department_code)
    if locked.is_published:
        locked.is_published = False
        locked.save(update_fields=["is_published", "updated"])
        logger.info("procedure %s unpublished by user %s", locked.code, actor.pk)
    return locked


# -- categories and life events (文書情報課) -----------------------------------------------


@transaction.atomic
def create_category(actor: Any, **fields: Any) -> Category:
    _require_catalogue_editor(actor)
    _unknown(fields, CATEGORY_FIELDS)
    category = Category(**fields)
    _validated(category)
    _save(category)
    logger.info("category %s created by user %s", category.code, actor.pk)
    return category


@transaction.atomic
def update_category(actor: Any, category: Category, **fields: Any) -> Category:
    _require_catalogue_editor(actor)
    _unknown(fields, CATEGORY_FIELDS)
    locked = Category.objects.select_for_update().get(pk=category.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    _validated(locked)
    _save(locked)
    logger.info("category %s updated by user %s", locked.code, actor.pk)
    return locked


@transaction.atomic
def create_life_event(actor: Any, **fields: Any) -> LifeEvent:
    _require_catalogue_editor(actor)
    _unknown(fields, LIFE_EVENT_FIELDS)
    life_event = LifeEvent(**fields)
    _validated(life_event)
    _save(life_event)
    logger.info("life event %s created by user %s", life_event.code, actor.pk)
    return life_event


@transaction.atomic
def update_life_event(actor: Any, life_event: LifeEvent, **fields: Any) -> LifeEvent:
    _require_catalogue_editor(actor)
    _unknown(fields, LIFE_EVENT_FIELDS)
    locked = LifeEvent.objects.select_for_update().get(pk=life_event.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    _validated(locked)
    _save(locked)
    logger.info("life event %s updated by user %s", locked.code, actor.pk)
    return locked


@transaction.atomic
def set_life_event_steps(
    actor: Any, life_event: LifeEvent, steps: Iterable[dict[str, Any]]
) -> list[LifeEventStep]:
    """Replace the life event's steps with ``steps`` in order: each a dict with
    ``procedure`` (a Procedure or its id), and optional ``note`` / ``note_en``."""
    _require_catalogue_editor(actor)
    locked = LifeEvent.objects.select_for_update().get(pk=life_event.pk)
    wanted = list(steps)
    procedure_ids = [
        step["procedure"].pk if isinstance(step["procedure"], Procedure) else step["procedure"]
        for step in wanted
    ]
    if len(set(procedure_ids)) != len(procedure_ids):
        raise ValidationError(
            {"procedure": _("同じ手続きを2回登録することはできません。")}, code="duplicate"
        )
    known = set(Procedure.objects.filter(pk__in=procedure_ids).values_list("pk", flat=True))
    if known != set(procedure_ids):
        raise ValidationError({"procedure": _("手続きが見つかりません。")}, code="unknown")
    created = []
    locked.steps.all().delete()
    for order, (procedure_id, step) in enumerate(zip(procedure_ids, wanted, strict=True), 1):
        row = LifeEventStep(
            life_event=locked,
            procedure_id=procedure_id,
            order=order,
            note=step.get("note", "") or "",
            note_en=step.get("note_en", "") or "",
        )
        try:
            _validated(row, exclude=("life_event", "procedure"))
        except ValidationError as error:
            raise ValidationError(error.message_dict) from error
        created.append(row)
    LifeEventStep.objects.bulk_create(created)
    logger.info("life event %s steps set by user %s", locked.code, actor.pk)
    return created
