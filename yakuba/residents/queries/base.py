"""What every read shares: the policy checks, the base queryset, the access records."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from yakuba.audit.services import Subject, record_access

from ..models import Person
from ..policies import is_register_purpose, may_read_people

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
