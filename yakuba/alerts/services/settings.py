"""The alert module's settings: which categories need approval, and the message templates.

Every change checks :func:`yakuba.alerts.policies.may_change_settings` and is logged
(``yakuba.alerts.settings``: who, what, which row; never message text).  Categories and
templates are reference data, not personal data, so the personal-data access record
(:mod:`yakuba.audit`) is not the place for them; the log line is their audit trail.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import policies
from ..models import AlertTemplate, Category

logger = logging.getLogger("yakuba.alerts.settings")

#: The fields of a template a staff member writes.
TEMPLATE_FIELDS = (
    "category",
    "name",
    "event",
    "severity",
    "urgency",
    "certainty",
    "title_ja",
    "body_ja",
    "title_en",
    "body_en",
    "title_easy",
    "body_easy",
)


def _require(user: Any) -> None:
    if not policies.may_change_settings(user):
        raise PermissionDenied(_("この操作を行う権限がありません。"))


def _log(user: Any, action: str, **details: Any) -> None:
    logger.info(
        "alerts settings %s",
        action,
        extra={"actor_id": getattr(user, "pk", None), "action": action, **details},
    )


@transaction.atomic
def set_approval_flags(user: Any, flags: dict[int, bool]) -> list[Category]:
    """Mark which categories' alerts need a second staff member's approval.

    ``flags`` maps category ids to the wanted value; returns the categories changed.
    Alerts already pending keep waiting for approval: the flag is read on submit.
    """
    _require(user)
    changed = []
    for category in Category.objects.select_for_update().filter(pk__in=list(flags)):
        wanted = bool(flags[category.pk])
        if category.requires_approval != wanted:
            category.requires_approval = wanted
            category.save(update_fields=["requires_approval", "updated"])
            changed.append(category)
            _log(
                user,
                "approval_flag",
                category=category.code,
                requires_approval=wanted,
            )
    return changed


def _validate_template(template: AlertTemplate) -> None:
    errors: dict[str, str] = {}
    for name in ("name", "title_ja", "body_ja"):
        if not str(getattr(template, name)).strip():
            errors[name] = _("入力してください。")
    for language in ("en", "easy"):
        title = getattr(template, f"title_{language}").strip()
        body = getattr(template, f"body_{language}").strip()
        if bool(title) != bool(body):
            errors[f"body_{language}" if title else f"title_{language}"] = _(
                "件名と本文は両方入力するか、両方空にしてください。"
            )
    duplicate = AlertTemplate.objects.filter(
        category_id=template.category_id, name=template.name.strip()
    ).exclude(pk=template.pk)
    if template.name.strip() and duplicate.exists():
        errors["name"] = _("同じ配信分類に同じ名前のテンプレートがあります。")
    if errors:
        raise ValidationError(errors)


def _save_template(template: AlertTemplate, values: dict[str, Any]) -> AlertTemplate:
    for name in TEMPLATE_FIELDS:
        if name in values:
            value = values[name]
            setattr(template, name, value.strip() if isinstance(value, str) else value)
    _validate_template(template)
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError as error:  # a concurrent save took the name
        raise ValidationError(
            {"name": _("同じ配信分類に同じ名前のテンプレートがあります。")}
        ) from error
    return template


@transaction.atomic
def create_template(user: Any, values: dict[str, Any]) -> AlertTemplate:
    _require(user)
    template = _save_template(AlertTemplate(), values)
    _log(user, "template_created", template_id=template.pk)
    return template


@transaction.atomic
def update_template(user: Any, template: AlertTemplate, values: dict[str, Any]) -> AlertTemplate:
    _require(user)
    template = AlertTemplate.objects.select_for_update().get(pk=template.pk)
    template = _save_template(template, values)
    _log(user, "template_updated", template_id=template.pk)
    return template


@transaction.atomic
def delete_template(user: Any, template: AlertTemplate) -> None:
    """Delete a template (alerts made from it keep their text: they copied it)."""
    _require(user)
    template_id = template.pk
    AlertTemplate.objects.filter(pk=template_id).delete()
    _log(user, "template_deleted", template_id=template_id)
