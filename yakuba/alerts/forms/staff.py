"""Forms of the staff alert pages: compose, review, withdraw, cancel, filters, settings.

Forms parse input only; the rules (required text, known 町丁目, dates in order, four
eyes) live in :mod:`yakuba.alerts.services.compose`, whose ``ValidationError`` the
views put back onto these forms with :func:`yakuba.core.forms.add_service_errors`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import format_date_both

from ..models import Alert, AlertStatus, AlertTemplate, CapStatus, Category
from ..models.alert import CERTAINTIES, SEVERITIES, URGENCIES
from ..services.compose import AlertContent

#: Fields a compose form shares with :class:`AlertContent` (and with templates).
TEXT_FIELDS = ("title_ja", "body_ja", "title_en", "body_en", "title_easy", "body_easy")
CAP_FIELDS = ("event", "severity", "urgency", "certainty")

#: Maps service error keys to form field names.
FIELD_MAP = {"area_codes": "areas"}

WHOLE_CITY = "city"
SOME_AREAS = "areas"
SEND_NOW = "now"
SEND_LATER = "later"


class DateTimeLocalInput(forms.DateTimeInput):
    """``<input type="datetime-local">``; the browser shows a picker, the server parses ISO text."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def today_hint() -> str:
    return str(_("日時は「2026-12-04T15:30」の形で入力します。本日は%(today)sです。")) % {
        "today": format_date_both(timezone.localdate())
    }


class AlertForm(forms.Form):
    """The content of an alert (new, edited, or an update of a sent one)."""

    category = forms.ModelChoiceField(
        label=_("配信分類"), queryset=Category.objects.all(), empty_label=None
    )
    target = forms.ChoiceField(
        label=_("対象地域"),
        choices=[(WHOLE_CITY, _("市内全域")), (SOME_AREAS, _("町丁目を選ぶ"))],
        widget=forms.RadioSelect,
        initial=WHOLE_CITY,
    )
    areas = forms.MultipleChoiceField(
        label=_("町丁目"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("「町丁目を選ぶ」のときに、1つ以上選んでください。"),
    )
    cap_status = forms.ChoiceField(
        label=_("配信区分"),
        choices=[
            (CapStatus.ACTUAL, _("実配信")),
            (CapStatus.EXERCISE, _("訓練（防災訓練のための配信）")),
            (CapStatus.TEST, _("試験（システムの動作確認）")),
        ],
        widget=forms.RadioSelect,
        initial=CapStatus.ACTUAL,
    )
    event = forms.CharField(
        label=_("事象"), max_length=80, help_text=_("例: 大雨、地震、不審者、検診")
    )
    severity = forms.ChoiceField(label=_("深刻度"), choices=SEVERITIES, initial="Moderate")
    urgency = forms.ChoiceField(label=_("緊急度"), choices=URGENCIES, initial="Expected")
    certainty = forms.ChoiceField(label=_("確実度"), choices=CERTAINTIES, initial="Likely")
    title_ja = forms.CharField(label=_("件名"), max_length=120)
    body_ja = forms.CharField(label=_("本文"), widget=forms.Textarea(attrs={"rows": 6}))
    title_en = forms.CharField(label=_("件名（英語）"), max_length=120, required=False)
    body_en = forms.CharField(
        label=_("本文（英語）"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    title_easy = forms.CharField(label=_("件名（やさしい日本語）"), max_length=120, required=False)
    body_easy = forms.CharField(
        label=_("本文（やさしい日本語）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    expires_at = forms.DateTimeField(
        label=_("有効期限"), required=False, widget=DateTimeLocalInput()
    )
    timing = forms.ChoiceField(
        label=_("配信の時期"),
        choices=[(SEND_NOW, _("承認後すぐに配信")), (SEND_LATER, _("日時を指定して配信"))],
        widget=forms.RadioSelect,
        initial=SEND_NOW,
    )
    scheduled_for = forms.DateTimeField(
        label=_("配信予定日時"), required=False, widget=DateTimeLocalInput()
    )

    def __init__(self, *args: Any, area_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = area_choices
        hint = today_hint()
        self.fields["expires_at"].help_text = hint
        self.fields["scheduled_for"].help_text = hint
        self.fields["title_ja"].widget.attrs["maxlength"] = 120

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("target") == SOME_AREAS and not data.get("areas"):
            self.add_error("areas", _("町丁目を1つ以上選んでください。"))
        if data.get("target") == WHOLE_CITY:
            data["areas"] = []
        if data.get("timing") == SEND_LATER:
            scheduled = data.get("scheduled_for")
            if scheduled is None and "scheduled_for" not in self.errors:
                self.add_error("scheduled_for", _("配信予定日時を入力してください。"))
            elif scheduled is not None and scheduled <= timezone.now():
                self.add_error("scheduled_for", _("配信予定日時は現在より後にしてください。"))
        else:
            data["scheduled_for"] = None
        return data

    def content(self) -> AlertContent:
        """The validated input as the compose service's :class:`AlertContent`."""
        data = self.cleaned_data
        return AlertContent(
            category=data["category"],
            area_codes=list(data.get("areas") or []),
            cap_status=data["cap_status"],
            expires_at=data.get("expires_at"),
            scheduled_for=data.get("scheduled_for"),
            **{name: data.get(name) or "" for name in TEXT_FIELDS + CAP_FIELDS},
        )

    @staticmethod
    def initial_from_alert(alert: Alert) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(alert, name) for name in TEXT_FIELDS + CAP_FIELDS}
        initial.update(
            category=alert.category_id,
            cap_status=alert.cap_status,
            target=SOME_AREAS if alert.area_codes else WHOLE_CITY,
            areas=list(alert.area_codes),
            expires_at=alert.expires_at,
            timing=SEND_LATER if alert.scheduled_for else SEND_NOW,
            scheduled_for=alert.scheduled_for,
        )
        return initial

    @staticmethod
    def initial_from_template(template: AlertTemplate) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(template, name) for name in TEXT_FIELDS + CAP_FIELDS
        }
        initial["category"] = template.category_id
        return initial


class TemplateChoiceForm(forms.Form):
    """「テンプレートから作成」: a GET form that pre-fills the compose form."""

    template = forms.ModelChoiceField(
        label=_("テンプレート"),
        queryset=AlertTemplate.objects.select_related("category"),
        empty_label=_("（使わない）"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].label_from_instance = lambda t: f"{t.category.name_ja} — {t.name}"


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("差戻しの理由"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("作成者に表示されます。直してほしい点を具体的に書いてください。"),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("取りやめの理由"), max_length=500, required=False)


class CancelForm(forms.Form):
    """The reason residents read in the Cancel message, in the original's languages."""

    reason_ja = forms.CharField(
        label=_("取消しの理由（日本語）"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例: 先ほどの配信は誤りでした。取り消します。"),
    )
    reason_en = forms.CharField(
        label=_("取消しの理由（英語）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason_easy = forms.CharField(
        label=_("取消しの理由（やさしい日本語）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AlertFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状態"), required=False, choices=[("", _("すべて")), *AlertStatus.choices]
    )
    category = forms.ModelChoiceField(
        label=_("配信分類"),
        required=False,
        queryset=Category.objects.all(),
        empty_label=_("すべて"),
    )


class CategoryApprovalForm(forms.Form):
    """One checkbox per category: whose alerts need a second staff member's approval."""

    def __init__(self, *args: Any, categories: list[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories = categories
        for category in categories:
            self.fields[f"approval_{category.pk}"] = forms.BooleanField(
                label=category.name_ja, required=False, initial=category.requires_approval
            )

    def flags(self) -> dict[int, bool]:
        return {
            category.pk: bool(self.cleaned_data.get(f"approval_{category.pk}"))
            for category in self.categories
        }


class TemplateForm(forms.ModelForm):
    class Meta:
        model = AlertTemplate
        fields = ["category", "name", *CAP_FIELDS, *TEXT_FIELDS]
        widgets = {
            "severity": forms.Select(choices=SEVERITIES),
            "urgency": forms.Select(choices=URGENCIES),
            "certainty": forms.Select(choices=CERTAINTIES),
            "body_ja": forms.Textarea(attrs={"rows": 5}),
            "body_en": forms.Textarea(attrs={"rows": 3}),
            "body_easy": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].empty_label = None

    def validate_unique(self) -> None:
        """Uniqueness of the name is the service's check (one message, one place)."""

    def validate_constraints(self) -> None:
        """The unique name constraint is checked by the service, with its own message."""
