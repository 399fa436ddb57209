"""The timeline of a person's movements, with what each one changed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import format_date_both

from .. import history
from ..models import Movement, Person, PersonVersion, Relationship, RemovalReason, Sex, Status
from .base import _record_reads, _require_purpose, _require_reader, people_for

# ----------------------------------------------------------------------- timeline


#: What the timeline shows (recorded as one item of the access record).
TIMELINE_FIELDS = ("history",)

FIELD_LABELS = {
    "resident_code": _("住民票コード"),
    "family_name": _("氏"),
    "given_name": _("名"),
    "family_name_kana": _("氏（カナ）"),
    "given_name_kana": _("名（カナ）"),
    "former_family_name": _("旧氏"),
    "birth_date": _("生年月日"),
    "sex": _("性別"),
    "address": _("住所"),
    "household_id": _("世帯"),
    "relationship": _("続柄"),
    "became_resident_on": _("住民となった年月日"),
    "address_set_on": _("住所を定めた年月日"),
    "previous_address": _("従前の住所"),
    "registered_domicile": _("本籍"),
    "domicile_head": _("筆頭者"),
    "status": _("状態"),
    "removed_on": _("消除日"),
    "removal_reason": _("消除事由"),
    "next_address": _("転出先"),
}
_CHOICE_LABELS = {
    "sex": dict(Sex.choices),
    "relationship": dict(Relationship.choices),
    "status": dict(Status.choices),
    "removal_reason": dict(RemovalReason.choices),
}


def _display(name: str, value: Any, households: dict[int, str]) -> str:
    if value in (None, ""):
        return "—"
    if name in _CHOICE_LABELS:
        return str(_CHOICE_LABELS[name].get(value, value))
    if isinstance(value, datetime.date):
        return format_date_both(value)
    if name == "household_id":
        return households.get(value, str(value))
    return str(value)


@dataclass(frozen=True)
class ShownChange:
    """One changed item of a timeline entry, ready to show."""

    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class TimelineEntry:
    """One movement that touched the person, and what it changed for them."""

    movement: Movement
    valid_from: datetime.date
    changes: list[ShownChange]
    recorded_by: str


def person_timeline_for(
    user: Any, pk: int, purpose: str, *, request: HttpRequest | None = None
) -> list[TimelineEntry]:
    """Every movement of the person, oldest 異動日 first, with the items it changed.

    Each change compares the person's new version with the one in force on
    the same day as known just before the movement was recorded, so a
    correction shows the value it replaced.  One access record (item
    ``history``) for the person.
    """
    _require_reader(user)
    _require_purpose(purpose)
    if not people_for(user).filter(pk=pk).exists():
        raise Http404
    versions = list(
        PersonVersion.objects.filter(person_id=pk)
        .select_related("town_area", "household", "movement", "movement__recorded_by")
        .order_by("recorded_at", "pk")
    )
    households = {version.household_id: version.household.household_number for version in versions}
    by_movement: dict[int, list[PersonVersion]] = {}
    for version in versions:
        by_movement.setdefault(version.movement_id, []).append(version)
    entries = []
    for movement_versions in by_movement.values():
        movement = movement_versions[0].movement
        first = movement_versions[0].pk
        earlier = [v for v in versions if v.movement_id != movement.pk and v.pk < first]
        seen: dict[str, ShownChange] = {}
        for version in movement_versions:
            candidates = [v for v in earlier if v.valid_from <= version.valid_from]
            before = max(
                candidates, key=lambda v: (v.valid_from, v.recorded_at, v.pk), default=None
            )
            for change in history.compare(before, version):
                if change.field not in seen:
                    seen[change.field] = ShownChange(
                        change.field,
                        str(FIELD_LABELS.get(change.field, change.field)),
                        _display(change.field, change.before, households),
                        _display(change.field, change.after, households),
                    )
        actor = movement.recorded_by
        entries.append(
            TimelineEntry(
                movement,
                min(version.valid_from for version in movement_versions),
                list(seen.values()),
                str(actor) if actor is not None else str(movement.get_source_display()),
            )
        )
    entries.sort(key=lambda entry: (entry.valid_from, entry.movement.recorded_at))
    with transaction.atomic():
        _record_reads(user, [Person(pk=pk)], TIMELINE_FIELDS, purpose, request)
    return entries
