"""Recording people as they stand: new people, initial records, the bulk load, wipe, citizen links.

``create_household`` and ``add_person`` record people whose earlier history is
not held here (a catch-up entry, a test): one movement of kind ``initial``.
A change in a resident's life goes through the 異動 services in
:mod:`.movements` instead.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import normalize_width

from .. import events
from ..models import (
    REGISTRY_FIELDS,
    CitizenLink,
    Household,
    HouseholdVersion,
    Movement,
    MovementSource,
    Person,
    PersonVersion,
    RegisterWipe,
    Relationship,
    Sex,
    Status,
    TownArea,
)
from .fast_insert import insert_rows
from .recorder import Recorder, check_actor, household_snapshot, lock_households, snapshot
from .validation import Errors, clean_kana, clean_name, clean_text

_VERSION_VALUES = tuple(name for name in REGISTRY_FIELDS if name != "household")

BATCH_SIZE = 1000


@dataclass
class NewPerson:
    """What is needed to record a person; dates default to "born here"."""

    family_name: str
    given_name: str
    family_name_kana: str
    given_name_kana: str
    birth_date: datetime.date
    sex: str
    relationship: str
    became_resident_on: datetime.date | None = None
    address_set_on: datetime.date | None = None
    previous_address: str = ""
    registered_domicile: str = ""
    domicile_head: str = ""
    former_family_name: str = ""
    resident_code: str = ""


@dataclass
class NewHousehold:
    """A household to record: its address and its members (exactly one head)."""

    town_area_code: str
    banchi: str
    members: list[NewPerson]
    katagaki: str = ""
    household_number: str = ""


@dataclass(frozen=True)
class PopulationCounts:
    households: int
    people: int


def build_person(data: NewPerson, household: Household, today: datetime.date) -> Person:
    """Validate ``data`` and return an unsaved current Person (raises ValidationError)."""
    errors = Errors()
    family_name = clean_name(data.family_name)
    given_name = clean_name(data.given_name)
    if not family_name:
        errors.add("family_name", _("氏を入力してください。"), "required")
    if not given_name:
        errors.add("given_name", _("名を入力してください。"), "required")
    family_name_kana = clean_kana(errors, "family_name_kana", data.family_name_kana)
    given_name_kana = clean_kana(errors, "given_name_kana", data.given_name_kana)
    if data.birth_date is None:
        errors.add("birth_date", _("生年月日を入力してください。"), "required")
        errors.raise_if_any()
    if data.birth_date > today:
        errors.add("birth_date", _("生年月日に未来の日付は指定できません。"), "future_birth_date")
    if data.sex not in Sex.values:
        errors.add("sex", _("性別を選んでください。"), "invalid_choice")
    if data.relationship not in Relationship.values:
        errors.add("relationship", _("続柄を選んでください。"), "invalid_choice")
    became_resident_on = data.became_resident_on or data.birth_date
    address_set_on = data.address_set_on or became_resident_on
    if became_resident_on < data.birth_date:
        errors.add(
            "became_resident_on",
            _("住民となった年月日は生年月日以降にしてください。"),
            "dates_ordered",
        )
    if address_set_on < became_resident_on:
        errors.add(
            "address_set_on",
            _("住所を定めた年月日は住民となった年月日以降にしてください。"),
            "dates_ordered",
        )
    if address_set_on > today:
        errors.add("address_set_on", _("未来の日付は指定できません。"), "future_date")
    resident_code = normalize_width(data.resident_code or "").strip()
    if resident_code and not (len(resident_code) == 11 and resident_code.isdigit()):
        errors.add("resident_code", _("住民票コードは11桁の数字です。"), "invalid_resident_code")
    errors.raise_if_any()
    person = Person(
        resident_code=resident_code,
        family_name=family_name,
        given_name=given_name,
        family_name_kana=family_name_kana,
        given_name_kana=given_name_kana,
        former_family_name=clean_name(data.former_family_name),
        birth_date=data.birth_date,
        sex=data.sex,
        household=household,
        relationship=data.relationship,
        became_resident_on=became_resident_on,
        address_set_on=address_set_on,
        previous_address=clean_text(data.previous_address),
        registered_domicile=clean_text(data.registered_domicile),
        domicile_head=clean_name(data.domicile_head),
        status=Status.RESIDENT,
    )
    person.name_search_key = person.compute_name_search_key()
    return person


def new_resident_code() -> str:
    """A random unused 住民票コード (11 digits; see docs/modules/residents.md on the check digit)."""
    while True:
        code = f"{secrets.randbelow(10**11):011d}"
        if not Person.objects.filter(resident_code=code).exists():
            return code


def new_household_number() -> str:
    while True:
        number = f"{secrets.randbelow(10**8):08d}"
        if not Household.objects.filter(household_number=number).exists():
            return number


def check_resident_code_free(code: str) -> None:
    if code and Person.objects.filter(resident_code=code).exists():
        raise ValidationError(
            {
                "resident_code": ValidationError(
                    _("住民票コード %(code)s は既に記録されています。"),
                    code="duplicate_code",
                    params={"code": code},
                )
            }
        )


def new_household(town_area: TownArea, banchi: str, katagaki: str, number: str = "") -> Household:
    """An unsaved, validated household."""
    banchi = clean_text(banchi)
    if not banchi:
        raise ValidationError(
            {"banchi": ValidationError(_("番地を入力してください。"), code="required")}
        )
    household = Household(
        household_number=number or new_household_number(),
        town_area=town_area,
        banchi=banchi,
        katagaki=clean_text(katagaki),
    )
    household.full_clean(exclude=["town_area"])
    return household


def _initial_versions(
    person: Person, movement: Movement, household: Household
) -> list[PersonVersion]:
    """A person taken over as they stand: resident from ``became_resident_on`` (and removed from ``removed_on``)."""
    versions = []
    if person.status != Status.REMOVED or person.removed_on > person.became_resident_on:
        resident = snapshot(person, movement, person.became_resident_on, household)
        resident.status, resident.removed_on = Status.RESIDENT, None
        resident.removal_reason, resident.next_address = "", ""
        versions.append(resident)
    if person.status == Status.REMOVED:
        versions.append(snapshot(person, movement, person.removed_on, household))
    return versions


def _initial_version_rows(
    person: Person, movement: Movement, household: Household
) -> list[dict[str, Any]]:
    """:func:`_initial_versions` as plain rows for :func:`.fast_insert.insert_rows`."""
    base = {name: getattr(person, name) for name in _VERSION_VALUES}
    base.update(
        person_id=person.pk,
        movement_id=movement.pk,
        recorded_at=movement.recorded_at,
        household_id=household.pk,
        town_area_id=household.town_area_id,
        banchi=household.banchi,
        katagaki=household.katagaki,
    )
    rows = []
    if person.status != Status.REMOVED or person.removed_on > person.became_resident_on:
        rows.append(
            {
                **base,
                "valid_from": person.became_resident_on,
                "status": Status.RESIDENT,
                "removed_on": None,
                "removal_reason": "",
                "next_address": "",
            }
        )
    if person.status == Status.REMOVED:
        rows.append({**base, "valid_from": person.removed_on})
    return rows


def _record_initial(recorder: Recorder, person: Person, household: Household) -> None:
    recorder.save_person(person, created=True)
    for version in _initial_versions(person, recorder.movement, household):
        version.save(force_insert=True)
    recorder.touched(person.pk, PERSON_FIELDS, created=True)


# Fields written when a person is created (what the access record lists).
PERSON_FIELDS = (
    "resident_code",
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


@transaction.atomic
def create_household(
    actor: Any,
    *,
    town_area: TownArea,
    banchi: str,
    head: NewPerson,
    katagaki: str = "",
    household_number: str = "",
    purpose: str = "resident_change",
    request: HttpRequest | None = None,
    source: str = MovementSource.COUNTER,
) -> Household:
    """Record a household with its head as they stand (movement ``initial``)."""
    check_actor(actor, purpose)
    if head.relationship != Relationship.HEAD:
        raise ValidationError(
            {
                "relationship": ValidationError(
                    _("世帯を作るときは世帯主を登録してください。"), code="head_required"
                )
            }
        )
    today = timezone.localdate()
    household = new_household(town_area, banchi, katagaki, household_number)
    person = build_person(head, household, today)
    check_resident_code_free(person.resident_code)
    person.resident_code = person.resident_code or new_resident_code()
    recorder = Recorder(
        actor,
        kind=events.INITIAL,
        effective_on=today,
        source=source,
        purpose=purpose,
        request=request,
    )
    household.save()
    household_snapshot(household, recorder.movement, person.became_resident_on).save()
    _record_initial(recorder, person, household)
    recorder.finish()
    return household


@transaction.atomic
def add_person(
    actor: Any,
    household: Household,
    data: NewPerson,
    *,
    purpose: str = "resident_change",
    request: HttpRequest | None = None,
    source: str = MovementSource.COUNTER,
) -> Person:
    """Record a person as they stand in an existing household (a second head is refused)."""
    check_actor(actor, purpose)
    lock_households([household])
    if (
        data.relationship == Relationship.HEAD
        and household.members.filter(
            relationship=Relationship.HEAD, status=Status.RESIDENT
        ).exists()
    ):
        raise ValidationError(
            {
                "relationship": ValidationError(
                    _("この世帯には既に世帯主がいます。"), code="second_head"
                )
            }
        )
    today = timezone.localdate()
    person = build_person(data, household, today)
    check_resident_code_free(person.resident_code)
    person.resident_code = person.resident_code or new_resident_code()
    recorder = Recorder(
        actor,
        kind=events.INITIAL,
        effective_on=today,
        source=source,
        purpose=purpose,
        request=request,
    )
    _record_initial(recorder, person, household)
    recorder.finish()
    return person


def _chunks[T](items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def bulk_create_population(
    households: Sequence[NewHousehold],
    *,
    batch_size: int = BATCH_SIZE,
    source: str = MovementSource.IMPORT,
) -> PopulationCounts:
    """Record many households at once (system import; nothing is audited, no event is sent).

    Every person gets the same validation as :func:`add_person`; every
    household must have exactly one head.  One movement of kind ``initial``
    covers the whole load; each person gets a version valid from the day they
    became resident, each household one from the earliest of its members'.
    Rows are written with ``bulk_create`` in batches of ``batch_size``.
    Missing 住民票コード and 世帯番号 are drawn at random (unique within the batch
    and the database).
    """
    areas = {area.code: area for area in TownArea.objects.all()}
    today = timezone.localdate()
    used_codes = set(Person.objects.values_list("resident_code", flat=True))
    used_numbers = set(Household.objects.values_list("household_number", flat=True))
    movement = Movement.objects.create(
        kind=events.INITIAL,
        effective_on=today,
        recorded_at=timezone.now(),
        source=source,
        reason=str(_("一括取込")),
    )
    household_count = people_count = 0
    for chunk in _chunks(households, batch_size):
        household_rows = []
        for index, data in enumerate(chunk):
            area = areas.get(data.town_area_code)
            if area is None:
                raise ValidationError(
                    _("町丁目コード %(code)s は登録されていません。"),
                    code="unknown_town_area",
                    params={"code": data.town_area_code},
                )
            heads = sum(1 for member in data.members if member.relationship == Relationship.HEAD)
            if heads != 1:
                raise ValidationError(
                    _("世帯には世帯主が1人必要です（%(number)s 番目の世帯: %(heads)s 人）。"),
                    code="one_head",
                    params={"number": household_count + index + 1, "heads": heads},
                )
            number = data.household_number
            while not number or number in used_numbers:
                number = f"{secrets.randbelow(10**8):08d}"
            used_numbers.add(number)
            household = Household(
                household_number=number,
                town_area=area,
                banchi=normalize_width(data.banchi).strip(),
                katagaki=normalize_width(data.katagaki).strip(),
            )
            household.address_search_key = banchi_key(household)
            household_rows.append(household)
        created = Household.objects.bulk_create(household_rows)
        people = []
        household_versions = []
        for household, data in zip(created, chunk, strict=True):
            members = []
            for member in data.members:
                person = build_person(member, household, today)
                code = person.resident_code
                while not code or code in used_codes:
                    code = f"{secrets.randbelow(10**11):011d}"
                used_codes.add(code)
                person.resident_code = code
                members.append(person)
            people.extend(members)
            start = min(person.became_resident_on for person in members)
            household_versions.append(household_snapshot(household, movement, start))
        HouseholdVersion.objects.bulk_create(household_versions, batch_size=batch_size)
        for batch in _chunks(people, batch_size):
            stored = Person.objects.bulk_create(batch)
            insert_rows(
                PersonVersion,
                [
                    row
                    for person in stored
                    for row in _initial_version_rows(person, movement, person.household)
                ],
            )
        household_count += len(created)
        people_count += len(people)
    return PopulationCounts(household_count, people_count)


def banchi_key(household: Household) -> str:
    from ..models import banchi_search_key

    return banchi_search_key(f"{household.banchi} {household.katagaki}")


@transaction.atomic
def wipe_register() -> PopulationCounts:
    """Delete every citizen link, person, household and their history (demo reset and tests only).

    Town areas stay.  Access records stay too: they are append-only and refer to
    people by id, so they keep showing what was read, by whom and why.  The
    history's append-only triggers let the deletes through only while the
    :class:`~yakuba.residents.models.RegisterWipe` row of this transaction exists.
    """
    permit = RegisterWipe.objects.create(reason="wipe_register")
    CitizenLink.objects.all().delete()
    PersonVersion.objects.all().delete()
    HouseholdVersion.objects.all().delete()
    people, _detail = Person.objects.all().delete()
    Movement.objects.all().delete()
    households, _detail = Household.objects.all().delete()
    permit.delete()
    return PopulationCounts(households, people)


# ------------------------------------------------------------------ citizen links


class PersonNotFoundError(LookupError):
    """No person has the given 住民票コード."""


@transaction.atomic
def link_citizen(user: Any, resident_code: str, *, method: str) -> CitizenLink:
    """Link a citizen account to the resident record with ``resident_code`` (replacing an earlier link).

    Raises :class:`PersonNotFoundError` when no such person exists.
    """
    if getattr(user, "kind", None) != "citizen":
        raise ValidationError(
            _("市民のアカウントだけを住民記録と連携できます。"), code="not_citizen"
        )
    if method not in CitizenLink.Method.values:
        raise ValidationError(_("連携方法が正しくありません。"), code="invalid_method")
    person = Person.objects.filter(resident_code=normalize_width(resident_code).strip()).first()
    if person is None:
        raise PersonNotFoundError(resident_code)
    CitizenLink.objects.filter(person=person).exclude(user=user).delete()
    link, _created = CitizenLink.objects.update_or_create(
        user=user, defaults={"person": person, "method": method, "linked_at": timezone.now()}
    )
    return link
