"""Forms of the staff pages for kiosks, maintenance windows and fee accounting.

The forms parse what staff type; the services validate again (their ``ValidationError``
comes back on the form through ``add_service_errors``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.core.forms import JapaneseDateField

from ..queries.accounting import MAX_DAYS

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    """``<input type="datetime-local">``; without a picker the text ``2026-12-31T00:00`` works."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


class KioskForm(forms.Form):
    code = forms.CharField(
        label=_("キオスクID"),
        max_length=20,
        help_text=_("英大文字・数字・ハイフン（例: K0001）。端末の画面と交付記録に表示します。"),
    )
    name = forms.CharField(
        label=_("設置店舗"), max_length=100, help_text=_("例: セブン-イレブン武蔵村山中央店")
    )
    operator = forms.CharField(label=_("事業者"), max_length=100, required=False)
    address = forms.CharField(label=_("所在地"), max_length=200, required=False)
    latitude = forms.DecimalField(
        label=_("緯度"), required=False, max_digits=9, decimal_places=6, min_value=-90, max_value=90
    )
    longitude = forms.DecimalField(
        label=_("経度"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not (
            self.errors.get("latitude") or self.errors.get("longitude")
        ):
            self.add_error("longitude", _("緯度と経度は両方入力するか、両方空欄にしてください。"))
        return data


class EnrolmentForm(forms.Form):
    valid_days = forms.TypedChoiceField(
        label=_("登録リンクの有効期間"),
        coerce=int,
        choices=[(1, _("1日")), (7, _("7日")), (30, _("30日"))],
        initial=7,
        help_text=_(
            "期間内に一度だけ使えます。新しいリンクを発行すると前のリンクは使えなくなります。"
        ),
    )


class MaintenanceWindowForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("開始日時"),
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M"],
        help_text=_("例: 2026-12-31T00:00"),
    )
    ends_at = forms.DateTimeField(
        label=_("終了日時"),
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M"],
        help_text=_("例: 2027-01-03T23:59"),
    )
    reason = forms.CharField(
        label=_("理由"), max_length=200, help_text=_("例: システムの保守点検、年末年始")
    )
    reason_en = forms.CharField(
        label=_("理由（英語）"),
        max_length=200,
        required=False,
        help_text=_("英語の画面に表示します。空欄のときは日本語で表示します。"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("終了日時は開始日時より後にしてください。"))
        return data


class AccountingForm(forms.Form):
    date_from = JapaneseDateField(label=_("開始日"))
    date_to = JapaneseDateField(label=_("終了日"))
    kiosk = forms.ChoiceField(label=_("キオスク端末"), required=False, choices=())
    bom = forms.BooleanField(label=_("Excel用（BOM付き）"), required=False, initial=True)

    def __init__(self, *args: Any, kiosk_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kiosk"].choices = [("", _("すべての端末"))] + kiosk_choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_to")
        if first and last:
            if last < first:
                self.add_error("date_to", _("終了日は開始日以後の日にしてください。"))
            elif (last - first).days >= MAX_DAYS:
                self.add_error(
                    "date_to", _("期間は%(days)d日以内にしてください。") % {"days": MAX_DAYS}
                )
        return data


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """This month up to today."""
    today = today or timezone.localdate()
    return today.replace(day=1), today
