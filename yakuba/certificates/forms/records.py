"""Forms of the records pages: seals (search, register, abolish), tax (search, import,
correction), support measures (flag).  Japanese messages; the rules themselves are in
``services.records`` and come back onto the forms with ``add_service_errors``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from yakuba.core.forms import JapaneseDateField

from ..models import AbolitionReason
from ..services.records import MAX_UPLOAD_BYTES, STAFF_ABOLITION_REASONS, VALUE_FIELDS
from ..services.records.tax_csv import LABELS, MAX_AMOUNT, MAX_DEPENDANTS, parse_amount, parse_year

SEAL_IMAGE_ACCEPT = "image/png,image/jpeg"


class SealSearchForm(forms.Form):
    number = forms.CharField(
        label=_("登録番号"),
        max_length=20,
        help_text=_("数字だけ（先頭の0は省略できます）。"),
        error_messages={"required": _("登録番号を入力してください。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class SealRegisterForm(forms.Form):
    image = forms.FileField(
        label=_("印影の画像"),
        help_text=lazy(
            lambda: (
                str(
                    _(
                        "印影をスキャンした PNG または JPEG（%(limit)sMBまで）。"
                        "登録時に600×600画素以内の PNG に変換します。"
                    )
                )
                % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
            ),
            str,
        )(),
        error_messages={
            "required": _("印影の画像ファイルを選んでください。"),
            "empty": _("ファイルが空です。"),
            "invalid": _("印影の画像ファイルを選んでください。"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": SEAL_IMAGE_ACCEPT}),
    )
    registered_on = JapaneseDateField(
        label=_("登録日"),
        required=False,
        help_text=_("空欄なら今日。例: 2026-04-01、令和8年4月1日、R8.4.1"),
    )


class SealAbolishForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("廃止の理由"),
        choices=[(value, AbolitionReason(value).label) for value in STAFF_ABOLITION_REASONS],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("廃止の理由を選んでください。"),
            "invalid_choice": _("廃止の理由を選んでください。"),
        },
    )
    abolished_on = JapaneseDateField(
        label=_("廃止日"),
        required=False,
        help_text=_("空欄なら今日。例: 2026-04-01、令和8年4月1日、R8.4.1"),
    )


class ResidentCodeForm(forms.Form):
    code = forms.CharField(
        label=_("住民票コード"),
        max_length=20,
        help_text=_("11桁の数字（全角も可）。"),
        error_messages={"required": _("住民票コードを入力してください。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_code(self) -> str:
        from ..queries.records import normalise_resident_code

        code = normalise_resident_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(
                _("住民票コードは11桁の数字で入力してください。"), code="invalid"
            )
        return code


class TaxImportForm(forms.Form):
    file = forms.FileField(
        label=_("課税・所得のCSVファイル"),
        help_text=_("文字コードは UTF-8（BOM付き・なし）または Shift_JIS（CP932）。"),
        error_messages={
            "required": _("取り込むファイルを選んでください。"),
            "empty": _("ファイルが空です。"),
            "invalid": _("ファイルを選んでください。"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    fiscal_year = forms.CharField(
        label=_("年度"),
        required=False,
        max_length=12,
        help_text=_(
            "ファイルに「年度」の列がないときに指定します（例: 2026、令和8）。列があるときは一致を確かめます。"
        ),
    )

    def clean_fiscal_year(self) -> int | None:
        text = (self.cleaned_data.get("fiscal_year") or "").strip()
        if not text:
            return None
        try:
            return parse_year(text)
        except ValueError as error:
            raise forms.ValidationError(str(error.args[0]), code="invalid") from error


class AmountField(forms.CharField):
    """Whole yen (or a count): full-width digits and thousands commas accepted."""

    def __init__(self, *, maximum: int, **kwargs: Any) -> None:
        self.maximum = maximum
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "24"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        if len(text) > 24:
            raise forms.ValidationError(_("値が長すぎます。"), code="max_length")
        try:
            return parse_amount(text, maximum=self.maximum)
        except ValueError as error:
            raise forms.ValidationError(str(error.args[0]), code="invalid") from error


class TaxCorrectionForm(forms.Form):
    """Every amount of one year, pre-filled; only the changed ones are sent to the service."""

    def __init__(self, *args: Any, assessment: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        for name in VALUE_FIELDS:
            self.fields[name] = AmountField(
                label=LABELS[name],
                maximum=MAX_DEPENDANTS if name == "dependants" else MAX_AMOUNT,
                initial=getattr(assessment, name),
                error_messages={
                    "required": _("%(label)sを入力してください。") % {"label": LABELS[name]}
                },
            )

    def changes(self) -> dict[str, int]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in VALUE_FIELDS and value != getattr(self.assessment, name)
        }


class SupportFlagForm(forms.Form):
    starts_on = JapaneseDateField(
        label=_("開始日"),
        error_messages={"required": _("開始日を入力してください。")},
    )
    ends_on = JapaneseDateField(
        label=_("終了予定日"),
        required=False,
        help_text=_("空欄なら期限なし（通常は申出から1年）。例: 2027-04-01、令和9年4月1日"),
    )
    note = forms.CharField(
        label=_("メモ（職員のみ）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("加害者の情報など、窓口で注意すべきこと。住民には表示されません。"),
        error_messages={"max_length": _("メモは%(limit_value)s文字以内で入力してください。")},
    )
