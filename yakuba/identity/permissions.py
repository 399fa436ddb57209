"""Who may do what: the one place where department-role checks live.

Modules describe access as *grants*: ``(department code, minimum role)``
pairs, e.g. ``(("shimin", "viewer"),)`` for "any member of 市民課".  Views,
queries and services ask this module; nothing else inspects assignments.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .models import ROLE_RANK, Assignment, OrgUnit, Role, User

Grant = tuple[str, str]


@dataclass(frozen=True)
class ActiveRole:
    """A staff member's role in a unit on a given day (snapshot for audit records)."""

    org_unit_id: int
    org_unit_code: str
    org_unit_name: str
    role: str
    org_unit_name_en: str = ""


def today() -> datetime.date:
    return timezone.localdate()


def is_staff(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and user.kind == User.Kind.STAFF
    )


def is_citizen(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.kind == User.Kind.CITIZEN
    )


def is_system_admin(user) -> bool:
    return is_staff(user) and bool(user.is_system_admin)


def active_roles(user, on: datetime.date | None = None) -> list[ActiveRole]:
    """The user's roles on ``on`` (default today), cached per user object and day."""
    if not is_staff(user):
        return []
    day = on or today()
    cache = user.__dict__.setdefault("_yakuba_roles", {})
    if day not in cache:
        cache[day] = [
            ActiveRole(a.org_unit_id, a.org_unit.code, a.org_unit.name, a.role, a.org_unit.name_en)
            for a in Assignment.objects.active_on(day).filter(user=user).select_related("org_unit")
        ]
    return cache[day]


def has_role(user, grants: Iterable[Grant], on: datetime.date | None = None) -> bool:
    """True when the user holds, in one of the granted departments, at least the granted role.

    System administrators pass every check of the console itself but **not**
    department grants over personal data: least privilege means an administrator
    sees residents only through a department role.
    """
    roles = active_roles(user, on)
    for department, minimum in grants:
        need = ROLE_RANK[Role(minimum)]
        if any(r.org_unit_code == department and ROLE_RANK[Role(r.role)] >= need for r in roles):
            return True
    return False


def require_role(user, grants: Iterable[Grant]) -> None:
    if not has_role(user, grants):
        raise PermissionDenied


def require_system_admin(user) -> None:
    if not is_system_admin(user):
        raise PermissionDenied


def primary_unit(user, on: datetime.date | None = None) -> ActiveRole | None:
    """The unit shown for the user (primary assignment first) — used by audit snapshots."""
    roles = active_roles(user, on)
    if not roles:
        return None
    day = on or today()
    primary = (
        Assignment.objects.active_on(day)
        .filter(user=user, is_primary=True)
        .values_list("org_unit_id", flat=True)
        .first()
    )
    for role in roles:
        if role.org_unit_id == primary:
            return role
    return roles[0]


def departments_on(day: datetime.date | None = None):
    return OrgUnit.objects.active_on(day or today())
