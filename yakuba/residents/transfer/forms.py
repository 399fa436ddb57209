"""Forms of the transfer pages: upload, export confirmation, statistics query."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import JapaneseInputError, parse_japanese_date

from .policies import BACKUP_PURPOSE, transfer_purposes
from .statistics import DEFAULT_THRESHOLD, MAX_THRESHOLD


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("住民記録のCSVファイル"),
        help_text=_(
            "文字コードは UTF-8（BOM付き・なし）または Shift_JIS。見出し行と列は説明のとおりです。"
            "まず内容を検査し、エラーがなければ取込を確定できます。"
        ),
        error_messages={
            "required": _("取り込むファイルを選んでください。"),
            "empty": _("ファイルが空です。"),
            "invalid": _("ファイルを選んでください。"),
        },
    )


def _backup_purposes():
    return [
        (purpose.key, purpose.label)
        for purpose in transfer_purposes()
        if purpose.key == BACKUP_PURPOSE
    ]


class ExportForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("利用目的"),
        choices=_backup_purposes,
        help_text=_("出力は利用目的とともにアクセス記録に残り、住民もマイページで確認できます。"),
        error_messages={
            "required": _("利用目的を選んでください。"),
            "invalid_choice": _("利用目的を選んでください。"),
        },
    )
    confirm = forms.BooleanField(
        label=_("住民記録の全件（除票を含む）を出力することを確認しました"),
        error_messages={"required": _("全件を出力することを確認してください。")},
    )


class StatisticsForm(forms.Form):
    as_of = forms.CharField(
        label=_("基準日"),
        required=False,
        max_length=30,
        help_text=_("西暦または和暦（例: 2024-04-01、令和6年4月1日、R6.4.1）。空欄なら今日。"),
    )
    threshold = forms.IntegerField(
        label=_("秘匿する人数（k）"),
        required=False,
        min_value=0,
        max_value=MAX_THRESHOLD,
        help_text=_(
            "1人以上この人数以下の区分を「X」にします（二次秘匿を含む）。0 にすると秘匿しません（庁内用）。"
        ),
        error_messages={
            "invalid": _("秘匿する人数は数字で入力してください。"),
            "min_value": _("秘匿する人数は0以上にしてください。"),
            "max_value": _("秘匿する人数は%(limit_value)s以下にしてください。"),
        },
    )

    def clean_as_of(self):
        text = self.cleaned_data.get("as_of") or ""
        if not text.strip():
            return timezone.localdate()
        try:
            day = parse_japanese_date(text)
        except JapaneseInputError as error:
            raise ValidationError(error.message, code=error.code, params=error.params) from error
        if day > timezone.localdate():
            raise ValidationError(_("基準日に未来の日付は指定できません。"), code="future_date")
        return day

    def clean_threshold(self):
        value = self.cleaned_data.get("threshold")
        return DEFAULT_THRESHOLD if value is None else value
