"""Forms of the kiosk screens. Errors are short sentences in the screen's language."""

from __future__ import annotations

import re
import unicodedata
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ...models import MAX_COPIES, CertificateKind

PIN_PATTERN = re.compile(r"^[0-9]{4}$")


class PinForm(forms.Form):
    """The 4-digit PIN of the 利用者証明用電子証明書 (full-width digits accepted)."""

    pin = forms.CharField(
        label=_("暗証番号（数字4桁）"),
        max_length=16,
        strip=True,
        widget=forms.PasswordInput(
            attrs={
                "autocomplete": "off",
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "maxlength": "4",
                "class": "kiosk-pin-input",
            }
        ),
        error_messages={
            "required": _("暗証番号（数字4桁）を入力してください。"),
            "max_length": _("暗証番号は数字4桁です。"),
        },
    )

    def clean_pin(self) -> str:
        pin = unicodedata.normalize("NFKC", self.cleaned_data["pin"]).replace(" ", "")
        if not PIN_PATTERN.match(pin):
            raise ValidationError(_("暗証番号は数字4桁です。"), code="format")
        return pin


class CardChoiceForm(forms.Form):
    """Demo mode: which emulated card is "on the reader" (a keyed hash of its handle)."""

    card = forms.CharField(max_length=64)

    def __init__(self, *args: Any, tokens: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tokens = tokens

    def clean_card(self) -> str:
        token = self.cleaned_data["card"]
        if token not in self.tokens:
            raise ValidationError(
                _("カードが見つかりません。もう一度カードを選んでください。"), code="unknown"
            )
        return token


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        choices=CertificateKind.choices,
        error_messages={
            "required": _("証明書の種類を選んでください。"),
            "invalid_choice": _("証明書の種類を選んでください。"),
        },
    )


class CopiesForm(forms.Form):
    """−/＋ and 「次へ」 are submit buttons (``action``), so the count works without JavaScript."""

    ACTIONS = ("minus", "plus", "next")

    copies = forms.IntegerField(
        error_messages={
            "required": _("通数を選んでください。"),
            "invalid": _("通数は数字で選んでください。"),
        },
    )
    action = forms.ChoiceField(
        choices=[(action, action) for action in ACTIONS],
        error_messages={
            "required": _("ボタンを押して選んでください。"),
            "invalid_choice": _("ボタンを押して選んでください。"),
        },
    )

    def clean_copies(self) -> int:
        copies = self.cleaned_data["copies"]
        if not 1 <= copies <= MAX_COPIES:
            raise ValidationError(
                _("通数は1通から%(maximum)s通までです。"),
                code="range",
                params={"maximum": MAX_COPIES},
            )
        return copies

    def chosen(self) -> int:
        copies = self.cleaned_data["copies"]
        action = self.cleaned_data["action"]
        if action == "minus":
            return max(1, copies - 1)
        if action == "plus":
            return min(MAX_COPIES, copies + 1)
        return copies


class ConfirmForm(forms.Form):
    request_id = forms.UUIDField(
        error_messages={
            "required": _("画面の有効期限が切れました。内容を確認して、もう一度押してください。"),
            "invalid": _("画面の有効期限が切れました。内容を確認して、もう一度押してください。"),
        }
    )

    def __init__(self, *args: Any, expected: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_request_id(self) -> uuid.UUID:
        value = self.cleaned_data["request_id"]
        if str(value) != self.expected:
            raise ValidationError(
                _("画面の有効期限が切れました。内容を確認して、もう一度押してください。"),
                code="stale",
            )
        return value


class PrintedForm(forms.Form):
    printed = forms.ChoiceField(
        choices=[("yes", "yes"), ("no", "no")],
        error_messages={
            "required": _("印刷できたかどうか、ボタンを押して教えてください。"),
            "invalid_choice": _("印刷できたかどうか、ボタンを押して教えてください。"),
        },
    )
