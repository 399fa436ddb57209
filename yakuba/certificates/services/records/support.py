"""支援措置 (DV・ストーカー・児童虐待等の被害者への支援措置): flag and lift (市民課 operators).

While a measure is in force (not lifted, and its end date not passed) the kiosk
refuses every certificate showing the person.  One open measure per person: a
second one is refused (extend the first by lifting it and flagging a new period).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.residents.queries import get_person_for

from ...models import SupportMeasure
from ...policies import may_operate_register
from .common import REGISTER_PURPOSE, SUPPORT_PURPOSE, SUPPORT_RECORD_KIND, record, require

MAX_NOTE_LENGTH = 2000
FLAG_FIELDS = ("支援措置の期間", "メモ")
LIFT_FIELDS = ("支援措置の解除",)


def open_measures(person_id: int, today: datetime.date):
    """The person's measures not lifted and not ended before ``today``."""
    return SupportMeasure.objects.filter(person_id=person_id, lifted_at__isnull=True).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )


def flag_support_measure(
    actor: Any,
    person_id: int,
    *,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> SupportMeasure:
    """Flag a 支援措置 for the person from ``starts_on`` (until ``ends_on``, or open-ended).

    ``ValidationError``: starts_on (``required``), ends_on (``dates_ordered``,
    ``ended``), note (``too_long``), ``already_flagged``; ``Http404`` for an
    unknown person.  The person may be a 除票 (their 除票の写し is restricted too).
    """
    require(actor is not None and may_operate_register(actor))
    today = timezone.localdate()
    note = (note or "").strip()
    errors: dict[str, ValidationError] = {}
    if starts_on is None:
        errors["starts_on"] = ValidationError(_("開始日を入力してください。"), code="required")
    elif ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = ValidationError(
            _("終了予定日は開始日より後にしてください。"), code="dates_ordered"
        )
    elif ends_on is not None and ends_on < today:
        errors["ends_on"] = ValidationError(
            _("終了予定日が過ぎている支援措置は登録できません。"), code="ended"
        )
    if len(note) > MAX_NOTE_LENGTH:
        errors["note"] = ValidationError(
            _("メモは%(limit)s文字以内で入力してください。"),
            code="too_long",
            params={"limit": MAX_NOTE_LENGTH},
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        get_person_for(actor, person_id, REGISTER_PURPOSE, request=request)
        existing = open_measures(person_id, today).select_for_update().first()
        if existing is not None:
            raise ValidationError(
                _("この方にはすでに支援措置（%(start)s から）が登録されています。"),
                code="already_flagged",
                params={"start": existing.starts_on.isoformat()},
            )
        measure = SupportMeasure.objects.create(
            person_id=person_id,
            starts_on=starts_on,
            ends_on=ends_on,
            note=note,
            flagged_by=actor,
        )
        record(
            actor,
            [person_id],
            record_kind=SUPPORT_RECORD_KIND,
            purpose=SUPPORT_PURPOSE,
            fields=FLAG_FIELDS,
            action="create",
            request=request,
        )
    return measure


def lift_support_measure(
    actor: Any, measure_id: int, *, request: HttpRequest | None = None
) -> SupportMeasure:
    """Lift a measure now (``ValidationError`` ``already_lifted``; ``Http404`` unknown id)."""
    require(actor is not None and may_operate_register(actor))
    with transaction.atomic():
        measure = SupportMeasure.objects.select_for_update().filter(pk=measure_id).first()
        if measure is None:
            raise Http404
        if measure.lifted_at is not None:
            raise ValidationError(
                _("この支援措置はすでに解除されています。"), code="already_lifted"
            )
        measure.lifted_at = timezone.now()
        measure.lifted_by = actor
        measure.save(update_fields=["lifted_at", "lifted_by", "updated"])
        record(
            actor,
            [measure.person_id],
            record_kind=SUPPORT_RECORD_KIND,
            purpose=SUPPORT_PURPOSE,
            fields=LIFT_FIELDS,
            action="update",
            request=request,
        )
    return measure
