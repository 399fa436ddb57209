"""Every write of the residents module: town areas, households, people, citizen links.

This is the minimal write path the foundation needs (set-up, demo data, tests).
The registry issue replaces direct creation with 異動 (届出 and 職権) that keep
a versioned history; callers should already go through these functions only.

A staff actor's writes are recorded in the access record (action ``create``)
with a purpose of the 住民基本台帳 file; ``actor=None`` means a system import
(initial migration from the previous system, the demo loader) and is not an
access by staff, so nothing is recorded.
"""

from __future__ import annotations

import csv
import datetime
import secrets
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.audit.services import Subject, record_access
from yakuba.core.japanese import (
    JapaneseInputError,
    is_kana,
    normalize_kana,
    normalize_postal_code,
    normalize_width,
)

from .models import CitizenLink, Household, Person, Relationship, Sex, Status, TownArea
from .policies import is_register_purpose

TOWN_AREA_CSV = Path(__file__).parent / "data" / "town_areas.csv"
PERSON_RECORD_KIND = "residents.person"
BATCH_SIZE = 1000

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


# --------------------------------------------------------------------- town areas


@dataclass(frozen=True)
class TownAreaRow:
    """One line of a town-area CSV (see ``data/town_areas.csv``)."""

    code: str
    town_name: str
    chome: int | None
    name: str
    name_kana: str
    postal_code: str
    valid_from: datetime.date
    sort_order: int


def read_town_area_csv(path: Path | None = None) -> list[TownAreaRow]:
    """Read a town-area CSV (UTF-8, header line); the demo city's file by default.

    Columns: code, town_name, chome (empty for none), name, name_kana,
    postal_code, valid_from (ISO date), sort_order; extra columns are ignored.
    """
    rows = []
    with (path or TOWN_AREA_CSV).open(encoding="utf-8", newline="") as handle:
        for line in csv.DictReader(handle):
            rows.append(
                TownAreaRow(
                    code=line["code"].strip(),
                    town_name=line["town_name"].strip(),
                    chome=int(line["chome"]) if line["chome"].strip() else None,
                    name=line["name"].strip(),
                    name_kana=line["name_kana"].strip(),
                    postal_code=line["postal_code"].strip(),
                    valid_from=datetime.date.fromisoformat(line["valid_from"].strip()),
                    sort_order=int(line["sort_order"]),
                )
            )
    return rows


@transaction.atomic
def import_town_areas(rows: Iterable[TownAreaRow]) -> int:
    """Create or update town areas by code; returns how many rows were imported."""
    count = 0
    for row in rows:
        try:
            postal_code = normalize_postal_code(row.postal_code)
        except JapaneseInputError as error:
            raise ValidationError(
                {
                    "postal_code": ValidationError(
                        error.message, code=error.code, params=error.params
                    )
                }
            ) from error
        area = TownArea.objects.filter(code=row.code).first() or TownArea(code=row.code)
        area.town_name = row.town_name
        area.chome = row.chome
        area.name = row.name
        area.name_kana = normalize_kana(row.name_kana)
        area.postal_code = postal_code
        area.valid_from = row.valid_from
        area.sort_order = row.sort_order
        area.full_clean()
        area.save()
        count += 1
    return count


# ------------------------------------------------------------------------ people


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


@dataclass
class _Errors:
    errors: dict[str, list[ValidationError]] = field(default_factory=dict)

    def add(self, name: str, message: Any, code: str, params: dict | None = None) -> None:
        self.errors.setdefault(name, []).append(ValidationError(message, code=code, params=params))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _clean_name(value: str) -> str:
    return " ".join(normalize_width(value or "").split())


def _clean_kana(errors: _Errors, name: str, value: str) -> str:
    kana = normalize_kana(value).replace(" ", "")
    if not kana or not is_kana(kana, allow_space=False):
        errors.add(name, _("カタカナで入力してください。"), "not_kana")
        return kana
    # Store katakana only: is_kana also admits hiragana, which normalize_kana converted.
    return kana


def _build_person(data: NewPerson, household: Household, today: datetime.date) -> Person:
    """Validate ``data`` and return an unsaved Person (raises ValidationError)."""
    errors = _Errors()
    family_name = _clean_name(data.family_name)
    given_name = _clean_name(data.given_name)
    if not family_name:
        errors.add("family_name", _("氏を入力してください。"), "required")
    if not given_name:
        errors.add("given_name", _("名を入力してください。"), "required")
    family_name_kana = _clean_kana(errors, "family_name_kana", data.family_name_kana)
    given_name_kana = _clean_kana(errors, "given_name_kana", data.given_name_kana)
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
        former_family_name=_clean_name(data.former_family_name),
        birth_date=data.birth_date,
        sex=data.sex,
        household=household,
        relationship=data.relationship,
        became_resident_on=became_resident_on,
        address_set_on=address_set_on,
        previous_address=data.previous_address.strip(),
        registered_domicile=data.registered_domicile.strip(),
        domicile_head=_clean_name(data.domicile_head),
        status=Status.RESIDENT,
    )
    person.name_search_key = person.compute_name_search_key()
    return person


def _new_resident_code() -> str:
    """A random unused 住民票コード (11 digits; see docs/modules/residents.md on the check digit)."""
    while True:
        code = f"{secrets.randbelow(10**11):011d}"
        if not Person.objects.filter(resident_code=code).exists():
            return code


def _new_household_number() -> str:
    while True:
        number = f"{secrets.randbelow(10**8):08d}"
        if not Household.objects.filter(household_number=number).exists():
            return number


def _check_purpose(actor: Any, purpose: str) -> None:
    if actor is not None and not is_register_purpose(purpose):
        raise ValidationError(_("利用目的を選んでください。"), code="invalid_purpose")


def _record_creation(actor: Any, person: Person, purpose: str, request: HttpRequest | None) -> None:
    if actor is None:
        return
    record_access(
        actor,
        subject=Subject(PERSON_RECORD_KIND, str(person.pk)),
        record_kind=PERSON_RECORD_KIND,
        fields=list(PERSON_FIELDS),
        purpose=purpose,
        action="create",
        request=request,
    )


def _save_person(person: Person) -> Person:
    if not person.resident_code:
        person.resident_code = _new_resident_code()
    try:
        with transaction.atomic():
            person.save(force_insert=True)
    except IntegrityError as error:
        if person.relationship == Relationship.HEAD:
            raise ValidationError(
                {
                    "relationship": ValidationError(
                        _("この世帯には既に世帯主がいます。"), code="second_head"
                    )
                }
            ) from error
        raise ValidationError(_("住民票コードが重複しています。"), code="duplicate_code") from error
    return person


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
) -> Household:
    """Record a new household together with its head (a household never lacks one)."""
    _check_purpose(actor, purpose)
    if head.relationship != Relationship.HEAD:
        raise ValidationError({"relationship": _("世帯を作るときは世帯主を登録してください。")})
    banchi = normalize_width(banchi).strip()
    if not banchi:
        raise ValidationError({"banchi": _("番地を入力してください。")}, code="required")
    household = Household(
        household_number=household_number or _new_household_number(),
        town_area=town_area,
        banchi=banchi,
        katagaki=normalize_width(katagaki).strip(),
    )
    household.full_clean()
    household.save()
    person = _save_person(_build_person(head, household, timezone.localdate()))
    _record_creation(actor, person, purpose, request)
    return household


@transaction.atomic
def add_person(
    actor: Any,
    household: Household,
    data: NewPerson,
    *,
    purpose: str = "resident_change",
    request: HttpRequest | None = None,
) -> Person:
    """Add a person to an existing household (a second head is refused)."""
    _check_purpose(actor, purpose)
    Household.objects.select_for_update().filter(pk=household.pk).first()
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
    person = _save_person(_build_person(data, household, timezone.localdate()))
    _record_creation(actor, person, purpose, request)
    return person


def _chunks[T](items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def bulk_create_population(
    households: Sequence[NewHousehold], *, batch_size: int = BATCH_SIZE
) -> PopulationCounts:
    """Record many households at once (system import; nothing is audited).

    Every person gets the same validation as :func:`add_person`; every
    household must have exactly one head.  Rows are written with
    ``bulk_create`` in batches of ``batch_size``.  Missing 住民票コード and 世帯番号
    are drawn at random (unique within the batch and the database).
    """
    areas = {area.code: area for area in TownArea.objects.all()}
    today = timezone.localdate()
    used_codes = set(Person.objects.values_list("resident_code", flat=True))
    used_numbers = set(Household.objects.values_list("household_number", flat=True))
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
            household_rows.append(
                Household(
                    household_number=number,
                    town_area=area,
                    banchi=normalize_width(data.banchi).strip(),
                    katagaki=normalize_width(data.katagaki).strip(),
                )
            )
        created = Household.objects.bulk_create(household_rows)
        people = []
        for household, data in zip(created, chunk, strict=True):
            for member in data.members:
                person = _build_person(member, household, today)
                code = person.resident_code
                while not code or code in used_codes:
                    code = f"{secrets.randbelow(10**11):011d}"
                used_codes.add(code)
                person.resident_code = code
                people.append(person)
        for batch in _chunks(people, batch_size):
            Person.objects.bulk_create(batch)
        household_count += len(created)
        people_count += len(people)
    return PopulationCounts(household_count, people_count)


@transaction.atomic
def wipe_register() -> PopulationCounts:
    """Delete every citizen link, person and household (demo reset and tests only).

    Town areas stay.  Access records stay too: they are append-only and refer to
    people by id, so they keep showing what was read, by whom and why.
    """
    CitizenLink.objects.all().delete()
    people, _detail = Person.objects.all().delete()
    households, _detail = Household.objects.all().delete()
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


__all__ = [
    "NewHousehold",
    "NewPerson",
    "PersonNotFoundError",
    "PopulationCounts",
    "TownAreaRow",
    "add_person",
    "bulk_create_population",
    "create_household",
    "import_town_areas",
    "link_citizen",
    "read_town_area_csv",
    "wipe_register",
]
