"""Staff reads of 印鑑登録, 課税・所得 and 支援措置, narrowed by the policy and recorded.

Every read of a person's record writes one access record per person shown (record
kinds ``certificates.seal`` / ``certificates.tax_assessment`` /
``certificates.support_measure``, subject ``residents.person``), in the same
transaction as the read.  The person's register entry (name, birth date) is read
only through ``yakuba.residents.queries.get_person_for`` (市民課 pages); 課税課
pages find assessments by the 住民票コード kept with them and read nothing of the
register.  Lists never load the seal image.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from yakuba.residents.queries import PersonRecord, get_person_for

from ..models import SealRegistration, SupportMeasure, TaxAssessment
from ..policies import may_operate_register, may_view_register, may_view_tax
from ..services.records import (
    REGISTER_PURPOSE,
    SEAL_PURPOSE,
    SEAL_RECORD_KIND,
    SUPPORT_PURPOSE,
    SUPPORT_RECORD_KIND,
    TAX_PURPOSE,
    TAX_RECORD_KIND,
)
from ..services.records.common import record, require

LIST_LIMIT = 50
SEAL_LIST_FIELDS = ("登録番号", "登録日", "廃止日")
SEAL_FIELDS = ("登録番号", "登録日", "廃止日", "廃止の理由")
SEAL_IMAGE_FIELDS = ("印影",)
SUPPORT_FIELDS = ("支援措置の期間", "メモ", "解除の日時")
SUPPORT_STATE_FIELDS = ("支援措置の有無",)
TAX_FIELDS = (
    "年度",
    "給与収入",
    "合計所得金額",
    "所得控除額合計",
    "課税標準額",
    "市民税所得割額",
    "市民税均等割額",
    "都民税所得割額",
    "都民税均等割額",
    "扶養人数",
)


def _seals() -> QuerySet[SealRegistration]:
    return SealRegistration.objects.defer("seal_image")


def _record_seals(user, person_ids: Sequence[int], fields: Sequence[str], request) -> None:
    with transaction.atomic():
        record(
            user,
            person_ids,
            record_kind=SEAL_RECORD_KIND,
            purpose=SEAL_PURPOSE,
            fields=fields,
            request=request,
        )


def _record_support(user, person_ids: Sequence[int], fields: Sequence[str], request) -> None:
    with transaction.atomic():
        record(
            user,
            person_ids,
            record_kind=SUPPORT_RECORD_KIND,
            purpose=SUPPORT_PURPOSE,
            fields=fields,
            request=request,
        )


# ------------------------------------------------------------------------ the person


def holder_for(user: Any, person_id: int, *, request: HttpRequest | None = None) -> PersonRecord:
    """The person's register entry for a 市民課 page (the residents module records the read)."""
    require(may_view_register(user))
    return get_person_for(user, person_id, REGISTER_PURPOSE, request=request)


# ----------------------------------------------------------------------------- seals


def normalise_registration_number(text: str) -> str:
    """``"　１２３"`` → ``"000123"``; ``""`` when it is not a number."""
    digits = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", text or ""))
    if not re.fullmatch(r"[0-9]{1,10}", digits):
        return ""
    return digits.zfill(6) if len(digits) < 6 else digits


def seal_registrations_for(
    user: Any, *, request: HttpRequest | None = None, limit: int = LIST_LIMIT
) -> list[SealRegistration]:
    """The latest registrations (number and dates, no image); each person listed is recorded."""
    require(may_view_register(user))
    rows = list(_seals().order_by("-created", "-pk")[:limit])
    _record_seals(user, [row.person_id for row in rows], SEAL_LIST_FIELDS, request)
    return rows


def find_seal_by_number_for(
    user: Any, number: str, *, request: HttpRequest | None = None
) -> SealRegistration | None:
    """The registration with this number (any width, leading zeros optional); recorded."""
    require(may_view_register(user))
    normalised = normalise_registration_number(number)
    if not normalised:
        return None
    found = _seals().filter(registration_number=normalised).first()
    if found is not None:
        _record_seals(user, [found.person_id], SEAL_LIST_FIELDS, request)
    return found


def person_seals_for(
    user: Any, person_id: int, *, request: HttpRequest | None = None
) -> list[SealRegistration]:
    """All the person's registrations, the one in force first; recorded when there is one."""
    require(may_view_register(user))
    rows = list(
        _seals()
        .filter(person_id=person_id)
        .order_by(F("abolished_on").asc(nulls_first=True), "-registered_on", "-pk")
    )
    if rows:
        _record_seals(user, [person_id], SEAL_FIELDS, request)
    return rows


def get_seal_for(
    user: Any, registration_id: int, *, request: HttpRequest | None = None
) -> SealRegistration:
    """One registration (no image); recorded; ``Http404`` when unknown."""
    require(may_view_register(user))
    found = _seals().filter(pk=registration_id).first()
    if found is None:
        raise Http404
    _record_seals(user, [found.person_id], SEAL_FIELDS, request)
    return found


def seal_image_for(user: Any, registration_id: int, *, request: HttpRequest | None = None) -> bytes:
    """The PNG of the seal; recorded (item 印影); ``Http404`` when unknown."""
    require(may_view_register(user))
    found = SealRegistration.objects.filter(pk=registration_id).values_list(
        "person_id", "seal_image"
    )
    row = found.first()
    if row is None:
        raise Http404
    _record_seals(user, [row[0]], SEAL_IMAGE_FIELDS, request)
    return bytes(row[1])


# -------------------------------------------------------------------------- support


def _in_force(queryset: QuerySet[SupportMeasure], today: datetime.date) -> QuerySet[SupportMeasure]:
    return queryset.filter(lifted_at__isnull=True).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )


def support_measures_for(
    user: Any, person_id: int, *, request: HttpRequest | None = None
) -> list[SupportMeasure]:
    """The person's measures (open ones first); recorded when there is one."""
    require(may_view_register(user))
    rows = list(
        SupportMeasure.objects.filter(person_id=person_id).order_by(
            F("lifted_at").asc(nulls_first=True), "-starts_on", "-pk"
        )
    )
    if rows:
        _record_support(user, [person_id], SUPPORT_FIELDS, request)
    return rows


def support_measures_in_force_for(
    user: Any, *, request: HttpRequest | None = None, limit: int = 500
) -> list[SupportMeasure]:
    """Measures in force today or starting later (市民課 operators only); each person recorded."""
    require(may_operate_register(user))
    rows = list(
        _in_force(SupportMeasure.objects.all(), timezone.localdate()).order_by("starts_on", "pk")[
            :limit
        ]
    )
    _record_support(user, [row.person_id for row in rows], SUPPORT_FIELDS, request)
    return rows


def get_support_measure_for(
    user: Any, measure_id: int, *, request: HttpRequest | None = None
) -> SupportMeasure:
    require(may_view_register(user))
    found = SupportMeasure.objects.filter(pk=measure_id).first()
    if found is None:
        raise Http404
    _record_support(user, [found.person_id], SUPPORT_FIELDS, request)
    return found


@dataclass(frozen=True)
class RecordState:
    """What the section on the residents' person page shows."""

    seal: SealRegistration | None
    support_in_force: SupportMeasure | None


def person_record_state_for(
    user: Any, person_id: int, *, request: HttpRequest | None = None
) -> RecordState:
    """The seal registration in force and the support measure in force (if any); each shown
    item is recorded (the section says "none" without a record when there is nothing)."""
    require(may_view_register(user))
    seal = _seals().filter(person_id=person_id, abolished_on__isnull=True).first()
    support = (
        _in_force(SupportMeasure.objects.filter(person_id=person_id), timezone.localdate())
        .order_by("starts_on")
        .first()
    )
    if seal is not None:
        _record_seals(user, [person_id], SEAL_LIST_FIELDS, request)
    if support is not None:
        _record_support(user, [person_id], SUPPORT_STATE_FIELDS, request)
    return RecordState(seal, support)


# ------------------------------------------------------------------------------ tax


def normalise_resident_code(text: str) -> str:
    code = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", text or ""))
    return code if re.fullmatch(r"[0-9]{11}", code) else ""


def tax_assessments_for(
    user: Any, resident_code: str, *, request: HttpRequest | None = None
) -> list[TaxAssessment]:
    """The assessments imported for this 住民票コード, newest year first; recorded."""
    require(may_view_tax(user))
    code = normalise_resident_code(resident_code)
    if not code:
        return []
    rows = list(TaxAssessment.objects.filter(resident_code=code).order_by("-fiscal_year"))
    if rows:
        with transaction.atomic():
            record(
                user,
                sorted({row.person_id for row in rows}),
                record_kind=TAX_RECORD_KIND,
                purpose=TAX_PURPOSE,
                fields=TAX_FIELDS,
                request=request,
            )
    return rows


def get_tax_assessment_for(
    user: Any, assessment_id: int, *, request: HttpRequest | None = None
) -> TaxAssessment:
    require(may_view_tax(user))
    found = TaxAssessment.objects.filter(pk=assessment_id).first()
    if found is None:
        raise Http404
    with transaction.atomic():
        record(
            user,
            [found.person_id],
            record_kind=TAX_RECORD_KIND,
            purpose=TAX_PURPOSE,
            fields=TAX_FIELDS,
            request=request,
        )
    return found
