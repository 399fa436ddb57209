"""Writes of form versions: drafts built in the staff builder, JSON import, publishing.

A procedure has at most one draft version (a partial unique index) and any number of
published ones; a published version is immutable (refused here with a clear message, and
by a database trigger for any other writer).  Submissions keep the version they were made
with, so publishing version 2 changes nothing for applications started on version 1.

Every definition saved is compiled from the builder model and checked with
``schema.check_definition`` first, so a stored draft is always a valid form.  Who wrote
what is kept on the version (``created_by``, ``published_by``/``published_at``) and in the
``yakuba.applications.builder`` log.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import events, policies
from ..models import FormState, FormVersion, Procedure
from ..schema import BuilderForm, check_definition, compile_form, decompile_form

logger = logging.getLogger("yakuba.applications.builder")

PUBLISHED_IS_READ_ONLY = gettext_lazy("公開済みの版は変更できません。新しい版を作成してください。")


def _require_builder(actor: Any, procedure: Procedure) -> None:
    if not policies.may_build(actor, procedure.department_code):
        raise PermissionDenied


def _refuse_published() -> ValidationError:
    return ValidationError(PUBLISHED_IS_READ_ONLY, code="published")


def _lock_draft(actor: Any, version: FormVersion) -> FormVersion:
    locked = FormVersion.objects.select_for_update().select_related("procedure").get(pk=version.pk)
    _require_builder(actor, locked.procedure)
    if locked.state != FormState.DRAFT:
        raise _refuse_published()
    return locked


def compile_checked(builder_form: BuilderForm) -> tuple[dict[str, Any], dict[str, Any]]:
    """The checked (schema, ui_schema) of ``builder_form`` or a ValidationError."""
    try:
        schema, ui_schema = compile_form(builder_form)
    except (ValueError, KeyError, TypeError) as error:
        raise ValidationError(
            _("フォームの定義を作れません: %(reason)s") % {"reason": error}, code="compile"
        ) from error
    check_definition(schema, ui_schema)
    return schema, ui_schema


def builder_form_of(version: FormVersion) -> BuilderForm:
    """The builder model of a stored version."""
    return decompile_form(version.schema or {}, version.ui_schema or {})


@transaction.atomic
def start_draft_version(
    actor: Any, procedure: Procedure, *, from_version: FormVersion | None = None
) -> FormVersion:
    """The procedure's draft: the existing one, or a new version (the next number) copied
    from ``from_version`` or the latest published version, or an empty form."""
    locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
    _require_builder(actor, locked)
    draft = locked.form_versions.filter(state=FormState.DRAFT).first()
    if draft is not None:
        return draft
    if from_version is not None and from_version.procedure_id != locked.pk:
        raise ValidationError(_("別の手続きの版からは作成できません。"), code="other_procedure")
    source = from_version or (
        locked.form_versions.filter(state=FormState.PUBLISHED).order_by("-number").first()
    )
    if source is not None:
        schema, ui_schema = copy.deepcopy(source.schema), copy.deepcopy(source.ui_schema)
    else:
        schema, ui_schema = compile_form(BuilderForm(title=locked.title, title_en=locked.title_en))
    last = locked.form_versions.aggregate(last=Max("number"))["last"] or 0
    version = FormVersion.objects.create(
        procedure=locked,
        number=last + 1,
        state=FormState.DRAFT,
        schema=schema,
        ui_schema=ui_schema,
        created_by=actor,
    )
    logger.info(
        "form version %s of procedure %s started by user %s (from version %s)",
        version.number,
        locked.code,
        actor.pk,
        source.number if source else None,
    )
    return version


@transaction.atomic
def save_draft_definition(
    actor: Any,
    version: FormVersion,
    builder_form: BuilderForm,
    *,
    change_note: str | None = None,
) -> FormVersion:
    """Compile, check and store ``builder_form`` in the draft ``version`` (``change_note``
    ``None`` keeps the note)."""
    locked = _lock_draft(actor, version)
    schema, ui_schema = compile_checked(builder_form)
    locked.schema, locked.ui_schema = schema, ui_schema
    fields = ["schema", "ui_schema", "updated"]
    if change_note is not None:
        locked.change_note = _checked_note(change_note)
        fields.append("change_note")
    locked.save(update_fields=fields)
    logger.info(
        "form version %s of procedure %s saved by user %s",
        locked.number,
        locked.procedure.code,
        actor.pk,
    )
    return locked


@transaction.atomic
def edit_draft(
    actor: Any, version: FormVersion, change: Callable[[BuilderForm], Any]
) -> FormVersion:
    """Apply ``change`` (an edit of the builder model, e.g. from
    ``web.staff.builder_edits``) to the locked draft, then compile, check and save it:
    one atomic read-change-write, so two staff editing at once never lose a change."""
    locked = _lock_draft(actor, version)
    builder_form = decompile_form(locked.schema or {}, locked.ui_schema or {})
    change(builder_form)
    return save_draft_definition(actor, locked, builder_form)


def _checked_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationError(
            {"change_note": _("変更内容は300文字以内で入力してください。")}, code="max_length"
        )
    return note


@transaction.atomic
def set_change_note(actor: Any, version: FormVersion, change_note: str) -> FormVersion:
    """What changed in this draft (shown in the version list)."""
    locked = _lock_draft(actor, version)
    locked.change_note = _checked_note(change_note)
    locked.save(update_fields=["change_note", "updated"])
    return locked


def _parse_json(text: Any, name: str) -> dict[str, Any]:
    if isinstance(text, dict):
        return copy.deepcopy(text)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(
                {name: _("UTF-8のテキストではありません。")}, code="encoding"
            ) from error
    try:
        value = json.loads(text or "")
    except json.JSONDecodeError as error:
        raise ValidationError(
            {
                name: _("JSONとして読めません（%(line)d行目%(column)d文字目: %(reason)s）。")
                % {"line": error.lineno, "column": error.colno, "reason": error.msg}
            },
            code="json",
        ) from error
    if not isinstance(value, dict):
        raise ValidationError({name: _("JSONのオブジェクト（{…}）にしてください。")}, code="json")
    return value


@transaction.atomic
def import_definition(
    actor: Any, version: FormVersion, schema_json: Any, ui_json: Any
) -> FormVersion:
    """Replace the draft's definition with a pasted or uploaded JSON Schema + UI schema
    (text, bytes or dicts), checked like a built one."""
    locked = _lock_draft(actor, version)
    errors: dict[str, list[Any]] = {}
    parsed: dict[str, dict[str, Any]] = {}
    for name, text in (("schema", schema_json), ("ui_schema", ui_json)):
        try:
            parsed[name] = _parse_json(text, name)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    check_definition(parsed["schema"], parsed["ui_schema"])
    # Store what the builder would store, so that the builder can edit it afterwards.
    try:
        schema, ui_schema = compile_checked(decompile_form(parsed["schema"], parsed["ui_schema"]))
    except ValueError as error:
        raise ValidationError(str(error), code="decompile") from error
    locked.schema, locked.ui_schema = schema, ui_schema
    locked.save(update_fields=["schema", "ui_schema", "updated"])
    logger.info(
        "form version %s of procedure %s imported by user %s",
        locked.number,
        locked.procedure.code,
        actor.pk,
    )
    return locked


@transaction.atomic
def publish_version(actor: Any, version: FormVersion) -> FormVersion:
    """Freeze the draft as the procedure's current form.  Submissions already started keep
    their version; new applications use this one."""
    Procedure.objects.select_for_update().get(pk=version.procedure_id)
    locked = _lock_draft(actor, version)
    check_definition(locked.schema, locked.ui_schema)
    if not (locked.schema.get("properties") or {}):
        raise ValidationError(_("項目のないフォームは公開できません。"), code="empty")
    locked.state = FormState.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = actor
    locked.save(update_fields=["state", "published_at", "published_by", "updated"])
    logger.info(
        "form version %s of procedure %s published by user %s",
        locked.number,
        locked.procedure.code,
        actor.pk,
    )
    version_id, procedure_id = locked.pk, locked.procedure_id
    transaction.on_commit(
        lambda: events.form_published.send(
            sender=FormVersion, form_version_id=version_id, procedure_id=procedure_id
        )
    )
    return locked


@transaction.atomic
def discard_draft(actor: Any, version: FormVersion) -> None:
    """Delete a draft version that no submission uses (a published one stays forever)."""
    locked = _lock_draft(actor, version)
    if locked.submissions.exists():
        raise ValidationError(_("この版で作成中の申請があるため削除できません。"), code="in_use")
    logger.info(
        "form version %s of procedure %s discarded by user %s",
        locked.number,
        locked.procedure.code,
        actor.pk,
    )
    locked.delete()
