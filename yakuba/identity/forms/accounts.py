"""Forms of the two sign-in doors and of citizens' account pages."""

from __future__ import annotations

import unicodedata

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from yakuba.core.tasks import send_mail_task
from yakuba.identity.authentication import authenticate_at_door
from yakuba.identity.models import User

EMAIL_MAX_LENGTH = 254
PASSWORD_MAX_LENGTH = 256

INVALID_LOGIN = _(
    "メールアドレスまたはパスワードが正しくありません。入力内容を確かめて、もう一度お試しください。"
)


def normalise_email(value: str) -> str:
    """Full-width characters (＠, ｅｘａｍｐｌｅ) become ASCII; surrounding spaces go; lower case."""
    return unicodedata.normalize("NFKC", value or "").strip().lower()


class EmailInput(forms.EmailField):
    """An e-mail address field with the page-language messages and NFKC folding."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("メールアドレス"))
        kwargs.setdefault("max_length", EMAIL_MAX_LENGTH)
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("メールアドレスを入力してください。"),
                "invalid": _("メールアドレスの形式が正しくありません（例: taro@example.jp）。"),
                "max_length": _(
                    "メールアドレスは%(limit_value)d文字以内で入力してください（現在%(show_value)d文字）。"
                ),
            },
        )
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"autocomplete": "email", "inputmode": "email", "spellcheck": "false"}
        )

    def to_python(self, value):
        return normalise_email(super().to_python(value))


class PasswordInput(forms.CharField):
    def __init__(self, **kwargs) -> None:
        autocomplete = kwargs.pop("autocomplete", "current-password")
        kwargs.setdefault("label", _("パスワード"))
        kwargs.setdefault("max_length", PASSWORD_MAX_LENGTH)
        kwargs.setdefault("strip", False)
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("パスワードを入力してください。"),
                "max_length": _("パスワードは%(limit_value)d文字以内で入力してください。"),
            },
        )
        kwargs.setdefault("widget", forms.PasswordInput(attrs={"autocomplete": autocomplete}))
        super().__init__(**kwargs)


class LoginForm(forms.Form):
    """E-mail and password for one door (``kind`` is "citizen" or "staff").

    The field is called ``username`` because django-axes reads that name
    (``AXES_USERNAME_FORM_FIELD``); its label says メールアドレス.
    """

    username = EmailInput()
    password = PasswordInput()

    def __init__(self, request: HttpRequest, kind: str, *args, **kwargs) -> None:
        self.request = request
        self.kind = kind
        self.user: User | None = None
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("username"), cleaned.get("password")
        if email and password:
            self.user = authenticate_at_door(
                self.request, email=email, password=password, kind=self.kind
            )
            if self.user is None:
                raise ValidationError(INVALID_LOGIN, code="invalid_login")
        return cleaned


class SecondFactorForm(forms.Form):
    """A 6-digit code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("確認コード"),
        max_length=20,
        help_text=_("認証アプリに表示されている6桁の数字、または回復コード（例: abcd-efgh）"),
        error_messages={
            "required": _("確認コードを入力してください。"),
            "max_length": _("確認コードは%(limit_value)d文字以内で入力してください。"),
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )


class TotpConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("確認コード（6桁）"),
        max_length=10,
        help_text=_("認証アプリに登録した後、表示された6桁の数字を入力してください。"),
        error_messages={
            "required": _("確認コードを入力してください。"),
            "max_length": _("確認コードは6桁の数字です。"),
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class SignupForm(forms.Form):
    """A citizen account: e-mail, display name, password twice, consent to the terms."""

    email = EmailInput(help_text=_("確認のメールを送信します。"))
    display_name = forms.CharField(
        label=_("お名前（表示名）"),
        max_length=100,
        error_messages={
            "required": _("お名前を入力してください。"),
            "max_length": _(
                "お名前は%(limit_value)d文字以内で入力してください（現在%(show_value)d文字）。"
            ),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = PasswordInput(
        label=_("パスワード"),
        autocomplete="new-password",
        help_text=_("10文字以上で、推測されにくいものにしてください。"),
    )
    password2 = PasswordInput(label=_("パスワード（確認）"), autocomplete="new-password")
    agree_terms = forms.BooleanField(
        label=_("利用規約と個人情報の取扱いに同意します"),
        error_messages={
            "required": _("登録するには、利用規約と個人情報の取扱いへの同意が必要です。")
        },
    )

    def clean_display_name(self) -> str:
        return unicodedata.normalize("NFKC", self.cleaned_data["display_name"]).strip()

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("確認用のパスワードが一致しません。"))
        elif password1:
            candidate = User(
                email=cleaned.get("email") or "", display_name=cleaned.get("display_name") or ""
            )
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class CitizenPasswordResetForm(PasswordResetForm):
    """Password reset for citizens only; the mail goes out through the mail task after commit."""

    email = EmailInput()

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.kind == User.Kind.CITIZEN)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        subject = " ".join(render_to_string(subject_template_name, context).split())
        body = render_to_string(email_template_name, context)
        transaction.on_commit(lambda: send_mail_task.enqueue(subject, body, [to_email]))


class _BoundedPasswordsMixin:
    """Give Django's password forms a length limit with a message in the page language."""

    password_field_names: tuple[str, ...] = ("new_password1", "new_password2")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in self.password_field_names:
            field = self.fields[name]  # type: ignore[attr-defined]
            field.max_length = PASSWORD_MAX_LENGTH
            field.validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))
            field.error_messages["max_length"] = _(
                "パスワードは%(limit_value)d文字以内で入力してください。"
            )


class BoundedSetPasswordForm(_BoundedPasswordsMixin, SetPasswordForm):
    pass


class BoundedPasswordChangeForm(_BoundedPasswordsMixin, PasswordChangeForm):
    password_field_names = ("old_password", "new_password1", "new_password2")
