"""Forms of the マイページ pages: signing with the card, withdrawing an application."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ...services.signing import PIN_MAX_LENGTH, PIN_MIN_LENGTH

PIN_ATTRIBUTES = {
    "autocomplete": "off",
    "spellcheck": "false",
    "autocapitalize": "characters",
}


class CardSignForm(forms.Form):
    """Demo / counter mode: choose the emulated card and type the 署名用 PIN."""

    card = forms.ChoiceField(
        label=_("カード"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("カードを選んでください。"),
            "invalid_choice": _("カードを選んでください。"),
        },
    )
    pin = forms.CharField(
        label=_("署名用の暗証番号（英数字6〜16文字）"),
        help_text=_(
            "英大文字と数字を組み合わせた6〜16文字です。5回続けて間違えるとロックされます。"
        ),
        max_length=32,
        strip=True,
        widget=forms.PasswordInput(attrs=PIN_ATTRIBUTES),
        error_messages={
            "required": _("署名用の暗証番号を入力してください。"),
            "max_length": _("署名用の暗証番号は6〜16文字で入力してください。"),
        },
    )

    def __init__(self, *args: Any, cards: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["card"].choices = cards

    def clean_pin(self) -> str:
        pin = "".join(self.cleaned_data["pin"].split())
        if not PIN_MIN_LENGTH <= len(pin) <= PIN_MAX_LENGTH:
            # Not sent to the card: a malformed entry does not cost a try.
            raise ValidationError(
                _("署名用の暗証番号は6〜16文字で入力してください。"), code="length"
            )
        return pin


class ExternalSignatureForm(forms.Form):
    """Outside demo mode: the CMS signature made by the JPKI client software (Base64)."""

    signature = forms.CharField(
        label=_("署名（Base64）"),
        help_text=_(
            "マイナンバーカード読み取りソフトで上の署名対象データに署名し、出力された署名（CMS 形式）を貼り付けてください。"
        ),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
        error_messages={"required": _("署名を貼り付けてください。")},
    )

    def clean_signature(self) -> bytes:
        lines = self.cleaned_data["signature"].splitlines()
        text = "".join(
            "".join(line for line in lines if not line.strip().startswith("-----")).split()
        )
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError(
                _("署名の形式が正しくありません（Base64）。"), code="base64"
            ) from None


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("取下げの理由"),
        help_text=_("任意です。担当課に伝わります。"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("取下げの理由は500文字以内で入力してください。")},
    )
    confirm = forms.BooleanField(
        label=_("この申請を取り下げます（元に戻せません）"),
        error_messages={"required": _("取り下げる場合は、確認のチェックを入れてください。")},
    )
