"""Fictional 個人番号 for the demo city, assigned in bulk.

Every demo number is ``0000`` + seven digits + the check digit: four leading
zeros make it obviously fictional to a reader (no reserved test range of real
numbers is published, so a pattern is the honest signal).  The seven digits
are an affine permutation of the person's id modulo 10⁷, chosen by the seed:
deterministic (same seed and ids → same numbers), different for every person
up to ten million ids, and not in id order.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from .models import MyNumber
from .numbers import check_digit
from .services import FIRST_ASSIGNMENT_DATE, NewNumber, bulk_register_numbers

PREFIX = "0000"
MODULUS = 10**7
#: About two weeks between a birth and the number being recorded on the 住民票.
DAYS_AFTER_BIRTH = 14
CHUNK = 10_000


def _permutation(seed: int) -> tuple[int, int]:
    """(a, b) with a coprime to 10⁷, so ``(a × id + b) mod 10⁷`` is a bijection."""
    a = (seed * 2_654_435_761 + 1_234_567) % MODULUS | 1
    while a % 5 == 0:
        a = (a + 2) % MODULUS
    b = (seed * 40_503 + 7_654_321) % MODULUS
    return a, b


def demo_number(seed: int, person_id: int) -> str:
    """The fictional number of ``person_id`` for ``seed`` (``0000`` + 7 digits + check)."""
    if not 0 <= person_id < MODULUS:
        raise ValueError("demo numbers are defined for person ids below 10,000,000")
    a, b = _permutation(seed)
    first_eleven = f"{PREFIX}{(a * person_id + b) % MODULUS:07d}"
    return first_eleven + check_digit(first_eleven)


def _assigned_on(
    birth_date: datetime.date, removed_on: datetime.date | None, today: datetime.date
) -> datetime.date | None:
    day = max(FIRST_ASSIGNMENT_DATE, birth_date + datetime.timedelta(days=DAYS_AFTER_BIRTH))
    day = min(day, today)
    if removed_on is not None and removed_on < day:
        return None  # left the register before numbers were designated
    return day


def assign_demo_numbers(seed: int, person_ids: Iterable[int] | None = None) -> int:
    """Give every demo resident (or those of ``person_ids``) a fictional number; return the count.

    People who already have a number keep it; people removed from the register
    before 2015-10-05 get none.  The numbers go through the vault's own bulk
    service (encrypted with the configured key, blind-indexed), with no access
    records: seeding is not an access by staff.  Costs one read of the people
    and ``bulk_create`` in batches of 2,000 (about 20 µs of cryptography per
    person; see docs/modules/vault.md for measurements).
    """
    person_model = MyNumber._meta.get_field("person").related_model
    columns = ("pk", "birth_date", "removed_on")
    if person_ids is None:
        rows = list(person_model.objects.order_by("pk").values_list(*columns))
    else:
        wanted = sorted(set(person_ids))
        rows = []
        for start in range(0, len(wanted), CHUNK):  # SQLite limits the parameters of one query
            chunk = wanted[start : start + CHUNK]
            rows.extend(person_model.objects.filter(pk__in=chunk).values_list(*columns))
        rows.sort()
    today = timezone.localdate()
    numbers = []
    for person_id, birth_date, removed_on in rows:
        day = _assigned_on(birth_date, removed_on, today)
        if day is not None:
            numbers.append(NewNumber(person_id, demo_number(seed, person_id), day))
    return bulk_register_numbers(numbers)
