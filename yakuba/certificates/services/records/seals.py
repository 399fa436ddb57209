"""印鑑登録: register a seal, abolish a registration (市民課 operators; the system on 異動).

Rules (印鑑条例, 印鑑登録証明事務処理要領):

* only a person recorded in the 住民基本台帳 and **in it now** (not a 除票) may register;
* not under 15 (15歳未満の者は登録できない) on the day of registration;
* one registration in force per person (a new seal means abolishing the old one first);
* the registration number is the next number (``000001``, ``000002``, …), allocated
  under the database's unique constraint (a lost race retries with the next number).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField, Max
from django.db.models.functions import Cast
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.residents.queries import get_person_for

from ...models import AbolitionReason, SealRegistration
from ...policies import may_operate_register
from .common import REGISTER_PURPOSE, SEAL_PURPOSE, SEAL_RECORD_KIND, age_on, record, require
from .seal_image import normalise_seal_image, read_upload

MINIMUM_AGE = 15
NUMBER_DIGITS = 6
NUMBER_ATTEMPTS = 5
REGISTER_FIELDS = ("登録番号", "印影", "登録日")
ABOLISH_FIELDS = ("廃止日", "廃止の理由")
#: Reasons a clerk chooses; 転出 and 死亡 are set by the 異動 handler.
STAFF_ABOLITION_REASONS = (
    AbolitionReason.HOLDER_REQUEST,
    AbolitionReason.LOST,
    AbolitionReason.OTHER,
)


def _error(field: str | None, message: Any, code: str, **params: Any) -> ValidationError:
    error = ValidationError(message, code=code, params=params or None)
    return ValidationError({field: error}) if field else error


def _person_facts(actor: Any, person_id: int, person: Any, request: HttpRequest | None) -> Any:
    """The person's current register entry: through the residents query for staff (an
    audited read), or the ``person`` a system job read itself (``people_by_resident_code``)."""
    if actor is None:
        if person is None or person.pk != person_id:
            raise ValueError("a system job passes the Person it read")
        return person
    return get_person_for(actor, person_id, REGISTER_PURPOSE, request=request).person


def next_registration_number() -> str:
    """The number after the greatest one issued so far (abolished ones included)."""
    greatest = SealRegistration.objects.annotate(
        number=Cast("registration_number", BigIntegerField())
    ).aggregate(greatest=Max("number"))["greatest"]
    return f"{(greatest or 0) + 1:0{NUMBER_DIGITS}d}"


def _in_force(person_id: int) -> SealRegistration | None:
    return (
        SealRegistration.objects.select_for_update()
        .filter(person_id=person_id, abolished_on__isnull=True)
        .first()
    )


def _already_registered(existing: SealRegistration) -> ValidationError:
    return _error(
        None,
        _(
            "この方にはすでに印鑑登録（登録番号 %(number)s）があります。"
            "新しい印鑑を登録するには、先に今の登録を廃止してください。"
        ),
        "already_registered",
        number=existing.registration_number,
    )


def register_seal(
    actor: Any,
    person_id: int,
    *,
    image: Any,
    registered_on: datetime.date | None = None,
    request: HttpRequest | None = None,
    person: Any = None,
) -> SealRegistration:
    """Register ``image`` (PNG or JPEG, any upload) as the person's seal; returns the row.

    ``actor`` needs the 市民課 operator role; ``None`` is a system job (the demo
    loader), which passes the ``person`` it read.  ``ValidationError``: image
    (``required``, ``too_large``, ``not_an_image``, ``too_small``), registered_on
    (``future_date``), ``person_removed`` (除票), ``too_young`` (under 15),
    ``already_registered``.  Nothing is written on an error.
    """
    if actor is not None:
        require(may_operate_register(actor))
    today = timezone.localdate()
    registered_on = registered_on or today
    if registered_on > today:
        raise _error("registered_on", _("登録日に未来の日付は指定できません。"), "future_date")
    png = normalise_seal_image(read_upload(image))
    with transaction.atomic():
        facts = _person_facts(actor, person_id, person, request)
        if facts.status != "resident":
            raise _error(
                None,
                _("住民票が消除されている方（除票）は印鑑登録できません。"),
                "person_removed",
            )
        if age_on(facts.birth_date, registered_on) < MINIMUM_AGE:
            raise _error(
                None,
                _("15歳未満の方は印鑑登録できません（印鑑条例）。"),
                "too_young",
            )
        existing = _in_force(person_id)
        if existing is not None:
            raise _already_registered(existing)
        registration = _insert(actor, person_id, png, registered_on)
        record(
            actor,
            [person_id],
            record_kind=SEAL_RECORD_KIND,
            purpose=SEAL_PURPOSE,
            fields=REGISTER_FIELDS,
            action="create",
            request=request,
        )
    return registration


def _insert(
    actor: Any, person_id: int, png: bytes, registered_on: datetime.date
) -> SealRegistration:
    """Insert with the next number; another clerk taking that number at the same moment
    makes the unique constraint fail, and the next number is tried (in a savepoint)."""
    for _attempt in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                return SealRegistration.objects.create(
                    person_id=person_id,
                    registration_number=next_registration_number(),
                    seal_image=png,
                    registered_on=registered_on,
                    registered_by=actor,
                )
        except IntegrityError:
            existing = SealRegistration.objects.filter(
                person_id=person_id, abolished_on__isnull=True
            ).first()
            if existing is not None:
                raise _already_registered(existing) from None
    raise _error(
        None,
        _("登録番号を割り当てられませんでした。もう一度お試しください。"),
        "number_unavailable",
    )


def abolish_seal(
    actor: Any,
    registration_id: int,
    *,
    reason: str,
    abolished_on: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> SealRegistration:
    """Abolish a registration in force (廃止届, 亡失, 職権; 転出/死亡 from the 異動 handler).

    ``ValidationError``: reason (``invalid_reason``), abolished_on (``future_date``,
    ``before_registration``), ``already_abolished``; ``Http404`` for an unknown id.
    """
    if actor is not None:
        require(may_operate_register(actor))
    if reason not in AbolitionReason.values:
        raise _error("reason", _("廃止の理由を選んでください。"), "invalid_reason")
    today = timezone.localdate()
    abolished_on = abolished_on or today
    if actor is not None and abolished_on > today:
        raise _error("abolished_on", _("廃止日に未来の日付は指定できません。"), "future_date")
    with transaction.atomic():
        registration = (
            SealRegistration.objects.select_for_update().filter(pk=registration_id).first()
        )
        if registration is None:
            raise Http404
        if registration.abolished_on is not None:
            raise _error(
                None,
                _("この印鑑登録（登録番号 %(number)s）はすでに廃止されています。"),
                "already_abolished",
                number=registration.registration_number,
            )
        if abolished_on < registration.registered_on:
            raise _error(
                "abolished_on",
                _("廃止日は登録日（%(day)s）より前にできません。"),
                "before_registration",
                day=registration.registered_on.isoformat(),
            )
        registration.abolished_on = abolished_on
        registration.abolition_reason = reason
        registration.abolished_by = actor
        registration.save(
            update_fields=["abolished_on", "abolition_reason", "abolished_by", "updated"]
        )
        record(
            actor,
            [registration.person_id],
            record_kind=SEAL_RECORD_KIND,
            purpose=SEAL_PURPOSE,
            fields=ABOLISH_FIELDS,
            action="update",
            request=request,
        )
    return registration


def abolish_seals_for_movement(
    *, kind: str, person_ids: list[int], effective_on: datetime.date
) -> int:
    """System: abolish the registrations in force of people who moved out or died (reason
    ``move_out`` / ``death``, on the 異動日 — not before the registration); the count."""
    reasons = {"move_out": AbolitionReason.MOVE_OUT, "death": AbolitionReason.DEATH}
    if kind not in reasons:
        return 0
    count = 0
    ids = SealRegistration.objects.filter(
        person_id__in=list(person_ids), abolished_on__isnull=True
    ).values_list("pk", "registered_on")
    for registration_id, registered_on in ids:
        try:
            abolish_seal(
                None,
                registration_id,
                reason=reasons[kind],
                abolished_on=max(effective_on, registered_on),
            )
        except ValidationError:  # abolished meanwhile by a clerk: nothing to do
            continue
        count += 1
    return count


__all__ = [
    "MINIMUM_AGE",
    "STAFF_ABOLITION_REASONS",
    "abolish_seal",
    "abolish_seals_for_movement",
    "next_registration_number",
    "register_seal",
]
