"""The editable rules: which level of which phenomenon is sent at once, drafted, or ignored."""

from __future__ import annotations

from . import phenomena
from .models import Action, IngestRule, Level, RuleKind

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
