"""The editable rules: which level of which phenomenon is sent at once, drafted, or ignored."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yakuba.alerts import policies

from . import phenomena
from .models import Action, IngestRule, Level, RuleKind

logger = logging.getLogger("yakuba.alerts.settings")

#: Seeded on migration; staff with the settings role edit them on the rules page.
DEFAULT_RULES: tuple[tuple[str, str, str, str], ...] = (
    (RuleKind.WEATHER, "", Level.SPECIAL, Action.SEND_NOW),
    (RuleKind.WEATHER, "", Level.DANGER, Action.SEND_NOW),
    (RuleKind.WEATHER, "", Level.WARNING, Action.SEND_NOW),
    (RuleKind.WEATHER, "", Level.ADVISORY, Action.DRAFT),
    (RuleKind.WEATHER, "", Level.CLEAR, Action.SEND_NOW),
    (RuleKind.QUAKE, "", "4", Action.SEND_NOW),
    (RuleKind.QUAKE, "", "3", Action.DRAFT),
)


def action_for(kind: str, subject: str, level: str) -> str:
    """The action for a finding.  Weather (and CAP): a rule for the phenomenon wins over
    the generic one; with no rule at all a human decides (draft).  Earthquakes: the
    highest 震度 threshold not above the observed intensity; below every threshold, ignore.
    """
    if kind == "quake":
        observed = phenomena.intensity_rank(level)
        best: tuple[int, str] | None = None
        for rule in IngestRule.objects.filter(kind=RuleKind.QUAKE):
            threshold = phenomena.intensity_rank(rule.level)
            if 0 <= threshold <= observed and (best is None or threshold > best[0]):
                best = (threshold, rule.action)
        return best[1] if best else Action.IGNORE
    rules = {
        rule.phenomenon: rule.action
        for rule in IngestRule.objects.filter(
            kind=RuleKind.WEATHER, level=level, phenomenon__in=[subject, ""]
        )
    }
    return rules.get(subject) or rules.get("") or Action.DRAFT


def seed(apps, schema_editor) -> None:  # noqa: ANN001 - migration signature
    """Create the default rules that are missing (never overwrites staff edits)."""
    model = apps.get_model("alerts_ingest", "IngestRule")
    for kind, phenomenon, level, action in DEFAULT_RULES:
        model.objects.get_or_create(
            kind=kind, phenomenon=phenomenon, level=level, defaults={"action": action}
        )


# --- editing by staff (許可: may_change_settings) ------------------------------------------
# Rules are reference data, not personal data: a log line (who, which rule, what action) is
# their audit trail, as for the alert module's other settings.


def _require(user: Any) -> None:
    if not policies.may_change_settings(user):
        raise PermissionDenied(_("この操作を行う権限がありません。"))


def _log(user: Any, action: str, rule: IngestRule) -> None:
    logger.info(
        "alerts ingest rule %s",
        action,
        extra={"actor_id": getattr(user, "pk", None), "rule": str(rule)},
    )


def validate_level(kind: str, level: str) -> None:
    if kind == RuleKind.QUAKE and phenomena.intensity_rank(level) < 0:
        raise ValidationError({"level": _("震度は 1〜4、5-、5+、6-、6+、7 で入力してください。")})
    if kind == RuleKind.WEATHER and level not in Level.values:
        raise ValidationError({"level": _("段階を選んでください。")})


@transaction.atomic
def set_actions(user: Any, actions: dict[int, str]) -> list[IngestRule]:
    """Change the action of existing rules; returns the rules that changed."""
    _require(user)
    changed = []
    for rule in IngestRule.objects.select_for_update().filter(pk__in=actions):
        action = actions[rule.pk]
        if action not in Action.values:
            raise ValidationError(_("処理を選んでください。"))
        if rule.action != action:
            rule.action = action
            rule.save(update_fields=["action", "updated"])
            _log(user, "changed", rule)
            changed.append(rule)
    return changed


@transaction.atomic
def add_rule(user: Any, *, kind: str, phenomenon: str, level: str, action: str) -> IngestRule:
    _require(user)
    phenomenon = phenomenon.strip()
    level = level.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    level = level.replace("弱", "-").replace("強", "+")
    validate_level(kind, level)
    if kind == RuleKind.QUAKE and phenomenon:
        raise ValidationError({"phenomenon": _("地震の規則には現象を入力しません。")})
    if IngestRule.objects.filter(kind=kind, phenomenon=phenomenon, level=level).exists():
        raise ValidationError(
            _("同じ種類・現象・段階の規則が既にあります。処理を変更してください。")
        )
    rule = IngestRule.objects.create(kind=kind, phenomenon=phenomenon, level=level, action=action)
    _log(user, "added", rule)
    return rule


@transaction.atomic
def delete_rule(user: Any, rule_id: int) -> None:
    """Remove a rule; the generic weather rules stay (each level needs one)."""
    _require(user)
    rule = IngestRule.objects.select_for_update().filter(pk=rule_id).first()
    if rule is None:
        return
    if rule.kind == RuleKind.WEATHER and not rule.phenomenon:
        raise ValidationError(_("全現象の規則は削除できません。処理を変更してください。"))
    _log(user, "deleted", rule)
    rule.delete()
