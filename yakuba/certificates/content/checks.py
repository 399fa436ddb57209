"""This module's own records as of a moment: support measures, seals, assessments.

Plain reads (same module), no policy and nothing recorded: the callers are the
builders, acting for the card-authenticated holder.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from ..models import SealRegistration, SupportMeasure, TaxAssessment


def local_day(at: datetime.datetime) -> datetime.date:
    return timezone.localdate(at) if timezone.is_aware(at) else at.date()


def flagged_people(person_ids: Iterable[int], *, at: datetime.datetime) -> set[int]:
    """Who among ``person_ids`` is under a support measure in force at ``at``:
    ``starts_on`` ≤ day ≤ ``ends_on`` (or open-ended), and not lifted by ``at``."""
    ids = list(person_ids)
    if not ids:
        return set()
    day = local_day(at)
    return set(
        SupportMeasure.objects.filter(person_id__in=ids, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .filter(Q(lifted_at__isnull=True) | Q(lifted_at__gt=at))
        .values_list("person_id", flat=True)
    )


def seal_in_force(person_id: int, *, at: datetime.datetime) -> SealRegistration | None:
    """The registration in force on the day of ``at``: registered on or before it and
    not abolished by then (abolished on the day = no longer in force)."""
    day = local_day(at)
    return (
        SealRegistration.objects.filter(person_id=person_id, registered_on__lte=day)
        .filter(Q(abolished_on__isnull=True) | Q(abolished_on__gt=day))
        .order_by("-registered_on", "-pk")
        .first()
    )


def assessment(person_id: int, fiscal_year: int) -> TaxAssessment | None:
    return TaxAssessment.objects.filter(person_id=person_id, fiscal_year=fiscal_year).first()


def assessed_years(person_id: int) -> list[int]:
    """The fiscal years with an assessment of the person, newest first."""
    return list(
        TaxAssessment.objects.filter(person_id=person_id)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
    )
