"""Forms of the card pages: issue, revoke, PIN reset (staff); card login (citizen).

PIN fields are password inputs that never send the PIN back into the page.
The rules themselves (4 digits; 6–16 upper-case letters and digits) are in
:mod:`yakuba.jpki.rules`, shared with the services.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .models import CertificateKind, RevocationReason
from .rules import normalize_pin, validate_new_pin
from .services import STAFF_REVOCATION_REASONS

PIN_ATTRIBUTES = {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
AUTH_PIN_ATTRIBUTES = {**PIN_ATTRIBUTES, "inputmode": "numeric"}


def _with_label(message: Any, label: Any) -> Any:
    """``message % {"label": label}``, translated when shown (not at import)."""
    return lazy(lambda: str(message) % {"label": label}, str)()


def _pin_field(
    label: Any, help_text: Any, *, numeric: bool, required: bool = True
) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=32,
        strip=True,
        widget=forms.PasswordInput(attrs=AUTH_PIN_ATTRIBUTES if numeric else PIN_ATTRIBUTES),
        error_messages={
            "required": _with_label(_("%(label)sを入力してください。"), label),
            "max_length": _with_label(_("%(label)sが長すぎます。"), label),
        },
    )


class NewPinsMixin:
    """Checks a new PIN against its rule and its confirmation."""

    def _check_pair(self, cleaned: dict, field: str, confirm: str, kind: str) -> None:
        value = cleaned.get(field)
        if not value:
            return
        try:
            cleaned[field] = validate_new_pin(kind, value)
        except ValidationError as error:
            self.add_error(field, error)  # type: ignore[attr-defined]
            return
        if normalize_pin(cleaned.get(confirm) or "") != cleaned[field]:
            self.add_error(  # type: ignore[attr-defined]
                confirm, ValidationError(_("確認のための入力が一致しません。"), code="mismatch")
            )


class IssueForm(NewPinsMixin, forms.Form):
    """The two PINs the resident types at the counter (the signing one only from age 15)."""

    auth_pin = _pin_field(
        _("利用者証明用の暗証番号"), _("数字4桁。住民の方ご本人が入力します。"), numeric=True
    )
    auth_pin_confirm = _pin_field(
        _("利用者証明用の暗証番号（確認）"), _("もう一度入力してください。"), numeric=True
    )
    with_signing = forms.BooleanField(
        label=_("署名用電子証明書を発行する"),
        required=False,
        initial=True,
        help_text=_("15歳未満の方には発行できません。本人が希望しない場合は外してください。"),
    )
    sign_pin = _pin_field(
        _("署名用の暗証番号"),
        _("英大文字と数字を組み合わせた6〜16文字（例: ABC123）。"),
        numeric=False,
        required=False,
    )
    sign_pin_confirm = _pin_field(
        _("署名用の暗証番号（確認）"),
        _("もう一度入力してください。"),
        numeric=False,
        required=False,
    )

    def __init__(self, *args: Any, signing_allowed: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.signing_allowed = signing_allowed
        if not signing_allowed:
            for name in ("with_signing", "sign_pin", "sign_pin_confirm"):
                del self.fields[name]

    def clean(self) -> dict:
        cleaned = super().clean()
        self._check_pair(cleaned, "auth_pin", "auth_pin_confirm", CertificateKind.AUTHENTICATION)
        if self.signing_allowed and cleaned.get("with_signing"):
            if not cleaned.get("sign_pin"):
                self.add_error(
                    "sign_pin",
                    ValidationError(_("署名用の暗証番号を入力してください。"), code="required"),
                )
            else:
                self._check_pair(cleaned, "sign_pin", "sign_pin_confirm", CertificateKind.SIGNING)
        return cleaned


class PinResetForm(NewPinsMixin, forms.Form):
    new_pin = forms.CharField()  # replaced in __init__ (label depends on the certificate)
    new_pin_confirm = forms.CharField()

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        numeric = kind == CertificateKind.AUTHENTICATION
        hint = (
            _("数字4桁。住民の方ご本人が入力します。")
            if numeric
            else _("英大文字と数字を組み合わせた6〜16文字。住民の方ご本人が入力します。")
        )
        self.fields["new_pin"] = _pin_field(_("新しい暗証番号"), hint, numeric=numeric)
        self.fields["new_pin_confirm"] = _pin_field(
            _("新しい暗証番号（確認）"), _("もう一度入力してください。"), numeric=numeric
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        self._check_pair(cleaned, "new_pin", "new_pin_confirm", self.kind)
        return cleaned


class RevokeForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("失効させる電子証明書"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("失効させる電子証明書を選んでください。"),
            "invalid_choice": _("失効させる電子証明書を選んでください。"),
        },
    )
    reason = forms.ChoiceField(
        label=_("失効の理由"),
        widget=forms.RadioSelect,
        choices=[(value, RevocationReason(value).label) for value in STAFF_REVOCATION_REASONS],
        error_messages={
            "required": _("失効の理由を選んでください。"),
            "invalid_choice": _("失効の理由を選んでください。"),
        },
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = kinds


class CardNumberSearchForm(forms.Form):
    card_number = forms.CharField(
        label=_("カード番号"),
        required=False,
        max_length=40,
        help_text=_("12桁の数字。空欄にすると、交付の新しい順に一覧します。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"max_length": _("カード番号は12桁の数字で入力してください。")},
    )

    def clean_card_number(self) -> str:
        from yakuba.core.japanese import normalize_width

        value = normalize_width(self.cleaned_data.get("card_number") or "").replace(" ", "")
        value = value.replace("-", "")
        if value and not (len(value) == 12 and value.isdigit()):
            raise ValidationError(_("カード番号は12桁の数字で入力してください。"), code="format")
        return value


# ----------------------------------------------------------------------------- citizen


class CardLoginForm(forms.Form):
    """Demo mode: choose an emulated card and type its 4-digit PIN."""

    card = forms.ChoiceField(
        label=_("カード"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("カードを選んでください。"),
            "invalid_choice": _("カードを選んでください。"),
        },
    )
    pin = forms.CharField(
        label=_("利用者証明用の暗証番号（数字4桁）"),
        max_length=32,
        widget=forms.PasswordInput(attrs=AUTH_PIN_ATTRIBUTES),
        error_messages={
            "required": _("暗証番号を入力してください。"),
            "max_length": _("暗証番号は数字4桁で入力してください。"),
        },
    )

    def __init__(self, *args: Any, cards: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["card"].choices = cards

    def clean_pin(self) -> str:
        pin = normalize_pin(self.cleaned_data["pin"])
        if not (len(pin) == 4 and pin.isdigit()):
            # Not sent to the card: a malformed entry does not cost a try.
            raise ValidationError(_("暗証番号は数字4桁で入力してください。"), code="format")
        return pin


class _Base64Field(forms.CharField):
    def clean(self, value: Any) -> bytes:  # type: ignore[override]
        lines = super().clean(value).splitlines()
        text = "".join(
            "".join(line for line in lines if not line.strip().startswith("-----")).split()
        )
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError(
                _("%(label)sの形式が正しくありません（Base64）。") % {"label": self.label},
                code="base64",
            ) from None


class ExternalCardLoginForm(forms.Form):
    """Outside demo mode: the answer produced by the JPKI client software on the citizen's device."""

    certificate = _Base64Field(
        label=_("利用者証明用電子証明書（Base64）"),
        max_length=16_000,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        error_messages={"required": _("電子証明書を貼り付けてください。")},
    )
    signature = _Base64Field(
        label=_("署名（Base64）"),
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        error_messages={"required": _("署名を貼り付けてください。")},
    )
