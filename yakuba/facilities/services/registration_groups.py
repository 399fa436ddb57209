"""団体登録 (group registration): apply, decide, renew, members.

The representative (an approved registration) applies with the members: at least
``YAKUBA_FACILITY_GROUP_MIN_MEMBERS`` members including the representative, at least
``YAKUBA_FACILITY_GROUP_MIN_RESIDENTS`` of them 市内.  A group is 市内団体 when the
representative is 市内 and at least half of the members are.  Import the public names
from :mod:`yakuba.facilities.services.registration`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yakuba.core.japanese import (
    JapaneseInputError,
    is_kana,
    normalize_kana,
    normalize_phone_number,
    normalize_width,
)

from ..models import Group, GroupMember, RegistrationState, UserRegistration
from ..policies import may_approve, may_operate
from .registration_common import (
    ACTIVE,
    GROUP_PREFIX,
    RENEWAL_WINDOW_DAYS,
    clean_text,
    cleaned_reason,
    extended_validity,
    is_citizen,
    locked,
    notify_group,
    renewal_open,
    require,
    with_number,
)


@dataclass(frozen=True)
class MemberData:
    """One member of a group as entered on the form (the representative is added)."""

    name: str
    name_kana: str = ""
    is_resident: bool = False


# ------------------------------------------------------------------ groups


def _clean_members(
    members: Iterable[MemberData | Mapping[str, Any] | tuple[Any, ...]],
) -> list[MemberData]:
    cleaned: list[MemberData] = []
    errors: list[str] = []
    for index, member in enumerate(members, start=1):
        if isinstance(member, MemberData):
            name, kana, resident = member.name, member.name_kana, member.is_resident
        elif isinstance(member, Mapping):
            name, kana, resident = (
                member.get("name", ""),
                member.get("name_kana", ""),
                member.get("is_resident", False),
            )
        else:
            name, kana, resident = (tuple(member) + ("", "", False))[:3]
        name = clean_text(name, max_length=100)
        kana = normalize_kana(str(kana or ""))[:100]
        if not name and not kana:
            continue
        if not name:
            errors.append(_("%(row)s人目の構成員の氏名を入力してください。") % {"row": index})
            continue
        if kana and not is_kana(kana):
            errors.append(
                _("%(row)s人目の構成員の氏名（カナ）はカタカナまたはひらがなで入力してください。")
                % {"row": index}
            )
            continue
        cleaned.append(MemberData(name=name, name_kana=kana, is_resident=bool(resident)))
    if errors:
        raise ValidationError({"members": errors})
    return cleaned


@dataclass(frozen=True)
class GroupComposition:
    """Members counted with the representative, and the 市内団体 verdict."""

    total: int
    residents: int
    is_resident: bool


def composition(representative: UserRegistration, members: list[MemberData]) -> GroupComposition:
    total = 1 + len(members)
    residents = int(representative.is_resident) + sum(1 for member in members if member.is_resident)
    return GroupComposition(
        total=total,
        residents=residents,
        is_resident=representative.is_resident and residents * 2 >= total,
    )


def check_composition(result: GroupComposition) -> None:
    minimum_members = int(settings.YAKUBA_FACILITY_GROUP_MIN_MEMBERS)
    minimum_residents = int(settings.YAKUBA_FACILITY_GROUP_MIN_RESIDENTS)
    errors = []
    if result.total < minimum_members:
        errors.append(
            _("団体の構成員は代表者を含めて%(minimum)s人以上必要です（現在%(count)s人）。")
            % {"minimum": minimum_members, "count": result.total}
        )
    if result.residents < minimum_residents:
        errors.append(
            _(
                "市内在住・在勤・在学の構成員が代表者を含めて%(minimum)s人以上必要です（現在%(count)s人）。"
            )
            % {"minimum": minimum_residents, "count": result.residents}
        )
    if errors:
        raise ValidationError({"members": errors})


def _require_valid_representative(registration: UserRegistration) -> None:
    today = timezone.localdate()
    if (
        registration.state != RegistrationState.APPROVED
        or registration.valid_until is None
        or registration.valid_until < today
    ):
        raise ValidationError(
            _("団体を登録するには、代表者の利用者登録（承認済み・有効期限内）が必要です。")
        )


def _group_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    name = clean_text(data.get("name"), max_length=100)
    kana = normalize_kana(str(data.get("name_kana") or ""))[:100]
    activity = normalize_width(str(data.get("activity") or "")).strip()
    if not name:
        errors["name"] = _("団体名を入力してください。")
    if not kana:
        errors["name_kana"] = _("団体名（カナ）を入力してください。")
    elif not is_kana(kana):
        errors["name_kana"] = _("団体名（カナ）はカタカナまたはひらがなで入力してください。")
    if not activity:
        errors["activity"] = _("活動内容を入力してください。")
    phone = ""
    raw_phone = str(data.get("contact_phone") or data.get("phone") or "").strip()
    if not raw_phone:
        errors["contact_phone"] = _("連絡先電話番号を入力してください。")
    else:
        try:
            phone = normalize_phone_number(raw_phone)
        except JapaneseInputError as error:
            errors["contact_phone"] = error.user_message()
    if errors:
        raise ValidationError(errors)
    return {"name": name, "name_kana": kana, "activity": activity, "contact_phone": phone}


def _replace_members(
    group: Group, representative: UserRegistration, members: list[MemberData]
) -> None:
    group.members.all().delete()
    GroupMember.objects.create(
        group=group,
        name=representative.name,
        name_kana=representative.name_kana,
        is_resident=representative.is_resident,
        registration=representative,
    )
    GroupMember.objects.bulk_create(
        GroupMember(group=group, name=m.name, name_kana=m.name_kana, is_resident=m.is_resident)
        for m in members
    )


def apply_for_group(
    registration: UserRegistration,
    *,
    name: str,
    name_kana: str,
    activity: str,
    phone: str,
    members: Iterable[MemberData | Mapping[str, Any] | tuple[Any, ...]],
) -> Group:
    """The representative applies for a group registration with its other members."""
    _require_valid_representative(registration)
    fields = _group_fields(
        {"name": name, "name_kana": name_kana, "activity": activity, "contact_phone": phone}
    )
    cleaned = _clean_members(members)
    result = composition(registration, cleaned)
    check_composition(result)
    with transaction.atomic():
        group = Group.objects.create(
            representative=registration,
            is_resident=result.is_resident,
            state=RegistrationState.APPLIED,
            **fields,
        )
        _replace_members(group, registration, cleaned)
    return group


def other_members(group: Group) -> list[MemberData]:
    """The group's members other than the representative, as form rows."""
    return [
        MemberData(name=m.name, name_kana=m.name_kana, is_resident=m.is_resident)
        for m in group.members.order_by("id")
        if m.registration_id != group.representative_id
    ]


def _may_manage_group(actor: Any, group: Group) -> bool:
    representative = group.representative
    return (is_citizen(actor) and representative.user_id == actor.pk) or may_operate(actor)


def update_group_members(
    actor: Any,
    group: Group,
    members: Iterable[MemberData | Mapping[str, Any] | tuple[Any, ...]],
) -> Group:
    """The representative (or an operator) replaces the member list; the minimums are
    checked again and 市内団体 is re-evaluated.  Nothing changes when a rule fails."""
    require(_may_manage_group(actor, group))
    cleaned = _clean_members(members)
    with transaction.atomic():
        row = locked(Group, group.pk)
        if row.state not in ACTIVE:
            raise ValidationError(_("申請中か登録済みの団体だけ構成員を変更できます。"))
        representative = UserRegistration.objects.get(pk=row.representative_id)
        result = composition(representative, cleaned)
        check_composition(result)
        _replace_members(row, representative, cleaned)
        row.is_resident = result.is_resident
        row.save(update_fields=["is_resident", "updated"])
    return row


def _refresh_composition(group: Group) -> GroupComposition:
    representative = group.representative
    rows = list(group.members.all())
    members = [
        MemberData(m.name, m.name_kana, m.is_resident)
        for m in rows
        if m.registration_id != representative.pk
    ]
    # The representative's own row follows their registration (市内 may have changed).
    GroupMember.objects.filter(group=group, registration=representative).update(
        is_resident=representative.is_resident
    )
    return composition(representative, members)


def approve_group(staff: Any, group: Group) -> Group:
    """Approve a group application (or a renewal in the queue): the representative's
    registration must be valid and the member rules still met."""
    require(may_approve(staff))
    with transaction.atomic():
        row = locked(Group, group.pk)
        if row.state != RegistrationState.APPLIED:
            raise ValidationError(_("この申請は審査待ちではありません。"))
        _require_valid_representative(row.representative)
        result = _refresh_composition(row)
        check_composition(result)
        row.is_resident = result.is_resident
        row.state = RegistrationState.APPROVED
        row.valid_until = extended_validity(row.valid_until)
        row.decided_by = staff
        row.decided_at = timezone.now()
        row.rejection_reason = ""
        with_number(
            row,
            GROUP_PREFIX,
            fields=[
                "is_resident",
                "state",
                "valid_until",
                "decided_by",
                "decided_at",
                "rejection_reason",
            ],
        )
        notify_group("group_approved", row)
    return row


def reject_group(staff: Any, group: Group, reason: str) -> Group:
    require(may_approve(staff))
    text = cleaned_reason(reason)
    with transaction.atomic():
        row = locked(Group, group.pk)
        if row.state != RegistrationState.APPLIED:
            raise ValidationError(_("この申請は審査待ちではありません。"))
        row.state = RegistrationState.REJECTED
        row.rejection_reason = text
        row.decided_by = staff
        row.decided_at = timezone.now()
        row.save(update_fields=["state", "rejection_reason", "decided_by", "decided_at", "updated"])
        notify_group("group_rejected", row)
    return row


def request_group_renewal(actor: Any, group: Group) -> Group:
    """The representative asks to renew the group: it goes back to the approval queue
    (number kept) once within the renewal window or after expiry."""
    require(_may_manage_group(actor, group))
    with transaction.atomic():
        row = locked(Group, group.pk)
        if not renewal_open(row):
            raise ValidationError(
                _("更新は有効期限の%(days)s日前から申し込めます。") % {"days": RENEWAL_WINDOW_DAYS}
            )
        _require_valid_representative(row.representative)
        row.state = RegistrationState.APPLIED
        row.save(update_fields=["state", "updated"])
    return row


def renew_group(staff: Any, group: Group) -> Group:
    """Staff renew an approved or expired group at the counter: the representative's
    registration must be valid and the member rules still met."""
    require(may_operate(staff))
    with transaction.atomic():
        row = locked(Group, group.pk)
        if row.state not in (RegistrationState.APPROVED, RegistrationState.EXPIRED):
            raise ValidationError(_("承認済みか有効期限切れの団体だけを更新できます。"))
        _require_valid_representative(row.representative)
        result = _refresh_composition(row)
        check_composition(result)
        row.is_resident = result.is_resident
        row.state = RegistrationState.APPROVED
        row.valid_until = extended_validity(row.valid_until)
        row.decided_by = staff
        row.decided_at = timezone.now()
        row.save()
        notify_group("group_renewed", row)
    return row


def withdraw_group(actor: Any, group: Group) -> Group:
    require(_may_manage_group(actor, group))
    with transaction.atomic():
        row = locked(Group, group.pk)
        if row.state != RegistrationState.WITHDRAWN:
            row.state = RegistrationState.WITHDRAWN
            row.save(update_fields=["state", "updated"])
    return row
