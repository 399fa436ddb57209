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

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from yakuba.audit.services import Subject, record_access
from yakuba.core.japanese import (
    MAX_INPUT_LENGTH,
    JapaneseInputError,
    name_search_key,
    normalize_width,
    parse_japanese_date,
)

from .models import CitizenLink, Household, Person, Status
from .policies import is_register_purpose, may_read_people

PERSON_RECORD_KIND = "residents.person"
SEARCH_LIMIT = 50

#: Fields a search result row shows (what the access record lists).
SEARCH_FIELDS = (
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "birth_date",
    "address",
)
#: Fields the person page shows for the person themselves.
DETAIL_FIELDS = (
    "resident_code",
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "former_family_name",
    "birth_date",
    "sex",
    "address",
    "household_head",
    "relationship",
    "became_resident_on",
    "address_set_on",
    "previous_address",
    "registered_domicile",
    "domicile_head",
    "status",
)
#: Fields the person page shows for each other member of the household.
MEMBER_FIELDS = (
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "birth_date",
    "sex",
    "relationship",
)

_DIGITS_ONLY = re.compile(r"^[0-9]{11}$")


# ----------------------------------------------------------------------- policy


def _require_reader(user: Any) -> None:
    if not may_read_people(user):
        raise PermissionDenied


def _require_purpose(purpose: str) -> None:
    if not is_register_purpose(purpose):
        raise ValidationError(_("利用目的を選んでください。"), code="invalid_purpose")


def people_for(user: Any) -> QuerySet[Person]:
    """Every person ``user`` may read (all of the register for 市民課, else none)."""
    if not may_read_people(user):
        return Person.objects.none()
    return Person.objects.select_related("household__town_area")


# ----------------------------------------------------------------------- search


@dataclass(frozen=True)
class PersonSearch:
    """A parsed search: name keys (all must match), a birth date, a 住民票コード."""

    name_keys: tuple[str, ...] = ()
    birth_date: datetime.date | None = None
    resident_code: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.name_keys or self.birth_date or self.resident_code)


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
    return queryset


def _record_reads(
    user: Any,
    people: Sequence[Person],
    fields: Sequence[str],
    purpose: str,
    request: HttpRequest | None,
) -> None:
    for person in people:
        record_access(
            user,
            subject=Subject(PERSON_RECORD_KIND, str(person.pk)),
            record_kind=PERSON_RECORD_KIND,
            fields=list(fields),
            purpose=purpose,
            request=request,
        )


def search_people_for(
    user: Any,
    query: str | PersonSearch,
    *,
    purpose: str,
    request: HttpRequest | None = None,
    limit: int = SEARCH_LIMIT,
) -> SearchResult:
    """People matching ``query`` (at most ``limit``), each read recorded for ``purpose``."""
    _require_reader(user)
    _require_purpose(purpose)
    search = query if isinstance(query, PersonSearch) else parse_person_search(query)
    rows = list(
        _matching(people_for(user), search).order_by(*Person._meta.ordering, "pk")[: limit + 1]
    )
    people, truncated = rows[:limit], len(rows) > limit
    with transaction.atomic():
        _record_reads(user, people, SEARCH_FIELDS, purpose, request)
    return SearchResult(people, truncated)


# ------------------------------------------------------------------------ detail


@dataclass(frozen=True)
class PersonRecord:
    """One person's current record with the other members of their household."""

    person: Person
    household: Household
    head: Person | None
    members: list[Person]


def get_person_for(
    user: Any, pk: int, purpose: str, *, request: HttpRequest | None = None
) -> PersonRecord:
    """The person's record and household; the person and every member shown are recorded."""
    _require_reader(user)
    _require_purpose(purpose)
    person = people_for(user).filter(pk=pk).first()
    if person is None:
        raise Http404
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
    with transaction.atomic():
        _record_reads(user, [person], DETAIL_FIELDS, purpose, request)
        _record_reads(user, members, MEMBER_FIELDS, purpose, request)
    return PersonRecord(person, household, head, members)


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


def linked_person_id(user: Any) -> int | None:
    """The resident record a citizen account is linked to (for the audit subject resolver)."""
    if getattr(user, "kind", None) != "citizen" or not getattr(user, "pk", None):
        return None
    return CitizenLink.objects.filter(user_id=user.pk).values_list("person_id", flat=True).first()


__all__ = [
    "PersonRecord",
    "PersonSearch",
    "RegistryCounts",
    "SEARCH_LIMIT",
    "SearchResult",
    "get_person_for",
    "linked_person_id",
    "parse_person_search",
    "people_for",
    "registry_counts_for",
    "search_people_for",
]
