"""The 異動 services: 転入, 転出, 出生, 死亡, 氏名変更 (転居: :mod:`.moves`).

Each one is atomic, checks the policy (市民課 operator; ``actor=None`` is the
system), validates (see :mod:`.validation`; messages in Japanese with codes),
appends the movement and the versions, updates the current rows, writes one
access record per person for a staff actor, and sends ``movement_recorded``
after commit.  A failure raises ``ValidationError`` and leaves nothing written.
"""

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
from ..models import (
    Household,
    Movement,
    MovementSource,
    Person,
    Relationship,
    RemovalReason,
    Status,
)
from .common import (
    Address,
    check_active,
    latest_household_change,
    locked_people,
    one_household,
    rearrange_remaining,
)
from .moves import record_move_within
from .people import NewPerson, build_person, new_household, new_resident_code
from .recorder import (
    Recorder,
    check_actor,
    latest_valid_from,
    lock_households,
)
from .validation import (
    Errors,
    check_current,
    check_movement_dates,
    check_not_before,
    clean_kana,
    clean_name,
    clean_text,
    field_error,
)

COUNTER = MovementSource.COUNTER


# ------------------------------------------------------------------------- 転入


def _returning_person(code: str) -> Person | None:
    """A 除票 that comes back (the 住民票コード is national and stays with the person)."""
    if not code:
        return None
    person = Person.objects.select_for_update().filter(resident_code=code).first()
    if person is None:
        return None
    if person.status == Status.RESIDENT:
        raise field_error(
            "resident_code",
            _("住民票コード %(code)s の人は既に住民として記録されています。"),
            "already_resident",
            {"code": code},
        )
    if person.removal_reason == RemovalReason.DEATH:
        raise field_error(
            "resident_code",
            _("住民票コード %(code)s の人は死亡により消除されています。"),
            "person_dead",
            {"code": code},
        )
    return person


@transaction.atomic
def record_move_in(
    actor: Any,
    people: Sequence[NewPerson],
    *,
    effective_on: datetime.date,
    previous_address: str,
    address: Address | None = None,
    household: Household | None = None,
    notified_on: datetime.date | None = None,
    note: str = "",
    purpose: str = "resident_change",
    request: HttpRequest | None = None,
    source: str = COUNTER,
    external_id: str = "",
) -> Movement:
    """転入: people moving in from outside the city, into a new household at ``address``
    (exactly one of them the head) or joining ``household`` (none of them head).

    Each becomes resident and sets their address on ``effective_on``; their
    従前の住所 is ``previous_address``.  A 住民票コード that belongs to a 除票
    (someone who moved out and comes back) re-opens that record.
    """
    check_actor(actor, purpose)
    today = timezone.localdate()
    check_movement_dates(events.MOVE_IN, effective_on, notified_on, today)
    if not people:
        raise ValidationError(_("転入する人を入力してください。"), code="no_people")
    if (address is None) == (household is None):
        raise field_error(
            "address",
            _("新しい世帯の住所か、加わる世帯のどちらかを指定してください。"),
            "destination_required",
        )
    previous_address = clean_text(previous_address)
    if not previous_address:
        raise field_error("previous_address", _("従前の住所を入力してください。"), "required")
    heads = sum(1 for data in people if data.relationship == Relationship.HEAD)
    if household is None and heads != 1:
        raise field_error(
            "relationship",
            _("新しい世帯には世帯主が1人必要です（%(heads)s 人が世帯主になっています）。"),
            "head_required" if heads == 0 else "second_head",
            {"heads": heads},
        )
    if household is not None:
        lock_households([household])
        check_active(household)
        if heads:
            raise field_error("relationship", _("この世帯には既に世帯主がいます。"), "second_head")
        target = household
    else:
        assert address is not None
        address = address.cleaned()
        target = new_household(address.town_area, address.banchi, address.katagaki)
    built = []
    for data in people:
        if data.birth_date is not None and effective_on < data.birth_date:
            raise field_error(
                "effective_on",
                _("異動日が %(name)s さんの生年月日より前です。"),
                "event_before_birth",
                {"name": f"{clean_name(data.family_name)} {clean_name(data.given_name)}"},
            )
        person = build_person(
            NewPerson(
                **{
                    **data.__dict__,
                    "became_resident_on": effective_on,
                    "address_set_on": effective_on,
                    "previous_address": previous_address,
                }
            ),
            target,
            today,
        )
        built.append((person, _returning_person(person.resident_code)))
    codes = [person.resident_code for person, _old in built if person.resident_code]
    if len(codes) != len(set(codes)):
        raise field_error("resident_code", _("住民票コードが重複しています。"), "duplicate_code")
    returning = [old for _person, old in built if old is not None]
    check_not_before(returning, effective_on, latest_valid_from(p.pk for p in returning))
    recorder = Recorder(
        actor,
        kind=events.MOVE_IN,
        effective_on=effective_on,
        notified_on=notified_on,
        source=source,
        note=note,
        external_id=external_id,
        purpose=purpose,
        request=request,
    )
    if household is None:
        target.save()
        recorder.household_changed(target, save=False)
    # Non-heads first: the one-head constraint then sees the head last.
    for person, old in sorted(built, key=lambda pair: pair[0].relationship == Relationship.HEAD):
        if old is None:
            person.resident_code = person.resident_code or new_resident_code()
            recorder.person_changed(person, _MOVE_IN_FIELDS, created=True)
        else:
            for name in _MOVE_IN_FIELDS:
                setattr(old, name, getattr(person, name))
            old.status, old.removed_on, old.removal_reason, old.next_address = (
                Status.RESIDENT,
                None,
                "",
                "",
            )
            recorder.person_changed(old, [*_MOVE_IN_FIELDS, "status", "removed_on"])
    recorder.check_heads([target])
    return recorder.finish()


_MOVE_IN_FIELDS = (
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "former_family_name",
    "birth_date",
    "sex",
    "household",
    "relationship",
    "became_resident_on",
    "address_set_on",
    "previous_address",
    "registered_domicile",
    "domicile_head",
)


# ------------------------------------------------------------------- 転出・死亡


def _remove(
    actor: Any,
    people: Sequence[Person],
    *,
    kind: str,
    reason: str,
    effective_on: datetime.date,
    notified_on: datetime.date | None,
    next_address: str,
    new_head: Person | None,
    remaining_relationships: Mapping[int, str] | None,
    note: str,
    purpose: str,
    request: HttpRequest | None,
    source: str,
    external_id: str,
) -> Movement:
    check_actor(actor, purpose)
    check_movement_dates(kind, effective_on, notified_on, timezone.localdate())
    household = one_household(people)
    people = locked_people(people)
    check_current(people)
    check_not_before(people, effective_on, latest_valid_from(p.pk for p in people))
    recorder = Recorder(
        actor,
        kind=kind,
        effective_on=effective_on,
        notified_on=notified_on,
        source=source,
        note=note,
        external_id=external_id,
        purpose=purpose,
        request=request,
    )
    for person in people:
        person.status = Status.REMOVED
        person.removed_on = effective_on
        person.removal_reason = reason
        person.next_address = next_address
        recorder.person_changed(person, ["status", "removed_on", "removal_reason", "next_address"])
    household = Household.objects.get(pk=household.pk)
    rearrange_remaining(
        recorder,
        household,
        people,
        new_head=new_head,
        remaining_relationships=remaining_relationships,
    )
    return recorder.finish()


@transaction.atomic
def record_move_out(
    actor: Any,
    people: Sequence[Person],
    *,
    effective_on: datetime.date,
    destination: str,
    notified_on: datetime.date | None = None,
    new_head: Person | None = None,
    remaining_relationships: Mapping[int, str] | None = None,
    note: str = "",
    purpose: str = "resident_change",
    request: HttpRequest | None = None,
    source: str = COUNTER,
    external_id: str = "",
) -> Movement:
    """転出: people of one household leave the city; their records become 除票 (kept).

    ``effective_on`` is the 転出日 or, when notified in advance, the 転出予定日
    (the only 異動日 that may lie in the future).  ``destination`` is the 転出先.
    When the head leaves and others stay, ``new_head`` names the new head;
    when nobody stays, the household is dissolved.
    """
    destination = clean_text(destination)
    if not destination:
        raise field_error("destination", _("転出先の住所を入力してください。"), "required")
    return _remove(
        actor,
        people,
        kind=events.MOVE_OUT,
        reason=RemovalReason.MOVE_OUT,
        effective_on=effective_on,
        notified_on=notified_on,
        next_address=destination,
        new_head=new_head,
        remaining_relationships=remaining_relationships,
        note=note,
        purpose=purpose,
        request=request,
        source=source,
        external_id=external_id,
    )


@transaction.atomic
def record_death(
    actor: Any,
    person: Person,
    *,
    effective_on: datetime.date,
    notified_on: datetime.date | None = None,
    new_head: Person | None = None,
    remaining_relationships: Mapping[int, str] | None = None,
    note: str = "",
    purpose: str = "resident_change",
    request: HttpRequest | None = None,
    source: str = COUNTER,
    external_id: str = "",
) -> Movement:
    """死亡: the record becomes a 除票 from the date of death (the head rule as for 転出)."""
    return _remove(
        actor,
        [person],
        kind=events.DEATH,
        reason=RemovalReason.DEATH,
        effective_on=effective_on,
        notified_on=notified_on,
        next_address="",
        new_head=new_head,
        remaining_relationships=remaining_relationships,
        note=note,
        purpose=purpose,
        request=request,
        source=source,
        external_id=external_id,
    )


# ------------------------------------------------------------------------- 出生


@transaction.atomic
def record_birth(
    actor: Any,
    household: Household,
    child: NewPerson,
    *,
    notified_on: datetime.date | None = None,
    note: str = "",
    purpose: str = "resident_change",
    request: HttpRequest | None = None,
    source: str = COUNTER,
    external_id: str = "",
) -> Movement:
    """出生: a child born into ``household`` (resident and at this address from birth)."""
    check_actor(actor, purpose)
    today = timezone.localdate()
    if child.birth_date is None:
        raise field_error("birth_date", _("生年月日を入力してください。"), "required")
    if child.birth_date > today:
        raise field_error(
            "birth_date", _("生年月日に未来の日付は指定できません。"), "future_birth_date"
        )
    check_movement_dates(events.BIRTH, child.birth_date, notified_on, today)
    if child.relationship == Relationship.HEAD:
        raise field_error("relationship", _("出生した子を世帯主にはできません。"), "second_head")
    lock_households([household])
    household = Household.objects.select_related("town_area").get(pk=household.pk)
    check_active(household)
    last = latest_household_change(household)
    if last is not None and child.birth_date < last:
        raise field_error(
            "birth_date",
            _("生年月日が世帯の直前の記載（住所の変更など）より前です。職権で記載してください。"),
            "before_previous_change",
        )
    person = build_person(
        NewPerson(
            **{
                **child.__dict__,
                "became_resident_on": child.birth_date,
                "address_set_on": child.birth_date,
                "previous_address": "",
            }
        ),
        household,
        today,
    )
    _returning_code_check(person.resident_code)
    person.resident_code = person.resident_code or new_resident_code()
    recorder = Recorder(
        actor,
        kind=events.BIRTH,
        effective_on=child.birth_date,
        notified_on=notified_on,
        source=source,
        note=note,
        external_id=external_id,
        purpose=purpose,
        request=request,
    )
    recorder.person_changed(person, _MOVE_IN_FIELDS, created=True)
    return recorder.finish()


def _returning_code_check(code: str) -> None:
    if code and Person.objects.filter(resident_code=code).exists():
        raise field_error(
            "resident_code",
            _("住民票コード %(code)s は既に記録されています。"),
            "duplicate_code",
            {"code": code},
        )


# --------------------------------------------------------------------- 氏名変更


@transaction.atomic
def record_name_change(
    actor: Any,
    person: Person,
    *,
    effective_on: datetime.date,
    family_name: str,
    given_name: str,
    family_name_kana: str,
    given_name_kana: str,
    former_family_name: str | None = None,
    notified_on: datetime.date | None = None,
    note: str = "",
    purpose: str = "resident_change",
    request: HttpRequest | None = None,
    source: str = COUNTER,
    external_id: str = "",
) -> Movement:
    """氏名変更 (婚姻, 養子縁組, 氏の変更 … notified from the 戸籍); ``former_family_name``
    sets the 旧氏 (``None`` keeps it, ``""`` removes it)."""
    check_actor(actor, purpose)
    check_movement_dates(events.NAME_CHANGE, effective_on, notified_on, timezone.localdate())
    (person,) = locked_people([person])
    check_current([person])
    check_not_before([person], effective_on, latest_valid_from([person.pk]))
    errors = Errors()
    values = {
        "family_name": clean_name(family_name),
        "given_name": clean_name(given_name),
        "family_name_kana": clean_kana(errors, "family_name_kana", family_name_kana),
        "given_name_kana": clean_kana(errors, "given_name_kana", given_name_kana),
    }
    if not values["family_name"]:
        errors.add("family_name", _("氏を入力してください。"), "required")
    if not values["given_name"]:
        errors.add("given_name", _("名を入力してください。"), "required")
    if former_family_name is not None:
        values["former_family_name"] = clean_name(former_family_name)
    errors.raise_if_any()
    changed = [name for name, value in values.items() if getattr(person, name) != value]
    if not changed:
        raise ValidationError(_("氏名が変わっていません。"), code="no_change")
    recorder = Recorder(
        actor,
        kind=events.NAME_CHANGE,
        effective_on=effective_on,
        notified_on=notified_on,
        source=source,
        note=note,
        external_id=external_id,
        purpose=purpose,
        request=request,
    )
    for name in changed:
        setattr(person, name, values[name])
    recorder.person_changed(person, changed)
    return recorder.finish()


__all__ = [
    "record_birth",
    "record_death",
    "record_move_in",
    "record_move_out",
    "record_move_within",
    "record_name_change",
]
