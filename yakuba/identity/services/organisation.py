"""Writes to the dated organisation: units, renames, merges, staff and assignments."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yakuba.identity.models import Assignment, OrgUnit, Role, User


def create_org_unit(
    *,
    code: str,
    name: str,
    name_en: str,
    kind: str = OrgUnit.Kind.DIVISION,
    parent: OrgUnit | None = None,
    valid_from: datetime.date,
    phone: str = "",
) -> OrgUnit:
    """Create a unit valid from ``valid_from``."""
    unit = OrgUnit(
        code=code,
        name=name,
        name_en=name_en,
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        phone=phone,
    )
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def close_org_unit(unit: OrgUnit, *, last_day: datetime.date) -> OrgUnit:
    """End a unit on ``last_day``; assignments still open are ended the same day."""
    if last_day < unit.valid_from:
        raise ValidationError(_("廃止日は設置日より後にしてください。"), code="dates_ordered")
    unit.valid_to = last_day
    unit.save(update_fields=["valid_to", "updated"])
    Assignment.objects.filter(org_unit=unit, valid_to__isnull=True).update(valid_to=last_day)
    return unit


@transaction.atomic
def rename_org_unit(
    unit: OrgUnit, *, new_name: str, new_name_en: str, effective: datetime.date
) -> OrgUnit:
    """Rename from ``effective``: the old row ends the day before, staff move to the new row."""
    last_day = effective - datetime.timedelta(days=1)
    open_assignments = list(Assignment.objects.filter(org_unit=unit).active_on(effective))
    close_org_unit(unit, last_day=last_day)
    successor = create_org_unit(
        code=unit.code,
        name=new_name,
        name_en=new_name_en,
        kind=unit.kind,
        parent=unit.parent,
        valid_from=effective,
        phone=unit.phone,
    )
    successor.predecessors.add(unit)
    for assignment in open_assignments:
        assign_staff(
            assignment.user,
            successor,
            assignment.role,
            valid_from=effective,
            is_primary=assignment.is_primary,
        )
    return successor


@transaction.atomic
def merge_org_units(
    units: list[OrgUnit],
    *,
    code: str,
    name: str,
    name_en: str,
    effective: datetime.date,
    parent: OrgUnit | None = None,
) -> OrgUnit:
    """Merge ``units`` into a new unit from ``effective``; their staff keep their roles there."""
    if len(units) < 2:
        raise ValidationError(_("統合には2つ以上の組織が必要です。"), code="merge_needs_two")
    carried: list[Assignment] = []
    for unit in units:
        carried += list(Assignment.objects.filter(org_unit=unit).active_on(effective))
    last_day = effective - datetime.timedelta(days=1)
    for unit in units:
        close_org_unit(unit, last_day=last_day)
    merged = create_org_unit(
        code=code,
        name=name,
        name_en=name_en,
        kind=units[0].kind,
        parent=parent or units[0].parent,
        valid_from=effective,
    )
    merged.predecessors.add(*units)
    seen: set[int] = set()
    for assignment in carried:
        if assignment.user_id in seen:
            continue
        seen.add(assignment.user_id)
        assign_staff(
            assignment.user,
            merged,
            assignment.role,
            valid_from=effective,
            is_primary=assignment.is_primary,
        )
    return merged


def create_staff_member(
    *,
    email: str,
    display_name: str,
    password: str | None,
    staff_number: str = "",
    display_name_kana: str = "",
    is_system_admin: bool = False,
) -> User:
    """Create a staff account (TOTP is enrolled at first sign-in)."""
    user = User(
        email=email.strip().lower(),
        display_name=display_name,
        display_name_kana=display_name_kana,
        staff_number=staff_number,
        kind=User.Kind.STAFF,
        is_system_admin=is_system_admin,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def assign_staff(
    user: User,
    unit: OrgUnit,
    role: str,
    *,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    is_primary: bool = True,
) -> Assignment:
    """Give ``user`` a role in ``unit`` for a date range."""
    if user.kind != User.Kind.STAFF:
        raise ValidationError(_("職員以外は組織に配属できません。"), code="not_staff")
    assignment = Assignment(
        user=user,
        org_unit=unit,
        role=Role(role),
        valid_from=valid_from,
        valid_to=valid_to,
        is_primary=is_primary,
    )
    assignment.full_clean()
    assignment.save()
    user.__dict__.pop("_yakuba_roles", None)
    return assignment


def end_assignment(assignment: Assignment, *, last_day: datetime.date) -> Assignment:
    assignment.valid_to = last_day
    assignment.full_clean()
    assignment.save(update_fields=["valid_to", "updated"])
    assignment.user.__dict__.pop("_yakuba_roles", None)
    return assignment
