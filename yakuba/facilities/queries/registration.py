"""Reads of the registration part: 利用者登録 and 団体登録.

``registration_for(user)`` and ``groups_of(registration)`` are used by the other parts
(booking, lottery, waitlist, courses); the staff reads below are narrowed by the
module's policy.  Staff pages that show the rows returned here record the read with
:func:`yakuba.facilities.access.record_user_reads`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.http import Http404

from yakuba.core.japanese import normalize_kana, normalize_width

from ..models import Group, RegistrationState, UserRegistration
from ..policies import may_view


def registration_for(user: Any) -> UserRegistration | None:
    """The citizen's own user registration (any state), or None."""
    if user is None or not getattr(user, "pk", None):
        return None
    return UserRegistration.objects.filter(user_id=user.pk).first()


def groups_of(registration: UserRegistration | None) -> QuerySet[Group]:
    """Approved groups the registration represents or is a member of."""
    if registration is None or registration.pk is None:
        return Group.objects.none()
    return (
        Group.objects.filter(state=RegistrationState.APPROVED)
        .filter(Q(representative=registration) | Q(members__registration=registration))
        .distinct()
        .order_by("name_kana", "pk")
    )


def all_groups_of(registration: UserRegistration | None) -> QuerySet[Group]:
    """Every group (any state) the registration represents or is a member of."""
    if registration is None or registration.pk is None:
        return Group.objects.none()
    return (
        Group.objects.filter(Q(representative=registration) | Q(members__registration=registration))
        .distinct()
        .order_by("-created", "pk")
    )


def get_group_for_citizen(user: Any, pk: int) -> Group:
    """A group the citizen represents or is a member of (any state); 404 otherwise."""
    registration = registration_for(user)
    group = all_groups_of(registration).filter(pk=pk).select_related("representative").first()
    if group is None:
        raise Http404
    return group


def is_representative(user: Any, group: Group) -> bool:
    registration = registration_for(user)
    return registration is not None and group.representative_id == registration.pk


# -- staff reads ---------------------------------------------------------------------


def _require_view(user: Any) -> None:
    if not may_view(user):
        raise PermissionDenied


def registrations_awaiting(user: Any) -> QuerySet[UserRegistration]:
    _require_view(user)
    return UserRegistration.objects.filter(state=RegistrationState.APPLIED).order_by(
        "created", "pk"
    )


def groups_awaiting(user: Any) -> QuerySet[Group]:
    _require_view(user)
    return (
        Group.objects.filter(state=RegistrationState.APPLIED)
        .select_related("representative")
        .order_by("created", "pk")
    )


def awaiting_counts() -> dict[str, int]:
    """Counts for the dashboard panel (the panel itself checks the viewer)."""
    return {
        "users": UserRegistration.objects.filter(state=RegistrationState.APPLIED).count(),
        "groups": Group.objects.filter(state=RegistrationState.APPLIED).count(),
    }


def get_registration_for_staff(user: Any, pk: int) -> UserRegistration:
    _require_view(user)
    registration = UserRegistration.objects.select_related("user").filter(pk=pk).first()
    if registration is None:
        raise Http404
    return registration


def get_group_for_staff(user: Any, pk: int) -> Group:
    _require_view(user)
    group = Group.objects.select_related("representative").filter(pk=pk).first()
    if group is None:
        raise Http404
    return group


def _digits(value: str) -> str:
    return "".join(ch for ch in normalize_width(value) if ch.isdigit())


def search_registrations(user: Any, query: str, *, limit: int = 50) -> QuerySet[UserRegistration]:
    """Staff search by name, kana (hiragana or katakana, full or half width, spaces
    ignored), 利用者番号 or phone (hyphens ignored)."""
    _require_view(user)
    query = normalize_width(query or "").strip()
    if not query:
        return UserRegistration.objects.none()
    rows = UserRegistration.objects.annotate(
        kana_key=Replace(F("name_kana"), Value(" "), Value("")),
        name_key=Replace(F("name"), Value(" "), Value("")),
        phone_key=Replace(F("phone"), Value("-"), Value("")),
    )
    compact = query.replace(" ", "")
    condition = Q(name_key__icontains=compact) | Q(number__iexact=query)
    kana = normalize_kana(query).replace(" ", "")
    if kana:
        condition |= Q(kana_key__icontains=kana)
    digits = _digits(query)
    if len(digits) >= 3:
        condition |= Q(phone_key__contains=digits) | Q(number__contains=digits)
    return rows.filter(condition).order_by("name_kana", "pk")[:limit]
