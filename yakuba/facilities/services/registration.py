"""利用者登録 (user registration) and 団体登録 (group registration): every write.

User registration
    A signed-in citizen applies (:func:`apply_for_registration`), one registration per
    account.  When the account is linked to a resident record, name, kana and address
    come from the registry and so does 市内 (``residence_source="registry"``);
    otherwise the applicant declares 市内在住・在勤・在学 and staff confirm it with a
    document on approval (``residence_source="document"``).  Staff register residents
    without an account at the counter or by phone (:func:`register_at_counter`),
    approved at once.  An approver approves (利用者番号 ``U`` + 7 digits, valid for
    ``YAKUBA_FACILITY_REGISTRATION_YEARS`` years) or rejects with a reason.

Renewal
    The citizen asks from the status page within :data:`RENEWAL_WINDOW_DAYS` of the
    expiry (or after it).  When nothing needs checking — the registry says the citizen
    lives in the city, or the registration is 市外 — it is renewed at once; a declared
    市内 needs a document again, so the registration goes back to the approval queue
    (``applied`` with its number kept).  Staff renew at the counter with
    :func:`renew_registration`.

Groups
    The representative (an approved registration) applies with the members
    (:func:`apply_for_group`): at least ``YAKUBA_FACILITY_GROUP_MIN_MEMBERS`` members
    including the representative, at least ``YAKUBA_FACILITY_GROUP_MIN_RESIDENTS`` of
    them 市内.  A group is 市内団体 when the representative is 市内 and at least half
    of the members are.  An approver approves (団体登録番号 ``G`` + 7 digits) or
    rejects; the representative updates the members (re-evaluated each time).

Every decision mails the applicant after commit (Japanese; English added when the
account prefers English).  :func:`expire_registrations` is the periodic job that
marks registrations and groups past their validity as expired.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yakuba.core.japanese import (
    JapaneseInputError,
    is_kana,
    normalize_kana,
    normalize_phone_number,
    normalize_postal_code,
)
from yakuba.residents.queries import own_resident_facts

from ..models import Group, RegistrationState, UserRegistration
from ..policies import may_approve, may_operate
from .registration_common import (
    ACTIVE,
    DOCUMENT,
    GROUP_PREFIX,
    NUMBER_ATTEMPTS,
    NUMBER_DIGITS,
    REGISTRY,
    RENEWAL_WINDOW_DAYS,
    USER_PREFIX,
    add_years,
    clean_text,
    cleaned_reason,
    extended_validity,
    is_citizen,
    locked,
    notify_registration,
    registration_years,
    renewal_open,
    require,
    with_number,
)
from .registration_groups import (
    GroupComposition,
    MemberData,
    apply_for_group,
    approve_group,
    check_composition,
    composition,
    other_members,
    reject_group,
    renew_group,
    request_group_renewal,
    update_group_members,
    withdraw_group,
)


def _person_fields(data: Mapping[str, Any], *, require_email: bool = False) -> dict[str, Any]:
    """Validate and normalise the personal fields of a registration."""
    errors: dict[str, str] = {}
    name = clean_text(data.get("name"), max_length=100)
    kana = normalize_kana(str(data.get("name_kana") or ""))[:100]
    address = clean_text(data.get("address"), max_length=200)
    email = str(data.get("email") or "").strip().lower()
    if not name:
        errors["name"] = _("氏名を入力してください。")
    if not kana:
        errors["name_kana"] = _("氏名（カナ）を入力してください。")
    elif not is_kana(kana):
        errors["name_kana"] = _("氏名（カナ）はカタカナまたはひらがなで入力してください。")
    if not address:
        errors["address"] = _("住所を入力してください。")
    postal_code = ""
    if str(data.get("postal_code") or "").strip():
        try:
            postal_code = normalize_postal_code(str(data["postal_code"]))
        except JapaneseInputError as error:
            errors["postal_code"] = error.user_message()
    phone = ""
    if not str(data.get("phone") or "").strip():
        errors["phone"] = _("電話番号を入力してください。")
    else:
        try:
            phone = normalize_phone_number(str(data["phone"]))
        except JapaneseInputError as error:
            errors["phone"] = error.user_message()
    if require_email and not email:
        errors["email"] = _("メールアドレスを入力してください。")
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "name_kana": kana,
        "postal_code": postal_code,
        "address": address,
        "phone": phone,
        "email": email,
    }


# ------------------------------------------------------------------ user registration


def apply_for_registration(user: Any, data: Mapping[str, Any]) -> UserRegistration:
    """A signed-in citizen applies for (or, after a rejection or withdrawal, applies
    again for, or while waiting corrects) their user registration.

    ``data``: name, name_kana, postal_code, address, phone, email, is_resident (the
    declaration, used only when the account is not linked to a resident record).
    """
    if not is_citizen(user):
        raise PermissionDenied
    facts = own_resident_facts(user)
    source = dict(data)
    if facts is not None:
        source.update(name=facts.name, name_kana=facts.name_kana, address=facts.postal_address)
    fields = _person_fields(source)
    fields["email"] = fields["email"] or user.email
    if facts is not None:
        fields.update(is_resident=facts.is_resident, residence_source=REGISTRY)
    else:
        fields.update(is_resident=bool(data.get("is_resident")), residence_source="")
    with transaction.atomic():
        existing = UserRegistration.objects.select_for_update().filter(user=user).first()
        if existing is None:
            try:
                with transaction.atomic():
                    return UserRegistration.objects.create(
                        user=user, state=RegistrationState.APPLIED, **fields
                    )
            except IntegrityError:
                raise ValidationError(
                    _("このアカウントの利用者登録はすでに申請されています。")
                ) from None
        if existing.state == RegistrationState.APPROVED:
            raise ValidationError(
                _("すでに利用者登録があります。有効期限が近づいたら更新の手続きをしてください。")
            )
        if existing.state == RegistrationState.EXPIRED:
            raise ValidationError(
                _(
                    "利用者登録の有効期限が切れています。登録状況のページから更新を申し込んでください。"
                )
            )
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.state = RegistrationState.APPLIED
        existing.rejection_reason = ""
        existing.decided_by = None
        existing.decided_at = None
        existing.save()
        return existing


def register_at_counter(staff: Any, data: Mapping[str, Any]) -> UserRegistration:
    """Staff register a resident without an account (at the counter or by phone),
    approved at once; 市内 is what staff confirmed from a document."""
    require(may_operate(staff))
    fields = _person_fields(data)
    is_resident = bool(data.get("is_resident"))
    today = timezone.localdate()
    with transaction.atomic():
        registration = UserRegistration.objects.create(
            user=None,
            state=RegistrationState.APPLIED,
            is_resident=is_resident,
            residence_source=DOCUMENT,
            **fields,
        )
        registration.state = RegistrationState.APPROVED
        registration.valid_until = extended_validity(None, today)
        registration.decided_by = staff
        registration.decided_at = timezone.now()
        with_number(
            registration,
            USER_PREFIX,
            fields=["state", "valid_until", "decided_by", "decided_at"],
        )
        notify_registration("approved", registration)
    return registration


def approve_registration(
    staff: Any, registration: UserRegistration, *, is_resident: bool | None = None
) -> UserRegistration:
    """Approve an application (or a renewal waiting in the queue).

    For a registration linked to the registry, 市内 is read from the registry again;
    otherwise ``is_resident`` is what the approver confirmed from a document (default:
    the applicant's declaration)."""
    require(may_approve(staff))
    with transaction.atomic():
        row = locked(UserRegistration, registration.pk)
        if row.state != RegistrationState.APPLIED:
            raise ValidationError(_("この申請は審査待ちではありません。"))
        facts = own_resident_facts(row.user) if row.user_id else None
        if facts is not None:
            row.is_resident = facts.is_resident
            row.residence_source = REGISTRY
        else:
            if is_resident is not None:
                row.is_resident = is_resident
            row.residence_source = DOCUMENT
        row.state = RegistrationState.APPROVED
        row.valid_until = extended_validity(row.valid_until)
        row.decided_by = staff
        row.decided_at = timezone.now()
        row.rejection_reason = ""
        with_number(
            row,
            USER_PREFIX,
            fields=[
                "is_resident",
                "residence_source",
                "state",
                "valid_until",
                "decided_by",
                "decided_at",
                "rejection_reason",
            ],
        )
        notify_registration("approved", row)
    return row


def reject_registration(
    staff: Any, registration: UserRegistration, reason: str
) -> UserRegistration:
    """Reject an application; the reason is required and is sent to the applicant."""
    require(may_approve(staff))
    text = cleaned_reason(reason)
    with transaction.atomic():
        row = locked(UserRegistration, registration.pk)
        if row.state != RegistrationState.APPLIED:
            raise ValidationError(_("この申請は審査待ちではありません。"))
        row.state = RegistrationState.REJECTED
        row.rejection_reason = text
        row.decided_by = staff
        row.decided_at = timezone.now()
        row.save(update_fields=["state", "rejection_reason", "decided_by", "decided_at", "updated"])
        notify_registration("rejected", row)
    return row


def request_renewal(user: Any) -> UserRegistration:
    """The citizen asks to renew their registration.

    Renewed at once when the registry says the citizen lives in the city, or when the
    registration is 市外 (nothing to check); a declared 市内 goes back to the
    approval queue for a document check."""
    if not is_citizen(user):
        raise PermissionDenied
    facts = own_resident_facts(user)
    with transaction.atomic():
        row = UserRegistration.objects.select_for_update().filter(user=user).first()
        if row is None:
            raise ValidationError(_("利用者登録がありません。先に利用者登録を申請してください。"))
        if not renewal_open(row):
            raise ValidationError(
                _("更新は有効期限の%(days)s日前から申し込めます。") % {"days": RENEWAL_WINDOW_DAYS}
            )
        if facts is not None:
            row.is_resident = facts.is_resident
            row.residence_source = REGISTRY
        automatic = (facts is not None and facts.is_resident) or not row.is_resident
        if automatic:
            row.state = RegistrationState.APPROVED
            row.valid_until = extended_validity(row.valid_until)
            row.decided_at = timezone.now()
            row.decided_by = None
            row.save()
            notify_registration("renewed", row)
        else:
            row.state = RegistrationState.APPLIED
            row.residence_source = ""
            row.save()
    return row


def renew_registration(
    staff: Any, registration: UserRegistration, *, is_resident: bool | None = None
) -> UserRegistration:
    """Staff renew an approved or expired registration (at the counter, documents seen)."""
    require(may_operate(staff))
    with transaction.atomic():
        row = locked(UserRegistration, registration.pk)
        if row.state not in (RegistrationState.APPROVED, RegistrationState.EXPIRED):
            raise ValidationError(_("承認済みか有効期限切れの登録だけを更新できます。"))
        facts = own_resident_facts(row.user) if row.user_id else None
        if facts is not None:
            row.is_resident = facts.is_resident
            row.residence_source = REGISTRY
        elif is_resident is not None:
            row.is_resident = is_resident
            row.residence_source = DOCUMENT
        row.state = RegistrationState.APPROVED
        row.valid_until = extended_validity(row.valid_until)
        row.decided_by = staff
        row.decided_at = timezone.now()
        row.save()
        notify_registration("renewed", row)
    return row


def withdraw_registration(actor: Any, registration: UserRegistration) -> UserRegistration:
    """廃止: the citizen (their own) or an operator ends a registration.

    Refused while the registration represents a group that is applied for or approved
    (the group must be withdrawn or handed over first)."""
    own = is_citizen(actor) and registration.user_id == actor.pk
    require(own or may_operate(actor))
    with transaction.atomic():
        row = locked(UserRegistration, registration.pk)
        if row.state == RegistrationState.WITHDRAWN:
            return row
        if Group.objects.filter(representative=row, state__in=ACTIVE).exists():
            raise ValidationError(
                _(
                    "代表者になっている団体があるため廃止できません。先に団体の登録を廃止してください。"
                )
            )
        row.state = RegistrationState.WITHDRAWN
        row.save(update_fields=["state", "updated"])
    return row


# ------------------------------------------------------------------ periodic


def expire_registrations(now: datetime.datetime) -> int:
    """Approved registrations and groups whose validity ended before today → expired.
    Idempotent: a second run finds nothing to change."""
    today = timezone.localtime(now).date()
    users = UserRegistration.objects.filter(
        state=RegistrationState.APPROVED, valid_until__lt=today
    ).update(state=RegistrationState.EXPIRED, updated=now)
    groups = Group.objects.filter(state=RegistrationState.APPROVED, valid_until__lt=today).update(
        state=RegistrationState.EXPIRED, updated=now
    )
    return users + groups


__all__ = [
    "DOCUMENT",
    "GROUP_PREFIX",
    "NUMBER_ATTEMPTS",
    "NUMBER_DIGITS",
    "REGISTRY",
    "RENEWAL_WINDOW_DAYS",
    "USER_PREFIX",
    "GroupComposition",
    "MemberData",
    "add_years",
    "apply_for_group",
    "apply_for_registration",
    "approve_group",
    "approve_registration",
    "check_composition",
    "composition",
    "expire_registrations",
    "extended_validity",
    "other_members",
    "register_at_counter",
    "registration_years",
    "reject_group",
    "reject_registration",
    "renew_group",
    "renew_registration",
    "renewal_open",
    "request_group_renewal",
    "request_renewal",
    "update_group_members",
    "withdraw_group",
    "withdraw_registration",
]
