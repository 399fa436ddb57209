"""The card's rules: PIN formats, validity to the 5th birthday, no signing certificate under 15.

Source: STANDARDS.md §4 (PIN rules and lock limits; validity "to the 5th
birthday after issuance"; no 署名用電子証明書 for under-15s).
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import normalize_width

from .models import CertificateKind

AUTHENTICATION_PIN = re.compile(r"^[0-9]{4}$")
SIGNING_PIN = re.compile(r"^(?=.*[A-Z])(?=.*[0-9])[A-Z0-9]{6,16}$")
SIGNING_MINIMUM_AGE = 15
VALIDITY_BIRTHDAYS = 5
MAX_PIN_INPUT = 32


def normalize_pin(text: str) -> str:
    """What was typed, as the card compares it: full-width → ASCII, spaces dropped, letters upper-case."""
    return normalize_width((text or "")[:MAX_PIN_INPUT]).replace(" ", "").upper()


def validate_new_pin(kind: str, text: str) -> str:
    """The normalised PIN, or ``ValidationError`` explaining the rule (for setting a PIN)."""
    pin = normalize_pin(text)
    if kind == CertificateKind.AUTHENTICATION:
        if not AUTHENTICATION_PIN.match(pin):
            raise ValidationError(
                _("利用者証明用の暗証番号は、数字4桁で入力してください。"),
                code="auth_pin_format",
            )
        return pin
    if not 6 <= len(pin) <= 16:
        raise ValidationError(
            _("署名用の暗証番号は、6文字以上16文字以下で入力してください。"),
            code="sign_pin_length",
        )
    if not SIGNING_PIN.match(pin):
        raise ValidationError(
            _(
                "署名用の暗証番号は、英大文字と数字をそれぞれ1文字以上含めてください（記号は使えません）。"
            ),
            code="sign_pin_format",
        )
    return pin


def birthday_in(year: int, birth_date: datetime.date) -> datetime.date:
    """The birthday in ``year``; 29 February counts as 28 February in common years."""
    try:
        return birth_date.replace(year=year)
    except ValueError:
        return datetime.date(year, 2, 28)


def fifth_birthday_after(issued_on: datetime.date, birth_date: datetime.date) -> datetime.date:
    """The 5th birthday after the day of issue (a birthday on that very day does not count)."""
    first = birthday_in(issued_on.year, birth_date)
    year = issued_on.year if first > issued_on else issued_on.year + 1
    return birthday_in(year + VALIDITY_BIRTHDAYS - 1, birth_date)


def validity_end(issued_on: datetime.date, birth_date: datetime.date) -> datetime.datetime:
    """The last moment of validity: the end of the 5th birthday after issue, local time."""
    day = fifth_birthday_after(issued_on, birth_date)
    return datetime.datetime.combine(
        day, datetime.time(23, 59, 59), tzinfo=timezone.get_default_timezone()
    )


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Completed years of age on ``day``."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def may_hold_signing_certificate(birth_date: datetime.date, day: datetime.date) -> bool:
    return age_on(birth_date, day) >= SIGNING_MINIMUM_AGE
