"""世帯変更: change of head or 続柄, 世帯分離 (split at the same address), 世帯合併 (join)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import events
from ..models import Household, Movement, MovementSource, Person, Relationship, Status
from .common import (
    Address,
    check_active,
    check_relationships,
    one_household,
    rearrange_remaining,
    same_address,
)
from .people import new_household
from .recorder import Recorder, check_actor, latest_valid_from, lock_households, lock_people
from .validation import check_current, check_movement_dates, check_not_before, field_error

COUNTER = MovementSource.COUNTER


def _start(
    actor: Any,
    people: Sequence[Person],
    *,
    effective_on: datetime.date,
    notified_on: datetime.date | None,
    purpose: str,
    extra: Household | None = None,
) -> list[Person]:
    check_actor(actor, purpose)
    check_movement_dates(events.HOUSEHOLD_CHANGE, effective_on, notified_on, timezone.localdate())
    one_household(people)
    lock_households([*(person.household for person in people), extra])
    fresh = lock_people(people)
    people = [fresh[person.pk] for person in people]
    check_current(people)
    check_not_before(people, effective_on, latest_valid_from(p.pk for p in people))
    return people


def _recorder(actor, effective_on, notified_on, note, purpose, request, source, external_id):
    return Recorder(
        actor,
        kind=events.HOUSEHOLD_CHANGE,
        effective_on=effective_on,
        notified_on=notified_on,
        source=source,
        note=note,
        external_id=external_id,
        purpose=purpose,
        request=request,
    )


@transaction.atomic
def record_household_change(
    actor: Any,
    household: Household,
    *,
    effective_on: datetime.date,
    relationships: Mapping[int, str],
    notified_on: datetime.date | None = None,
    note: str = "",
    purpose: str = "resident_change",
    request: HttpRequest | None = None,
    source: str = COUNTER,
    external_id: str = "",
) -> Movement:
    """世帯主の変更 and 続柄の変更 within one household (``relationships``: person id → 続柄).

    Afterwards the household has exactly one head.
    """
    relabel = dict(relationships)
    check_relationships(relabel)
    members = list(household.members.filter(status=Status.RESIDENT).order_by("pk"))
    if not members:
        check_active(household)
    people = _start(
        actor, members, effective_on=effective_on, notified_on=notified_on, purpose=purpose
    )
    by_id = {person.pk: person for person in people}
    if set(relabel) - set(by_id):
        raise field_error(
            "relationships", _("この世帯の人の続柄だけを変更できます。"), "invalid_choice"
        )
    changed = [p for p in people if relabel.get(p.pk, p.relationship) != p.relationship]
    if not changed:
        raise ValidationError(_("続柄が変わっていません。"), code="no_change")
    heads = [p for p in people if relabel.get(p.pk, p.relationship) == Relationship.HEAD]
    if len(heads) != 1:
        raise field_error(
            "relationships",
            _("世帯には世帯主が1人必要です（%(heads)s 人）。"),
            "head_required" if not heads else "second_head",
            {"heads": len(heads)},
        )
    recorder = _recorder(
        actor, effective_on, notified_on, note, purpose, request, source, external_id
    )
    changed.sort(key=lambda p: relabel[p.pk] == Relationship.HEAD)  # demotions first
    for person in changed:
        person.relationship = relabel[person.pk]
        recorder.person_changed(person, ["relationship"])
    recorder.check_heads([household])
    return recorder.finish()


@transaction.atomic
def split_household(
    actor: Any,
    people: Sequence[Person],
    *,
    effective_on: datetime.date,
    relationships: Mapping[int, str],
    new_head: Person | None = None,
    remaining_relationships: Mapping[int, str] | None = None,
    notified_on: datetime.date | None = None,
    note: str = "",
    purpose: str = "resident_change",
    request: HttpRequest | None = None,
    source: str = COUNTER,
    external_id: str = "",
) -> Movement:
    """世帯分離: ``people`` form a new household at the same address.

    ``relationships`` (person id → 続柄) gives their 続柄 in the new household,
    exactly one head; the head rule applies to those who stay.
    """
    relabel = dict(relationships)
    check_relationships(relabel)
    people = _start(
        actor, people, effective_on=effective_on, notified_on=notified_on, purpose=purpose
    )
    source_household = Household.objects.select_related("town_area").get(pk=people[0].household_id)
    mover_ids = {person.pk for person in people}
    head_left = any(person.relationship == Relationship.HEAD for person in people)
    if set(relabel) - mover_ids:
        raise field_error(
            "relationships", _("分離する人の続柄だけを指定できます。"), "invalid_choice"
        )
    if (
        not source_household.members.filter(status=Status.RESIDENT)
        .exclude(pk__in=mover_ids)
        .exists()
    ):
        raise ValidationError(_("世帯全員を分離することはできません。"), code="whole_household")
    heads = [p for p in people if relabel.get(p.pk, p.relationship) == Relationship.HEAD]
    if len(heads) != 1:
        raise field_error(
            "relationships",
            _("新しい世帯には世帯主が1人必要です（%(heads)s 人）。"),
            "head_required" if not heads else "second_head",
            {"heads": len(heads)},
        )
    recorder = _recorder(
        actor, effective_on, notified_on, note, purpose, request, source, external_id
    )
    target = new_household(
        source_household.town_area, source_household.banchi, source_household.katagaki
    )
    target.save()
    recorder.household_changed(target, save=False)
    for person in sorted(
        people, key=lambda p: relabel.get(p.pk, p.relationship) == Relationship.HEAD
    ):
        person.household = target
        person.relationship = relabel.get(person.pk, person.relationship)
        recorder.person_changed(person, ["household", "relationship"])
    rearrange_remaining(
        recorder,
        source_household,
        people,
        new_head=new_head,
        remaining_relationships=remaining_relationships,
        head_left=head_left,
    )
    recorder.check_heads([target])
    return recorder.finish()


@transaction.atomic
def join_household(
    actor: Any,
    people: Sequence[Person],
    target: Household,
    *,
    effective_on: datetime.date,
    relationships: Mapping[int, str],
    new_head: Person | None = None,
    remaining_relationships: Mapping[int, str] | None = None,
    notified_on: datetime.date | None = None,
    note: str = "",
    purpose: str = "resident_change",
    request: HttpRequest | None = None,
    source: str = COUNTER,
    external_id: str = "",
) -> Movement:
    """世帯合併: ``people`` join ``target``, a household at the same address (none as head).

    A household at another address is a 転居 (:func:`record_move_within`).
    """
    relabel = dict(relationships)
    check_relationships(relabel)
    people = _start(
        actor,
        people,
        effective_on=effective_on,
        notified_on=notified_on,
        purpose=purpose,
        extra=target,
    )
    source_household = Household.objects.select_related("town_area").get(pk=people[0].household_id)
    target = Household.objects.select_related("town_area").get(pk=target.pk)
    if target.pk == source_household.pk:
        raise field_error("household", _("同じ世帯です。"), "same_household")
    check_active(target)
    here = Address(
        source_household.town_area, source_household.banchi, source_household.katagaki
    ).cleaned()
    if not same_address(target, here):
        raise field_error(
            "household",
            _("住所が異なる世帯に加わるときは転居として記録してください。"),
            "different_address",
        )
    head_left = any(person.relationship == Relationship.HEAD for person in people)
    if set(relabel) - {person.pk for person in people}:
        raise field_error(
            "relationships", _("加わる人の続柄だけを指定できます。"), "invalid_choice"
        )
    if any(relabel.get(p.pk, p.relationship) == Relationship.HEAD for p in people):
        raise field_error(
            "relationships",
            _("加わる世帯には既に世帯主がいます。加わる人の続柄を選んでください。"),
            "second_head",
        )
    recorder = _recorder(
        actor, effective_on, notified_on, note, purpose, request, source, external_id
    )
    for person in people:
        person.household = target
        person.relationship = relabel.get(person.pk, person.relationship)
        recorder.person_changed(person, ["household", "relationship"])
    rearrange_remaining(
        recorder,
        source_household,
        people,
        new_head=new_head,
        remaining_relationships=remaining_relationships,
        head_left=head_left,
    )
    recorder.check_heads([target])
    return recorder.finish()
