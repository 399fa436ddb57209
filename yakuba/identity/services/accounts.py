"""Writes to accounts: citizen sign-up and e-mail verification, staff invitation, MFA devices.

E-mail goes out through :func:`yakuba.core.tasks.send_mail_task` (queue
"mail") and only after the transaction commits.  Links in e-mail are absolute:
callers pass ``site_url`` (scheme and host, e.g. ``https://www.city.example.jp``),
normally ``request.build_absolute_uri("/")``, so the citizen and staff tiers can
live on different hosts.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from yakuba.core.tasks import send_mail_task
from yakuba.identity.models import OrgUnit, User

from .organisation import assign_staff, create_staff_member

EMAIL_VERIFICATION_SALT = "yakuba.identity.verify_email"
EMAIL_VERIFICATION_MAX_AGE = datetime.timedelta(days=3)
TOTP_DEVICE_NAME = "default"
RECOVERY_DEVICE_NAME = "recovery"
RECOVERY_CODE_COUNT = 10


# --- e-mail ---------------------------------------------------------------------


def _join(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + path


def _send_after_commit(template: str, context: dict, to: str) -> None:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` and enqueue after commit."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    transaction.on_commit(lambda: send_mail_task.enqueue(subject, body, [to]))


# --- citizen accounts -------------------------------------------------------------


def make_email_verification_token(user: User) -> str:
    """A signed, timestamped token binding the account to its current address."""
    return signing.dumps({"u": user.pk, "e": user.email}, salt=EMAIL_VERIFICATION_SALT)


def send_verification_email(user: User, *, site_url: str) -> None:
    """E-mail the citizen a link that confirms their address (valid 3 days)."""
    path = reverse("portal:verify_email", kwargs={"token": make_email_verification_token(user)})
    _send_after_commit(
        "identity/email/verify_email",
        {"user": user, "url": _join(site_url, path), "days": EMAIL_VERIFICATION_MAX_AGE.days},
        user.email,
    )


@transaction.atomic
def signup_citizen(*, email: str, display_name: str, password: str, site_url: str) -> User | None:
    """Create a citizen account and send the verification e-mail.

    When the address is already registered nothing is created and the owner of
    the address is told so by e-mail instead; the caller shows the same page
    either way, so the form cannot be used to find out who has an account.
    Returns the new user, or ``None`` when the address was taken.
    """
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        if existing.is_citizen and existing.email_verified_at is None:
            send_verification_email(existing, site_url=site_url)
        else:
            _send_existing_account_notice(existing, site_url=site_url)
        return None
    user = User(email=email, display_name=display_name.strip(), kind=User.Kind.CITIZEN)
    user.set_password(password)
    user.full_clean(exclude=["password"], validate_unique=False)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # a concurrent sign-up with the same address won
        return None
    send_verification_email(user, site_url=site_url)
    return user


def _send_existing_account_notice(user: User, *, site_url: str) -> None:
    if user.kind == User.Kind.CITIZEN:
        links = {
            "login_url": _join(site_url, reverse("portal:login")),
            "reset_url": _join(site_url, reverse("portal:password_reset")),
        }
    else:  # a staff address: say nothing about the console on the internet-facing site
        links = {"login_url": "", "reset_url": ""}
    _send_after_commit("identity/email/signup_existing", {"user": user, **links}, user.email)


class EmailVerificationError(ValidationError):
    """The verification link is malformed, expired, or for an outdated address."""


def verify_email(token: str) -> User:
    """Mark the address in ``token`` as confirmed; idempotent for an already confirmed one."""
    try:
        data = signing.loads(
            token, salt=EMAIL_VERIFICATION_SALT, max_age=EMAIL_VERIFICATION_MAX_AGE
        )
    except signing.SignatureExpired as error:
        raise EmailVerificationError(
            _("確認用リンクの有効期限が切れています。もう一度確認メールを送信してください。"),
            code="expired",
        ) from error
    except signing.BadSignature as error:
        raise EmailVerificationError(
            _("確認用リンクが正しくありません。メールに記載されたリンクをそのまま開いてください。"),
            code="invalid",
        ) from error
    with transaction.atomic():
        user = (
            User.objects.select_for_update()
            .filter(pk=data.get("u"), email=data.get("e"), kind=User.Kind.CITIZEN, is_active=True)
            .first()
        )
        if user is None:
            raise EmailVerificationError(
                _(
                    "確認用リンクが正しくありません。メールに記載されたリンクをそのまま開いてください。"
                ),
                code="invalid",
            )
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at", "updated"])
    return user


# --- staff accounts ---------------------------------------------------------------


def staff_set_password_path(user: User) -> str:
    """Path of the one-time link with which a staff member chooses a password."""
    return reverse(
        "console:set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def send_staff_invitation(user: User, *, site_url: str) -> None:
    """E-mail a staff member a one-time link to set their password (valid 3 days).

    The link stops working once a password is set (Django's reset token covers
    the password hash) or after ``PASSWORD_RESET_TIMEOUT``.
    """
    if user.kind != User.Kind.STAFF:
        raise ValidationError(_("職員以外には招待メールを送信できません。"), code="not_staff")
    _send_after_commit(
        "identity/email/staff_invitation",
        {"user": user, "url": _join(site_url, staff_set_password_path(user))},
        user.email,
    )


@transaction.atomic
def invite_staff_member(
    *,
    email: str,
    display_name: str,
    site_url: str,
    display_name_kana: str = "",
    staff_number: str = "",
    is_system_admin: bool = False,
    org_unit: OrgUnit | None = None,
    role: str | None = None,
    valid_from: datetime.date | None = None,
) -> User:
    """Create a staff account without a password, optionally assign it, and send the invitation."""
    if User.objects.filter(email__iexact=email.strip()).exists():
        raise ValidationError(
            {"email": _("このメールアドレスは既に登録されています。")}, code="duplicate"
        )
    user = create_staff_member(
        email=email,
        display_name=display_name,
        password=None,
        staff_number=staff_number,
        display_name_kana=display_name_kana,
        is_system_admin=is_system_admin,
    )
    if org_unit is not None and role and valid_from is not None:
        assign_staff(user, org_unit, role, valid_from=valid_from)
    send_staff_invitation(user, site_url=site_url)
    return user


# --- second factor ------------------------------------------------------------------


def has_confirmed_totp(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_device_for_enrolment(user: User) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (created on first call, reused on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@dataclass(frozen=True)
class SecondFactorResult:
    """Outcome of checking a code: the device that matched, or why nothing did."""

    device: TOTPDevice | StaticDevice | None
    throttled: bool = False
    wait_seconds: int = 0


def _throttle_wait(device: TOTPDevice | StaticDevice) -> int | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    failures = int((data or {}).get("failure_count", 1))
    return max(1, 2 ** max(failures - 1, 0))


def normalise_code(raw: str) -> str:
    """Codes as typed: full-width digits, spaces and hyphens are accepted."""
    return "".join(
        ch
        for ch in unicodedata.normalize("NFKC", raw or "").lower()
        if ch not in " -\u2010\u2212\t"
    )


@transaction.atomic
def confirm_totp_device(user: User, code: str) -> SecondFactorResult:
    """Confirm the device being enrolled with a code from the authenticator app.

    On success the device is confirmed, any older TOTP device is removed, and the
    caller should then create recovery codes.
    """
    device = totp_device_for_enrolment(user)
    wait = _throttle_wait(device)
    if wait is not None:
        return SecondFactorResult(None, throttled=True, wait_seconds=wait)
    if not device.verify_token(normalise_code(code)):
        return SecondFactorResult(None)
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return SecondFactorResult(device)


@transaction.atomic
def create_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new single-use ones; returns them for display."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()  # 8 base32 characters
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    device.throttle_reset()
    return [f"{code[:4]}-{code[4:]}" for code in codes]


def verify_second_factor(user: User, code: str) -> SecondFactorResult:
    """Check a 6-digit TOTP code or a recovery code; a recovery code is used up.

    Both devices keep django_otp's throttling (1, 2, 4, … seconds after each
    failure); the sign-in view additionally counts failures towards the account
    lockout of django-axes.
    """
    code = normalise_code(code)
    if code.isdigit():
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            return SecondFactorResult(None)
        wait = _throttle_wait(device)
        if wait is not None:
            return SecondFactorResult(None, throttled=True, wait_seconds=wait)
        return SecondFactorResult(device if device.verify_token(code) else None)
    return _use_recovery_code(user, code)


def _use_recovery_code(user: User, code: str) -> SecondFactorResult:
    device = StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()
    if device is None or not code:
        return SecondFactorResult(None)
    wait = _throttle_wait(device)
    if wait is not None:
        return SecondFactorResult(None, throttled=True, wait_seconds=wait)
    # A single DELETE decides: of two concurrent uses of one code, only one deletes the row.
    deleted, _rows = StaticToken.objects.filter(device=device, token=code).delete()
    if deleted:
        device.throttle_reset(commit=False)
        device.set_last_used_timestamp(commit=False)
        device.save()
        return SecondFactorResult(device)
    device.throttle_increment()
    return SecondFactorResult(None)


@transaction.atomic
def reset_second_factor(user: User) -> None:
    """Remove a staff member's TOTP device and recovery codes; they enrol again at next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
