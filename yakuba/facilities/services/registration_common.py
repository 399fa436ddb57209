"""Helpers shared by the registration services (users and groups): validity dates,
number assignment, text clean-up, the decision mails, permission checks.

Import the public names from :mod:`yakuba.facilities.services.registration`.
"""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Model
from django.db.models.functions import Length
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from yakuba.core.japanese import (
    format_date_both,
    normalize_width,
)
from yakuba.core.services import get_municipality
from yakuba.core.tasks import send_mail_task

from ..models import Group, RegistrationState, UserRegistration

REGISTRY = "registry"
DOCUMENT = "document"
USER_PREFIX = "U"
GROUP_PREFIX = "G"
NUMBER_DIGITS = 7
#: A renewal may be asked for this many days before the expiry (and any time after it).
RENEWAL_WINDOW_DAYS = 90
#: Tries at a fresh number when a concurrent approval took the same one.
NUMBER_ATTEMPTS = 20
ACTIVE = (RegistrationState.APPLIED, RegistrationState.APPROVED)

# ------------------------------------------------------------------ small helpers


def registration_years() -> int:
    return int(settings.YAKUBA_FACILITY_REGISTRATION_YEARS)


def add_years(day: datetime.date, years: int) -> datetime.date:
    """``day`` plus whole years; 29 February becomes 28 February in a common year."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


def extended_validity(
    current: datetime.date | None, today: datetime.date | None = None
) -> datetime.date:
    """Validity after an approval or renewal: years counted from today, or from the
    current expiry when it is still ahead (an early renewal loses nothing)."""
    today = today or timezone.localdate()
    base = current if current is not None and current >= today else today
    return add_years(base, registration_years())


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def clean_text(value: Any, *, max_length: int) -> str:
    return normalize_width(str(value or "")).strip()[:max_length]


def with_number[T: Model](row: T, prefix: str, *, fields: list[str]) -> T:
    """Save ``row`` with the next free number ``<prefix><7 digits>`` (when it has none).

    The next number is max()+1 among numbers of this shape; two approvals at the same
    moment may read the same max, and the unique index lets only one of them have it:
    the other's savepoint rolls back and it tries the next number.  The row's other
    changes are saved in the same UPDATE.
    """
    model = type(row)
    if getattr(row, "number", None):
        row.save(update_fields=[*fields, "updated"])
        return row
    for _attempt in range(NUMBER_ATTEMPTS):
        highest = (
            model._default_manager.filter(number__startswith=prefix)
            .annotate(number_length=Length("number"))
            .filter(number_length=len(prefix) + NUMBER_DIGITS)
            .aggregate(highest=Max("number"))["highest"]
        )
        following = (
            int(highest[len(prefix) :]) + 1 if highest and highest[len(prefix) :].isdigit() else 1
        )
        row.number = f"{prefix}{following:0{NUMBER_DIGITS}d}"  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                row.save(update_fields=[*fields, "number", "updated"])
        except IntegrityError:
            row.number = None  # type: ignore[attr-defined]
            continue
        return row
    raise ValidationError(_("番号を割り当てられませんでした。もう一度お試しください。"))


# ------------------------------------------------------------------ e-mail


def _city_name(language: str) -> str:
    profile = get_municipality()
    if profile is None:
        return ""
    if language == "en":
        return getattr(profile, "name_en", "") or profile.name
    return profile.name


SUBJECTS = {
    "approved": ("利用者登録が承認されました", "Your facility user registration is approved"),
    "rejected": ("利用者登録の審査結果のお知らせ", "Your facility user registration"),
    "renewed": ("利用者登録を更新しました", "Your facility user registration is renewed"),
    "group_approved": ("団体登録が承認されました", "Your group registration is approved"),
    "group_rejected": ("団体登録の審査結果のお知らせ", "Your group registration"),
    "group_renewed": ("団体登録を更新しました", "Your group registration is renewed"),
}


def _notify(
    decision: str,
    address: str,
    language: str,
    *,
    name: str,
    number: str | None = None,
    valid_until: datetime.date | None = None,
    reason: str = "",
) -> None:
    """Render the decision mail now and send it after the transaction commits."""
    if not address:
        return
    english = language == "en"
    city = _city_name("ja")
    subject_ja, subject_en = SUBJECTS[decision]
    subject = f"【{city}】{subject_ja}" if city else subject_ja
    if english:
        subject = f"{subject} / {subject_en}"
    context = {
        "decision": decision,
        "name": name,
        "number": number or "",
        "valid_until": format_date_both(valid_until) if valid_until else "",
        "valid_until_en": valid_until.isoformat() if valid_until else "",
        "reason": reason,
        "city": city,
        "english": english,
        "city_en": _city_name("en"),
    }
    with override("ja"):
        text = render_to_string("facilities/registration/email/decision.txt", context)
    headers = {
        "Auto-Submitted": "auto-generated",
        "Content-Language": "ja, en" if english else "ja",
    }
    transaction.on_commit(
        lambda: send_mail_task.enqueue(subject, text, [address], "", city, headers)
    )


def _language_of(registration: UserRegistration) -> str:
    user = registration.user
    return getattr(user, "preferred_language", "ja") if user is not None else "ja"


def _address_of(registration: UserRegistration) -> str:
    if registration.email:
        return registration.email
    user = registration.user
    return getattr(user, "email", "") if user is not None else ""


def notify_registration(decision: str, registration: UserRegistration) -> None:
    _notify(
        decision,
        _address_of(registration),
        _language_of(registration),
        name=registration.name,
        number=registration.number,
        valid_until=registration.valid_until,
        reason=registration.rejection_reason,
    )


def notify_group(decision: str, group: Group) -> None:
    representative = group.representative
    _notify(
        decision,
        _address_of(representative),
        _language_of(representative),
        name=group.name,
        number=group.number,
        valid_until=group.valid_until,
        reason=group.rejection_reason,
    )


def is_citizen(user: Any) -> bool:
    return getattr(user, "kind", None) == "citizen" and bool(getattr(user, "pk", None))


def locked(model: type[Any], pk: int) -> Any:
    return model._default_manager.select_for_update().get(pk=pk)


def cleaned_reason(reason: str) -> str:
    text = normalize_width(reason or "").strip()
    if not text:
        raise ValidationError({"reason": _("不承認の理由を入力してください。")})
    if len(text) > 300:
        raise ValidationError({"reason": _("不承認の理由は300文字以内で入力してください。")})
    return text


def renewal_open(
    registration: UserRegistration | Group, today: datetime.date | None = None
) -> bool:
    """Whether a renewal may be asked for now (a user registration or a group)."""
    today = today or timezone.localdate()
    if registration.state == RegistrationState.EXPIRED:
        return True
    if registration.state != RegistrationState.APPROVED or registration.valid_until is None:
        return False
    return registration.valid_until - today <= datetime.timedelta(days=RENEWAL_WINDOW_DAYS)
