"""Every read of the resident register, narrowed by the policy and recorded in the access record.

Staff reads of a person's data write one access record per person shown,
in the same transaction as the read: a search lists at most
:data:`SEARCH_LIMIT` people, so a results page costs at most that many
records (each one locked SELECT + INSERT + UPDATE on the chain head).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import (
    MAX_INPUT_LENGTH,
    JapaneseInputError,
    format_date_both,
    name_search_key,
    normalize_width,
    parse_japanese_date,
)

from .. import history
from ..models import (
    CitizenLink,
    Household,
    Person,
    PersonVersion,
    Status,
    TownArea,
    banchi_search_key,
)
from ..policies import may_read_people
from .base import (
    _DIGITS_ONLY,
    DETAIL_FIELDS,
    MEMBER_FIELDS,
    PERSON_RECORD_KIND,
    SEARCH_FIELDS,
    SEARCH_LIMIT,
    _record_reads,
    _require_purpose,
    _require_reader,
    people_for,
)
from .certificates import (
    CertificateAddress,
    CertificatePerson,
    CertificateRecord,
    certificate_record,
)
from .timeline import (
    FIELD_LABELS,
    TIMELINE_FIELDS,
    ShownChange,
    TimelineEntry,
    person_timeline_for,
)

# ----------------------------------------------------------------------- search


@dataclass(frozen=True)
class PersonSearch:
    """A parsed search: name keys (all must match), a birth date, a 住民票コード, an address.

    The address is a town area (by id) and/or a 番地・方書 key
    (:func:`~yakuba.residents.models.banchi_search_key`, matched as a substring).
    """

    name_keys: tuple[str, ...] = ()
    birth_date: datetime.date | None = None
    resident_code: str = ""
    town_area_id: int | None = None
    banchi_key: str = ""

    @property
    def is_empty(self) -> bool:
        return not (
            self.name_keys
            or self.birth_date
            or self.resident_code
            or self.town_area_id
            or self.banchi_key
        )

    def with_address(self, town_area_id: int | None, banchi: str) -> PersonSearch:
        """The same search narrowed to an address (町丁目 and/or 番地 as typed)."""
        return PersonSearch(
            self.name_keys,
            self.birth_date,
            self.resident_code,
            town_area_id,
            banchi_search_key(banchi),
        )


def parse_person_search(text: str) -> PersonSearch:
    """Read what a clerk typed into the one search box.

    * 11 digits (any width, hyphens and spaces ignored) → 住民票コード;
    * a date in 西暦 or 和暦 (``S45.3.1``, ``昭和45年3月1日``, ``1970-03-01``) → birth date;
    * anything else → name terms, kanji or kana, any width; several terms
      separated by spaces must all match (``ヤマダ タロウ``, ``山田 S45.3.1``).

    Raises :class:`ValidationError` with a message for the page when the text
    is empty, too long, or looks like a date that does not exist.
    """
    if not text or not text.strip():
        raise ValidationError(
            _("検索する氏名、生年月日または住民票コードを入力してください。"), code="required"
        )
    if len(text) > MAX_INPUT_LENGTH:
        raise ValidationError(
            _("%(limit)s文字以内で入力してください。"),
            code="too_long",
            params={"limit": MAX_INPUT_LENGTH},
        )
    value = normalize_width(text).strip()
    compact = re.sub(r"[\s-]", "", value)
    if _DIGITS_ONLY.match(compact):
        return PersonSearch(resident_code=compact)
    try:  # the whole text may be one date written with spaces (昭和 45年 3月 1日)
        return PersonSearch(birth_date=parse_japanese_date(value))
    except JapaneseInputError:
        pass
    name_keys: list[str] = []
    birth_date = None
    for term in value.split():
        if any(character.isdigit() for character in term):
            try:
                day = parse_japanese_date(term)
            except JapaneseInputError as error:
                raise ValidationError(
                    error.message, code=error.code, params=error.params
                ) from error
            if birth_date is not None and day != birth_date:
                raise ValidationError(_("生年月日は1つだけ入力してください。"), code="two_dates")
            birth_date = day
        else:
            key = name_search_key(term).replace("|", "")
            if key:
                name_keys.append(key)
    search = PersonSearch(tuple(name_keys), birth_date)
    if search.is_empty:
        raise ValidationError(
            _("検索する氏名、生年月日または住民票コードを入力してください。"), code="required"
        )
    return search


@dataclass(frozen=True)
class SearchResult:
    people: list[Person] = field(default_factory=list)
    truncated: bool = False  # more than SEARCH_LIMIT matched: ask for a narrower search


def _matching(queryset: QuerySet[Person], search: PersonSearch) -> QuerySet[Person]:
    if search.resident_code:
        queryset = queryset.filter(resident_code=search.resident_code)
    if search.birth_date:
        queryset = queryset.filter(birth_date=search.birth_date)
    for key in search.name_keys:
        queryset = queryset.filter(name_search_key__contains=key)
    if search.town_area_id:
        queryset = queryset.filter(household__town_area_id=search.town_area_id)
    if search.banchi_key:
        queryset = queryset.filter(household__address_search_key__contains=search.banchi_key)
    return queryset


def search_people_for(
    user: Any,
    query: str | PersonSearch,
    *,
    purpose: str,
    request: HttpRequest | None = None,
    limit: int = SEARCH_LIMIT,
    include_removed: bool = False,
) -> SearchResult:
    """People matching ``query`` (at most ``limit``), each read recorded for ``purpose``.

    Current residents only, unless ``include_removed`` (then 除票 too).
    """
    _require_reader(user)
    _require_purpose(purpose)
    search = query if isinstance(query, PersonSearch) else parse_person_search(query)
    if search.is_empty:
        raise ValidationError(
            _("検索する氏名、生年月日、住民票コードまたは住所を入力してください。"),
            code="required",
        )
    queryset = _matching(people_for(user), search)
    if not include_removed:
        queryset = queryset.filter(status=Status.RESIDENT)
    rows = list(queryset.order_by(*Person._meta.ordering, "pk")[: limit + 1])
    people, truncated = rows[:limit], len(rows) > limit
    with transaction.atomic():
        _record_reads(user, people, SEARCH_FIELDS, purpose, request)
    return SearchResult(people, truncated)


# ------------------------------------------------------------------------ detail


@dataclass(frozen=True)
class PersonRecord:
    """One person's record with the other members of their household.

    Without ``as_of``: the current rows.  With ``as_of``: unsaved ``Person``
    objects rebuilt from the versions in force that day (``version`` is the
    person's), members and head as they were then.
    """

    person: Person
    household: Household
    head: Person | None
    members: list[Person]
    as_of: datetime.date | None = None
    version: PersonVersion | None = None


def get_person_for(
    user: Any,
    pk: int,
    purpose: str,
    *,
    as_of: datetime.date | None = None,
    known_at: datetime.datetime | None = None,
    request: HttpRequest | None = None,
) -> PersonRecord:
    """The person's record and household, now or ``as_of`` a date; every person shown is recorded.

    ``known_at`` (with ``as_of``) reads the history as it was recorded at that
    moment (before later corrections).  Raises ``Http404`` for an unknown
    person and ``ValidationError`` (code ``not_recorded_on_date``) when the
    register held nothing for the person on ``as_of``; nothing is recorded then.
    """
    _require_reader(user)
    _require_purpose(purpose)
    person = people_for(user).filter(pk=pk).first()
    if person is None:
        raise Http404
    if as_of is None:
        household = person.household
        members = list(
            household.members.filter(status=Status.RESIDENT)
            .exclude(pk=person.pk)
            .order_by("birth_date", "pk")
        )
        head = (
            person
            if person.is_head and person.status == Status.RESIDENT
            else next((member for member in members if member.is_head), None)
        )
        version = None
    else:
        version = history.version_as_of(person.pk, as_of, known_at=known_at)
        if version is None:
            raise ValidationError(
                _("%(date)s の時点では、この人の記載はありません。"),
                code="not_recorded_on_date",
                params={"date": format_date_both(as_of)},
            )
        person = version.as_person()
        household = person.household
        member_versions = [
            member
            for member in history.household_members_as_of(
                version.household_id, as_of, known_at=known_at
            )
            if member.person_id != version.person_id
        ]
        members = [member.as_person() for member in member_versions]
        head = (
            person
            if person.is_head and person.status == Status.RESIDENT
            else next((member for member in members if member.is_head), None)
        )
    with transaction.atomic():
        _record_reads(user, [person], DETAIL_FIELDS, purpose, request)
        _record_reads(user, members, MEMBER_FIELDS, purpose, request)
    return PersonRecord(person, household, head, members, as_of, version)


def town_areas() -> list[TownArea]:
    """The town areas in use (reference data, not personal data), in display order."""
    return list(TownArea.objects.filter(valid_to__isnull=True).order_by("sort_order", "code"))


def find_household_for(user: Any, household_number: str) -> Household | None:
    """A current household by 世帯番号 (for joining it); ``None`` when there is none.

    Returns the household row only (number and address); callers that show
    its members read them through :func:`get_person_for`.
    """
    _require_reader(user)
    number = normalize_width(household_number or "").strip()
    if not number.isdigit():
        return None
    return (
        Household.objects.select_related("town_area")
        .filter(household_number=number, dissolved_on__isnull=True)
        .first()
    )


# ---------------------------------------------------------------- aggregates, links


@dataclass(frozen=True)
class RegistryCounts:
    """Aggregate counts (not personal data: nothing is recorded)."""

    residents: int
    households: int
    removed: int


def registry_counts_for(user: Any) -> RegistryCounts | None:
    """Counts for the 市民課 dashboard panel (``None`` hides the panel)."""
    if not may_read_people(user):
        return None
    by_status = dict(
        Person.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    households = Household.objects.filter(members__status=Status.RESIDENT).distinct().count()
    return RegistryCounts(
        by_status.get(Status.RESIDENT, 0), households, by_status.get(Status.REMOVED, 0)
    )


def people_by_resident_code(codes: Sequence[str]) -> dict[str, Person]:
    """People by 住民票コード, for **system jobs only** (the demo loader, import adapters).

    Not for pages: it checks no policy and records nothing, because nothing
    read here is shown to anyone.  A page must use :func:`get_person_for`.
    """
    people = Person.objects.select_related("household__town_area").filter(resident_code__in=codes)
    return {person.resident_code: person for person in people}


def household_by_number(number: str) -> Household | None:
    """A household by 世帯番号, for **system jobs only** (see :func:`people_by_resident_code`)."""
    return Household.objects.select_related("town_area").filter(household_number=number).first()


def linked_person_id(user: Any) -> int | None:
    """The resident record a citizen account is linked to (for the audit subject resolver)."""
    if getattr(user, "kind", None) != "citizen" or not getattr(user, "pk", None):
        return None
    return CitizenLink.objects.filter(user_id=user.pk).values_list("person_id", flat=True).first()


@dataclass(frozen=True)
class OwnResidentFacts:
    """What a citizen's own linked resident record says, for the citizen's own services
    (市内 fee, age limits, prefill).  Nothing here is shown to staff."""

    is_resident: bool
    name: str
    name_kana: str
    birth_date: datetime.date
    postal_address: str


def own_resident_facts(user: Any) -> OwnResidentFacts | None:
    """The signed-in citizen's own registry facts, or ``None`` when the account is not
    linked to a resident record.  The citizen reads their own record, so no access
    record is written (the access record is about staff reads)."""
    person_id = linked_person_id(user)
    if person_id is None:
        return None
    person = Person.objects.select_related("household__town_area").filter(pk=person_id).first()
    if person is None:
        return None
    return OwnResidentFacts(
        is_resident=person.status == Status.RESIDENT,
        name=f"{person.family_name} {person.given_name}",
        name_kana=f"{person.family_name_kana} {person.given_name_kana}",
        birth_date=person.birth_date,
        postal_address=person.household.address,
    )


__all__ = [
    "CertificateAddress",
    "CertificatePerson",
    "CertificateRecord",
    "certificate_record",
    "FIELD_LABELS",
    "OwnResidentFacts",
    "own_resident_facts",
    "PERSON_RECORD_KIND",
    "TIMELINE_FIELDS",
    "PersonRecord",
    "PersonSearch",
    "ShownChange",
    "TimelineEntry",
    "RegistryCounts",
    "SEARCH_LIMIT",
    "SearchResult",
    "find_household_for",
    "get_person_for",
    "household_by_number",
    "people_by_resident_code",
    "person_timeline_for",
    "linked_person_id",
    "parse_person_search",
    "people_for",
    "registry_counts_for",
    "search_people_for",
    "town_areas",
]
