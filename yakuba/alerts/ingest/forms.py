"""Staff forms: the rule actions, a new rule, a CAP 1.2 upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Action, IngestRule, Level, RuleKind

MAX_CAP_BYTES = 1024 * 1024


class RuleActionsForm(forms.Form):
    """One select per rule (``rule_<pk>``)."""

    def __init__(self, *args, rules: list[IngestRule], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rules = rules
        for rule in rules:
            self.fields[f"rule_{rule.pk}"] = forms.ChoiceField(
                label=rule_label(rule), choices=Action.choices, initial=rule.action
            )

    def actions(self) -> dict[int, str]:
        return {rule.pk: self.cleaned_data[f"rule_{rule.pk}"] for rule in self.rules}


def rule_label(rule: IngestRule) -> str:
    if rule.kind == RuleKind.QUAKE:
        return str(_("地震：震度%(level)s以上") % {"level": rule.level})
    level = Level(rule.level).label if rule.level in Level.values else rule.level
    return str(
        _("%(phenomenon)s：%(level)s")
        % {"phenomenon": rule.phenomenon or _("全現象"), "level": level}
    )


class NewRuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("種類"), choices=RuleKind.choices)
    phenomenon = forms.CharField(
        label=_("現象"),
        max_length=20,
        required=False,
        help_text=_("例：大雨、洪水、雷。地震の規則では空欄にします。"),
    )
    level = forms.CharField(
        label=_("段階・震度"),
        max_length=10,
        help_text=_(
            "気象：special（特別警報）、danger（危険警報）、warning（警報）、advisory（注意報）、"
            "clear（解除）。地震：震度（例：3、4、5弱）以上に適用。"
        ),
    )
    action = forms.ChoiceField(label=_("処理"), choices=Action.choices)


class CapUploadForm(forms.Form):
    document = forms.FileField(
        label=_("CAP 1.2 ファイル"),
        help_text=_("他の機関から受け取った CAP 1.2 の XML（1 MB まで）"),
    )

    def clean_document(self) -> bytes:
        upload = self.cleaned_data["document"]
        if upload.size > MAX_CAP_BYTES:
            raise forms.ValidationError(_("ファイルが大きすぎます（1 MB まで）。"))
        return upload.read()
