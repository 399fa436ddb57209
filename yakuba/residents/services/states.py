"""Writing people's full state as one movement: the entry point for imports and sync adapters.

An adapter (``yakuba.residents.transfer``) that learns from another system
"this is how these people stand now" calls :func:`apply_person_states` with
the kind of change it detected.  The same validation as the counter services
applies to every field; the household rule (exactly one head among current
members) is checked after all states are applied; households are found or
created by 世帯番号 and their address history follows the states.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import normalize_width

from .. import events, history
from ..models import (
    REGISTRY_FIELDS,
    Household,
    Movement,
    Person,
    RemovalReason,
    Status,
    TownArea,
)
from .people import NewPerson, _initial_versions, build_person
from .recorder import (
    Recorder,
    check_actor,
    household_snapshot,
    integrity_message,
    lock_households,
    project,
    snapshot,
)
from .validation import clean_text, field_error

_VALUES = tuple(name for name in REGISTRY_FIELDS if name != "household")


@dataclass(frozen=True)
class PersonState:
    """Everything the register holds about one person, as another system states it.

    People are matched by ``resident_code`` and households by
    ``household_number``; the address is the household's (``town_area_code``
    is the 7-digit code of :class:`~yakuba.residents.models.TownArea`).
    """

    resident_code: str
    family_name: str
    given_name: str
    family_name_kana: str
    given_name_kana: str
    birth_date: datetime.date
    sex: str
    household_number: str
    town_area_code: str
    banchi: str
    relationship: str
    became_resident_on: datetime.date
    address_set_on: datetime.date
    katagaki: str = ""
    former_family_name: str = ""
    previous_address: str = ""
    registered_domicile: str = ""
    domicile_head: str = ""
    status: str = Status.RESIDENT
    removed_on: datetime.date | None = None
    removal_reason: str = ""
    next_address: str = ""


def _person_from_state(state: PersonState, household: Household, today: datetime.date) -> Person:
    person = build_person(
        NewPerson(
            family_name=state.family_name,
            given_name=state.given_name,
            family_name_kana=state.family_name_kana,
            given_name_kana=state.given_name_kana,
            birth_date=state.birth_date,
            sex=state.sex,
            relationship=state.relationship,
            became_resident_on=state.became_resident_on,
            address_set_on=state.address_set_on,
            previous_address=state.previous_address,
            registered_domicile=state.registered_domicile,
            domicile_head=state.domicile_head,
            former_family_name=state.former_family_name,
            resident_code=state.resident_code,
        ),
        household,
        today,
    )
    if not person.resident_code:
        raise field_error("resident_code", _("住民票コードを入力してください。"), "required")
    if state.status not in Status.values:
        raise field_error("status", _("状態が正しくありません。"), "invalid_choice")
    if state.status == Status.REMOVED:
        if state.removed_on is None or state.removed_on < person.address_set_on:
            raise field_error(
                "removed_on",
                _("除票には住所を定めた年月日以降の消除日が必要です。"),
                "dates_ordered",
            )
        if state.removal_reason not in ("", *RemovalReason.values):
            raise field_error("removal_reason", _("消除事由が正しくありません。"), "invalid_choice")
        person.status = Status.REMOVED
        person.removed_on = state.removed_on
        person.removal_reason = state.removal_reason
        person.next_address = clean_text(state.next_address)
    elif state.removed_on is not None or state.removal_reason or state.next_address:
        raise field_error(
            "removed_on", _("住民には消除日・消除事由・転出先を指定できません。"), "invalid_removal"
        )
    return person


def _household_for(
    state: PersonState, areas: dict[str, TownArea], cache: dict[str, Household]
) -> tuple[Household, bool]:
    """The household by number (unsaved when new), with the state's address applied."""
    number = normalize_width(state.household_number).strip()
    if not (number.isdigit() and 1 <= len(number) <= 12):
        raise field_error(
            "household_number", _("世帯番号は12桁以内の数字です。"), "invalid_household_number"
        )
    area = areas.get(state.town_area_code)
    if area is None:
        raise field_error(
            "town_area_code",
            _("町丁目コード %(code)s は登録されていません。"),
            "unknown_town_area",
            {"code": state.town_area_code},
        )
    banchi, katagaki = clean_text(state.banchi), clean_text(state.katagaki)
    if not banchi:
        raise field_error("banchi", _("番地を入力してください。"), "required")
    wanted = (area.pk, banchi, katagaki)
    household = cache.get(number)
    if household is not None:
        if (household.town_area_id, household.banchi, household.katagaki) != wanted:
            raise field_error(
                "banchi",
                _("世帯番号 %(number)s の住所が一致しません。"),
                "household_address_conflict",
                {"number": number},
            )
        return household, False
    household = Household.objects.select_for_update().filter(household_number=number).first()
    if household is None:
        household = Household(household_number=number)
    moved = (
        household.pk is not None
        and (
            household.town_area_id,
            household.banchi,
            household.katagaki,
        )
        != wanted
    )
    household.town_area, household.banchi, household.katagaki = area, banchi, katagaki
    cache[number] = household
    return household, moved


def _differs(person: Person, current) -> bool:
    if current is None:
        return True
    if current.household_id != person.household_id:
        return True
    household = person.household
    if (current.town_area_id, current.banchi, current.katagaki) != (
        household.town_area_id,
        household.banchi,
        household.katagaki,
    ):
        return True
    return any(getattr(current, name) != getattr(person, name) for name in _VALUES)


@transaction.atomic
def apply_person_states(
    actor: Any,
    *,
    kind: str,
    effective_on: datetime.date,
    states: Sequence[PersonState],
    source: str,
    notified_on: datetime.date | None = None,
    reason: str = "",
    note: str = "",
    external_id: str = "",
    purpose: str = "resident_change",
    request: HttpRequest | None = None,
) -> Movement | None:
    """Record that ``states`` hold from ``effective_on``, as one movement of ``kind``.

    * people are matched by 住民票コード (created when new), households by 世帯番号
      (created when new; an address that differs from the household's current
      one appends a household version);
    * a state identical to the person's version in force on ``effective_on``
      is skipped; when every state is, nothing is written and ``None`` is
      returned (idempotent re-runs);
    * ``external_id`` (the change's id in the source system) makes a re-run of
      the same change return the movement already recorded;
    * ``kind`` ``initial`` takes new people over as they stand: their version
      holds from ``became_resident_on`` (and a 除票's second one from
      ``removed_on``), like the bulk load;
    * afterwards every household with current members has exactly one head;
      a household left without members is dissolved.

    ``effective_on`` may not lie in the future (except for ``move_out``); a
    state older than a person's latest version is recorded as history and the
    current row keeps mirroring the latest.  Raises ``ValidationError`` (with
    ``params["resident_code"]`` where one state is to blame); nothing is
    written then.
    """
    check_actor(actor, purpose)
    if kind not in events.ALL_MOVEMENT_KINDS:
        raise ValidationError(_("異動の種類が正しくありません。"), code="invalid_kind")
    if kind == events.CORRECTION and not clean_text(reason):
        raise field_error("reason", _("修正の事由を入力してください。"), "required")
    today = timezone.localdate()
    if effective_on > today and kind != events.MOVE_OUT:
        raise field_error(
            "effective_on", _("異動日に未来の日付は指定できません。"), "future_effective_date"
        )
    if external_id:
        existing = Movement.objects.filter(source=source, external_id=external_id).first()
        if existing is not None:
            return existing
    codes = [normalize_width(state.resident_code).strip() for state in states]
    if len(codes) != len(set(codes)):
        raise ValidationError(_("住民票コードが重複しています。"), code="duplicate_code")
    areas = {area.code: area for area in TownArea.objects.all()}
    households: dict[str, Household] = {}
    prepared = []
    for state in states:
        try:
            household, moved = _household_for(state, areas, households)
            prepared.append((state, household, moved))
        except ValidationError as error:
            raise _blame(error, state) from error
    lock_households([household for _state, household, _moved in prepared if household.pk])
    recorder = Recorder(
        actor,
        kind=kind,
        effective_on=effective_on,
        notified_on=notified_on,
        source=source,
        reason=reason,
        note=note,
        external_id=external_id,
        purpose=purpose,
        request=request,
    )
    written_households: set[str] = set()
    for _state, household, moved in prepared:
        number = household.household_number
        if number in written_households:
            continue
        written_households.add(number)
        if household.pk is None:
            household.save()
            start = effective_on
            if kind == events.INITIAL:
                start = min(
                    s.became_resident_on for s, h, _m in prepared if h.household_number == number
                )
            household_snapshot(household, recorder.movement, start).save(force_insert=True)
        elif moved:
            household.save()
            recorder.household_changed(household, save=False)
    # Removals and demotions first, heads last: the one-head constraint sees one head at a time.
    ordered = sorted(
        prepared,
        key=lambda item: (item[0].status == Status.RESIDENT, item[0].relationship == "head"),
    )
    touched: dict[int, Household] = {}
    for state, household, _moved in ordered:
        try:
            _apply_one(recorder, state, household, kind, effective_on, today, touched)
        except ValidationError as error:
            raise _blame(error, state) from error
    for household in touched.values():
        household.refresh_from_db()
        if household.dissolved_on is None:
            recorder.dissolve_if_empty(household)
    try:
        recorder.check_heads(touched.values())
    except ValidationError as error:
        part = _parts(error)[0]
        raise ValidationError(part.message, code=part.code, params=part.params) from error
    if not recorder.has_changes:
        transaction.set_rollback(True)
        return None
    return recorder.finish()


def _apply_one(recorder, state, household, kind, effective_on, today, touched) -> None:
    person = _person_from_state(state, household, today)
    existing = Person.objects.select_for_update().filter(resident_code=person.resident_code).first()
    if existing is None:
        recorder.save_person(person, created=True)
        if kind == events.INITIAL:
            for version in _initial_versions(person, recorder.movement, household):
                version.save(force_insert=True)
        else:
            snapshot(person, recorder.movement, effective_on, household).save(force_insert=True)
        recorder.touched(person.pk, REGISTRY_FIELDS, created=True)
        touched[household.pk] = household
        return
    current = history.version_as_of(existing.pk, effective_on)
    person.pk = existing.pk
    person.created = existing.created
    if not _differs(person, current):
        return
    touched[existing.household_id] = existing.household
    touched[household.pk] = household
    version = snapshot(person, recorder.movement, effective_on, household)
    version.save(force_insert=True)
    changed = {
        name
        for name in _VALUES
        if current is None or getattr(current, name) != getattr(person, name)
    }
    if current is None or current.household_id != household.pk:
        changed.add("household")
    recorder.touched(existing.pk, changed or {"address"})
    try:
        with transaction.atomic():
            project(existing)
    except IntegrityError as error:  # two current heads, a duplicate code
        raise integrity_message(error) from error


def _blame(error: ValidationError, state: PersonState) -> ValidationError:
    """Add which record failed to the message's params (for a per-line report)."""
    parts = _parts(error)
    return ValidationError(
        _("住民票コード %(resident_code)s: %(message)s"),
        code=next((part.code for part in parts if part.code), None) or "invalid",
        params={"resident_code": state.resident_code, "message": "; ".join(error.messages)},
    )


def _parts(error: ValidationError) -> list[ValidationError]:
    if hasattr(error, "error_dict"):
        return [item for items in error.error_dict.values() for item in items]
    return list(error.error_list)
