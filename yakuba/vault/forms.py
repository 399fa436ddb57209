"""Forms of the vault's staff pages: the purpose, recording a number, looking one up.

Number fields never put the number back into the page after a success, and
the pages are sent with ``Cache-Control: no-store`` (``views.py``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import MAX_INPUT_LENGTH, JapaneseInputError, parse_japanese_date

from .models import Replacement
from .numbers import MyNumberError, normalize_my_number
from .policies import reveal_purposes_for

NUMBER_ATTRIBUTES = {
    "autocomplete": "off",
    "inputmode": "numeric",
    "spellcheck": "false",
    "autocapitalize": "off",
}


def _purpose_choices(user: Any) -> list[tuple[str, Any]]:
    return [("", _("選択してください"))] + [
        (purpose.key, purpose.label) for purpose in reveal_purposes_for(user)
    ]


class PurposeField(forms.ChoiceField):
    """A 特定個人情報 purpose the user's department holds (required)."""

    def __init__(self, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("利用目的"))
        kwargs.setdefault(
            "help_text",
            _(
                "個人番号を扱う事務を選んでください。記録に残り、住民本人がマイページで確認できます。"
            ),
        )
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("利用目的を選んでください。"),
                "invalid_choice": _("利用目的を選んでください。"),
            },
        )
        super().__init__(choices=_purpose_choices(user), **kwargs)


class NumberField(forms.CharField):
    """A 個人番号 as typed: full-width digits, spaces and hyphens accepted; check digit verified."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("個人番号"))
        kwargs.setdefault(
            "help_text", _("12桁の数字（例: 1234 5678 9012）。空白やハイフンは入れても構いません。")
        )
        kwargs.setdefault("max_length", MAX_INPUT_LENGTH)
        kwargs.setdefault("widget", forms.TextInput(attrs=NUMBER_ATTRIBUTES))
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("個人番号を入力してください。"),
                "max_length": _("個人番号は12桁の数字で入力してください（例: 1234 5678 9012）。"),
            },
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        try:
            return normalize_my_number(value)
        except MyNumberError as error:
            raise ValidationError(error.message, code=error.code, params=error.params) from None


class RevealForm(forms.Form):
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purpose"] = PurposeField(user)


class LookupForm(forms.Form):
    number = NumberField(
        help_text=_("照会する個人番号（12桁）。空白やハイフンは入れても構いません。")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purpose"] = PurposeField(user)


class RegisterForm(forms.Form):
    """Record a number; when the person already has one, the reason for replacing it."""

    number = NumberField()
    number_again = NumberField(
        label=_("個人番号（確認）"),
        help_text=_("確認のため、同じ番号をもう一度入力してください。"),
        error_messages={
            "required": _("確認のため、個人番号をもう一度入力してください。"),
            "max_length": _("個人番号は12桁の数字で入力してください（例: 1234 5678 9012）。"),
        },
    )
    assigned_on = forms.CharField(
        label=_("記載日"),
        help_text=_("住民票に記載した日。例: 令和7年4月1日、R7.4.1、2025-04-01"),
        max_length=MAX_INPUT_LENGTH,
        error_messages={"required": _("記載日を入力してください。")},
    )

    def __init__(self, *args: Any, replacing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.replacing = replacing
        if replacing:
            self.fields["reason"] = forms.ChoiceField(
                label=_("変更の理由"),
                choices=Replacement.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("変更の理由を選んでください。"),
                    "invalid_choice": _("変更の理由を選んでください。"),
                },
            )

    def clean_assigned_on(self):
        try:
            return parse_japanese_date(self.cleaned_data["assigned_on"])
        except JapaneseInputError as error:
            raise ValidationError(error.message, code=error.code, params=error.params) from None

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("number"), cleaned.get("number_again")
        if first and second and first != second:
            self.add_error(
                "number_again",
                ValidationError(_("確認のために入力した個人番号が一致しません。"), code="mismatch"),
            )
        return cleaned
