"""転居: moving within the city (the whole household, part of it, or into another household)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

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
    household_full_address,
    latest_household_change,
    locked_people,
    one_household,
    rearrange_remaining,
    same_address,
)
from .people import new_household
from .recorder import Recorder, check_actor, latest_valid_from
from .validation import check_current, check_movement_dates, check_not_before, field_error

COUNTER = MovementSource.COUNTER


@transaction.atomic
def record_move_within(
    actor: Any,
    people: Sequence[Person],
    *,
    effective_on: datetime.date,
    address: Address | None = None,
    household: Household | None = None,
    notified_on: datetime.date | None = None,
    relationships: Mapping[int, str] | None = None,
    new_head: Person | None = None,
    remaining_relationships: Mapping[int, str] | None = None,
    note: str = "",
    purpose: str = "resident_change",
    request: HttpRequest | None = None,
    source: str = COUNTER,
    external_id: str = "",
) -> Movement:
    """転居: people of one household move to another address in the city.

    * every current member to ``address``: the household moves (same 世帯番号,
      its address history gains a version);
    * some of them to ``address``: they form a new household there (exactly one
      head among them after ``relationships``, person id → 続柄);
    * to ``household``: they join that household at its address (none as head).

    Each mover's 住所を定めた年月日 becomes ``effective_on`` and their 従前の住所
    the old address.  The head rule for those who stay is as for 転出.
    """
    check_actor(actor, purpose)
    check_movement_dates(events.MOVE_WITHIN, effective_on, notified_on, timezone.localdate())
    source_household = one_household(people)
    if (address is None) == (household is None):
        raise field_error(
            "address",
            _("新しい住所か、加わる世帯のどちらかを指定してください。"),
            "destination_required",
        )
    relabel = dict(relationships or {})
    check_relationships(relabel)
    people = locked_people(people, household)
    source_household = Household.objects.select_related("town_area").get(pk=source_household.pk)
    check_current(people)
    latest = latest_valid_from(p.pk for p in people)
    check_not_before(people, effective_on, latest)
    mover_ids = {person.pk for person in people}
    head_left = any(person.relationship == Relationship.HEAD for person in people)
    if set(relabel) - mover_ids:
        raise field_error(
            "relationships", _("転居する人の続柄だけを指定できます。"), "invalid_choice"
        )
    stays = source_household.members.filter(status=Status.RESIDENT).exclude(pk__in=mover_ids)
    whole = not stays.exists()
    old_address = household_full_address(source_household)
    if household is not None:
        target = Household.objects.select_related("town_area").get(pk=household.pk)
        if target.pk == source_household.pk:
            raise field_error("household", _("同じ世帯には転居できません。"), "same_household")
        check_active(target)
        if same_address(
            target,
            Address(
                source_household.town_area, source_household.banchi, source_household.katagaki
            ).cleaned(),
        ):
            raise field_error(
                "household",
                _("同じ住所の世帯に加わるときは世帯変更で記録してください。"),
                "use_household_change",
            )
    else:
        assert address is not None
        address = address.cleaned()
        if same_address(source_household, address):
            raise field_error("address", _("今の住所と同じです。"), "same_address")
    last_household_change = latest_household_change(source_household)
    if whole and last_household_change and effective_on < last_household_change:
        raise field_error(
            "effective_on",
            _("異動日が世帯の直前の記載より前です。"),
            "before_previous_change",
        )
    recorder = Recorder(
        actor,
        kind=events.MOVE_WITHIN,
        effective_on=effective_on,
        notified_on=notified_on,
        source=source,
        note=note,
        external_id=external_id,
        purpose=purpose,
        request=request,
    )
    fields = ["household", "address_set_on", "previous_address"]
    if household is None and whole:
        assert address is not None
        source_household.town_area = address.town_area
        source_household.banchi = address.banchi
        source_household.katagaki = address.katagaki
        source_household.full_clean(exclude=["town_area"])
        recorder.household_changed(source_household)
        target = source_household
        if relabel:
            raise field_error(
                "relationships",
                _("世帯全員の転居では続柄は変わりません。"),
                "invalid_choice",
            )
    elif household is None:
        assert address is not None
        target = new_household(address.town_area, address.banchi, address.katagaki)
        target.save()
        recorder.household_changed(target, save=False)
        heads = [
            person
            for person in people
            if relabel.get(person.pk, person.relationship) == Relationship.HEAD
        ]
        if len(heads) != 1:
            raise field_error(
                "relationships",
                _("新しい世帯には世帯主が1人必要です（%(heads)s 人）。"),
                "head_required" if not heads else "second_head",
                {"heads": len(heads)},
            )
        fields.append("relationship")
    else:
        if any(relabel.get(p.pk, p.relationship) == Relationship.HEAD for p in people):
            raise field_error(
                "relationships",
                _("加わる世帯には既に世帯主がいます。転居する人の続柄を選んでください。"),
                "second_head",
            )
        fields.append("relationship")
    for person in sorted(
        people, key=lambda p: relabel.get(p.pk, p.relationship) == Relationship.HEAD
    ):
        person.household = target
        person.relationship = relabel.get(person.pk, person.relationship)
        person.address_set_on = effective_on
        person.previous_address = old_address
        recorder.person_changed(person, fields)
    if target.pk != source_household.pk:
        rearrange_remaining(
            recorder,
            source_household,
            people,
            new_head=new_head,
            remaining_relationships=remaining_relationships,
            head_left=head_left,
        )
        recorder.check_heads([target])
    elif new_head is not None or remaining_relationships:
        raise field_error("new_head", _("世帯全員が転居します。"), "new_head_invalid")
    return recorder.finish()
