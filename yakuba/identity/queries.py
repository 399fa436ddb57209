"""Every read of the identity module's screens, narrowed by the policy first."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Assignment, OrgUnit, User
from .permissions import today
from .policies import may_administer_organisation


def _require_org_admin(user: Any) -> None:
    if not may_administer_organisation(user):
        raise PermissionDenied


def org_units_for(user: Any, *, on: datetime.date | None = None) -> QuerySet[OrgUnit]:
    """Units in force on ``on`` (default today) with their parent and history."""
    _require_org_admin(user)
    return (
        OrgUnit.objects.active_on(on or today())
        .select_related("parent")
        .prefetch_related("predecessors", "successors")
        .order_by("parent__name", "kind", "name")
    )


def all_org_units_for(user: Any) -> QuerySet[OrgUnit]:
    """Every unit, past and present (for choosing a unit in forms)."""
    _require_org_admin(user)
    return OrgUnit.objects.order_by("name", "valid_from")


def get_org_unit_for(user: Any, pk: int) -> OrgUnit:
    _require_org_admin(user)
    unit = (
        OrgUnit.objects.select_related("parent")
        .prefetch_related("predecessors", "successors")
        .filter(pk=pk)
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def assignments_of_unit_for(user: Any, unit: OrgUnit) -> QuerySet[Assignment]:
    _require_org_admin(user)
    return unit.assignments.select_related("user").order_by("-valid_from", "user__display_name")


def staff_for(user: Any, *, on: datetime.date | None = None, search: str = "") -> QuerySet[User]:
    """Staff accounts with their assignments in force on ``on`` prefetched as ``current``."""
    _require_org_admin(user)
    day = on or today()
    queryset = User.objects.filter(kind=User.Kind.STAFF)
    if search:
        queryset = queryset.filter(
            Q(display_name__icontains=search)
            | Q(display_name_kana__icontains=search)
            | Q(email__icontains=search)
            | Q(staff_number__iexact=search)
        )
    return queryset.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.active_on(day).select_related("org_unit"),
            to_attr="current",
        )
    ).order_by("display_name_kana", "display_name", "email")


def get_staff_member_for(user: Any, pk: int) -> User:
    _require_org_admin(user)
    member = User.objects.filter(pk=pk, kind=User.Kind.STAFF).first()
    if member is None:
        raise Http404
    return member


def assignments_of_staff_for(user: Any, member: User) -> QuerySet[Assignment]:
    _require_org_admin(user)
    return member.assignments.select_related("org_unit").order_by("-valid_from")


def get_assignment_for(user: Any, pk: int) -> Assignment:
    _require_org_admin(user)
    assignment = Assignment.objects.select_related("user", "org_unit").filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


def second_factor_status(member: User) -> dict[str, Any]:
    """Whether ``member`` has enrolled TOTP and how many recovery codes remain."""
    return {
        "totp_confirmed": TOTPDevice.objects.filter(user=member, confirmed=True).exists(),
        "recovery_codes_left": StaticToken.objects.filter(
            device__user=member, device__name="recovery"
        ).count(),
    }
