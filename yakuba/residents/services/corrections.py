"""職権修正: correcting a recorded value from a past date on, without overwriting anything.

A correction never changes a row.  It appends, in one movement, a corrected
copy of every version that showed the wrong value:

* the version in force on ``effective_on`` is copied with ``valid_from`` =
  ``effective_on`` and the new value;
* each later version (the winner of its ``valid_from``) is copied with the new
  value **as long as it still held the old value** — the first later version
  where the field had changed anyway (a real later 異動) ends the corrected
  period, so later history is kept.

As-of reads then pick the corrected copies (same or later ``valid_from``,
later recording); "as known at T" before the correction still sees the old
rows.  The current row is re-projected from the latest version.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import events, history
from ..models import (
    REGISTRY_FIELDS,
    Household,
    HouseholdVersion,
    Movement,
    MovementSource,
    Person,
    PersonVersion,
    Relationship,
    Sex,
)
from .common import Address
from .recorder import Recorder, check_actor, lock_households, lock_people, project
from .validation import (
    Errors,
    check_movement_dates,
    clean_kana,
    clean_name,
    clean_text,
    field_error,
)

#: What a 職権修正 of a person may change (the address is corrected per household,
#: the status by 転入/転出/死亡, the household and head by 世帯変更).
CORRECTABLE_FIELDS = (
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "former_family_name",
    "birth_date",
    "sex",
    "relationship",
    "became_resident_on",
    "address_set_on",
    "previous_address",
    "registered_domicile",
    "domicile_head",
    "next_address",
)
_DATES = ("birth_date", "became_resident_on", "address_set_on")
_VERSION_VALUES = tuple(name for name in REGISTRY_FIELDS if name != "household")


def _clean_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    errors = Errors()
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in CORRECTABLE_FIELDS:
            raise ValidationError(
                _("%(field)s は職権修正では変更できません。"),
                code="not_correctable",
                params={"field": name},
            )
        if name in ("family_name", "given_name"):
            cleaned[name] = clean_name(value)
            if not cleaned[name]:
                errors.add(name, _("入力してください。"), "required")
        elif name in ("family_name_kana", "given_name_kana"):
            cleaned[name] = clean_kana(errors, name, value)
        elif name in ("former_family_name", "domicile_head"):
            cleaned[name] = clean_name(value)
        elif name in _DATES:
            if not isinstance(value, datetime.date):
                errors.add(name, _("日付を入力してください。"), "required")
            elif value > timezone.localdate():
                errors.add(name, _("未来の日付は指定できません。"), "future_date")
            cleaned[name] = value
        elif name == "sex":
            if value not in Sex.values:
                errors.add(name, _("性別を選んでください。"), "invalid_choice")
            cleaned[name] = value
        elif name == "relationship":
            if value not in Relationship.values:
                errors.add(name, _("続柄を選んでください。"), "invalid_choice")
            cleaned[name] = value
        else:
            cleaned[name] = clean_text(value)
    errors.raise_if_any()
    return cleaned


def _copy(version: PersonVersion, movement: Movement, valid_from: datetime.date) -> PersonVersion:
    return PersonVersion(
        person_id=version.person_id,
        movement=movement,
        valid_from=valid_from,
        recorded_at=movement.recorded_at,
        household_id=version.household_id,
        town_area_id=version.town_area_id,
        banchi=version.banchi,
        katagaki=version.katagaki,
        **{name: getattr(version, name) for name in _VERSION_VALUES},
    )


def _periods(timeline: list, effective_on: datetime.date) -> list[tuple[datetime.date, Any]]:
    """(valid_from, winner) from ``effective_on`` on: the winner then in force, then later ones."""
    base = None
    later = []
    for version in timeline:
        if version.valid_from <= effective_on:
            base = version
        else:
            later.append((version.valid_from, version))
    if base is None:
        raise field_error(
            "effective_on",
            _("この日付にはまだ記載がありません。最初の記載の日以降を指定してください。"),
            "not_recorded_on_date",
        )
    return [(effective_on, base), *later]


def _check_dates(copy: PersonVersion) -> None:
    if copy.became_resident_on < copy.birth_date:
        raise field_error(
            "became_resident_on",
            _("住民となった年月日は生年月日以降にしてください。"),
            "dates_ordered",
        )
    if copy.address_set_on < copy.became_resident_on:
        raise field_error(
            "address_set_on",
            _("住所を定めた年月日は住民となった年月日以降にしてください。"),
            "dates_ordered",
        )
    if copy.removed_on is not None and copy.removed_on < copy.address_set_on:
        raise field_error(
            "address_set_on",
            _("住所を定めた年月日は消除日より前にしてください。"),
            "dates_ordered",
        )


@transaction.atomic
def correct_person(
    actor: Any,
    person: Person,
    *,
    effective_on: datetime.date,
    changes: Mapping[str, Any],
    reason: str,
    note: str = "",
    purpose: str = "resident_correction",
    request: HttpRequest | None = None,
    source: str = MovementSource.COUNTER,
    external_id: str = "",
) -> Movement:
    """職権修正 of a person's fields (``changes``: field → correct value) from ``effective_on``.

    Works on current records and 除票 alike.  ``reason`` (the 修正事由) is
    required.  A relationship cannot be corrected to or from 世帯主 (that is a
    世帯変更).
    """
    check_actor(actor, purpose)
    reason = clean_text(reason)
    if not reason:
        raise field_error("reason", _("修正の事由を入力してください。"), "required")
    check_movement_dates(events.CORRECTION, effective_on, None, timezone.localdate())
    cleaned = _clean_changes(changes)
    lock_households([person.household])
    person = lock_people([person])[person.pk]
    periods = _periods(history.timeline(person.pk), effective_on)
    copies: dict[datetime.date, PersonVersion] = {}
    changed: set[str] = set()
    for name, new in cleaned.items():
        old = getattr(periods[0][1], name)
        if old == new:
            continue
        for valid_from, winner in periods:
            if getattr(winner, name) != old:
                break
            if name == "relationship" and Relationship.HEAD in (old, new):
                raise field_error(
                    "relationship",
                    _("世帯主の変更は世帯変更で記録してください。"),
                    "use_household_change",
                )
            copy = copies.get(valid_from)
            if copy is None:
                copy = copies[valid_from] = _copy(winner, Movement(), valid_from)
            setattr(copy, name, new)
            changed.add(name)
    if not copies:
        raise ValidationError(_("変更する内容がありません。"), code="no_change")
    for copy in copies.values():
        _check_dates(copy)
    recorder = Recorder(
        actor,
        kind=events.CORRECTION,
        effective_on=effective_on,
        source=source,
        reason=reason,
        note=note,
        external_id=external_id,
        purpose=purpose,
        request=request,
    )
    for valid_from in sorted(copies):
        copy = copies[valid_from]
        copy.movement = recorder.movement
        copy.recorded_at = recorder.movement.recorded_at
        copy.save(force_insert=True)
    recorder.touched(person.pk, changed)
    project(person)
    return recorder.finish()


@transaction.atomic
def correct_household_address(
    actor: Any,
    household: Household,
    *,
    effective_on: datetime.date,
    address: Address,
    reason: str,
    note: str = "",
    purpose: str = "resident_correction",
    request: HttpRequest | None = None,
    source: str = MovementSource.COUNTER,
    external_id: str = "",
) -> Movement:
    """職権修正 of a household's address (e.g. a mistyped 番地) from ``effective_on``.

    The household's versions and those of every person who lived in it with
    the wrong address during the corrected period get corrected copies.
    """
    check_actor(actor, purpose)
    reason = clean_text(reason)
    if not reason:
        raise field_error("reason", _("修正の事由を入力してください。"), "required")
    check_movement_dates(events.CORRECTION, effective_on, None, timezone.localdate())
    address = address.cleaned()
    if not address.banchi:
        raise field_error("banchi", _("番地を入力してください。"), "required")
    lock_households([household])
    household = Household.objects.select_related("town_area").get(pk=household.pk)
    periods = _periods(history.household_timeline(household.pk), effective_on)
    old = (periods[0][1].town_area_id, periods[0][1].banchi, periods[0][1].katagaki)
    new = (address.town_area.pk, address.banchi, address.katagaki)
    if old == new:
        raise ValidationError(_("住所が変わっていません。"), code="no_change")
    corrected: list[tuple[datetime.date, HouseholdVersion]] = []
    end: datetime.date | None = None
    for valid_from, winner in periods:
        if (winner.town_area_id, winner.banchi, winner.katagaki) != old:
            end = valid_from
            break
        corrected.append((valid_from, winner))
    recorder = Recorder(
        actor,
        kind=events.CORRECTION,
        effective_on=effective_on,
        source=source,
        reason=reason,
        note=note,
        external_id=external_id,
        purpose=purpose,
        request=request,
    )
    for valid_from, winner in corrected:
        HouseholdVersion(
            household=household,
            movement=recorder.movement,
            valid_from=valid_from,
            recorded_at=recorder.movement.recorded_at,
            town_area=address.town_area,
            banchi=address.banchi,
            katagaki=address.katagaki,
            dissolved=winner.dissolved,
        ).save(force_insert=True)
    person_ids = set(
        PersonVersion.objects.filter(household=household).values_list("person_id", flat=True)
    )
    for person_id in sorted(person_ids):
        try:
            person_periods = _periods(history.timeline(person_id), effective_on)
        except ValidationError:
            person_periods = [
                (version.valid_from, version)
                for version in history.timeline(person_id)
                if version.valid_from > effective_on
            ]
        wrote = False
        for valid_from, winner in person_periods:
            if end is not None and valid_from >= end:
                break
            if winner.household_id != household.pk:
                continue
            if (winner.town_area_id, winner.banchi, winner.katagaki) != old:
                continue
            copy = _copy(winner, recorder.movement, valid_from)
            copy.town_area_id, copy.banchi, copy.katagaki = new
            copy.save(force_insert=True)
            wrote = True
        if wrote:
            recorder.touched(person_id, ["address"])
    latest = history.household_timeline(household.pk)[-1]
    if (latest.town_area_id, latest.banchi, latest.katagaki) != (
        household.town_area_id,
        household.banchi,
        household.katagaki,
    ):
        household.town_area_id = latest.town_area_id
        household.banchi = latest.banchi
        household.katagaki = latest.katagaki
        household.save()
    if not recorder.has_changes:
        # A household whose members all left before the corrected period: nobody's
        # record changed, but the movement stands for the household's own history.
        return recorder.movement
    return recorder.finish()
