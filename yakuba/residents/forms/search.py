"""Forms of the staff pages: the search box with its purpose, and the purpose alone."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import MAX_INPUT_LENGTH

from .policies import register_purposes
from .queries import parse_person_search


def _purpose_choices():
    return [("", _("選択してください")), *((p.key, p.label) for p in register_purposes())]


class PurposeField(forms.ChoiceField):
    """The legal purpose of a read, from the 住民基本台帳 file (required)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("利用目的"))
        kwargs.setdefault("help_text", _("閲覧の記録に残り、住民本人がマイページで確認できます。"))
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("利用目的を選んでください。"),
                "invalid_choice": _("利用目的を選んでください。"),
            },
        )
        super().__init__(choices=_purpose_choices, **kwargs)


class PersonSearchForm(forms.Form):
    query = forms.CharField(
        label=_("氏名・生年月日・住民票コード"),
        help_text=_("例: 山田 太郎、やまだ、S45.3.1、昭和45年3月1日、12345678901"),
        max_length=MAX_INPUT_LENGTH,
        error_messages={
            "required": _("検索する氏名、生年月日または住民票コードを入力してください。"),
            "max_length": _(
                "%(limit_value)d文字以内で入力してください（%(show_value)d文字入力されています）。"
            ),
        },
    )
    purpose = PurposeField()

    def clean_query(self):
        return parse_person_search(self.cleaned_data["query"])


class PurposeForm(forms.Form):
    purpose = PurposeField()
