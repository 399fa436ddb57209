"""Fee schedules (料金表) as staff edit them: drafts, rates, equipment fees, reductions
(減免), cancellation and payment policy, and publishing.

* A schedule is created as a draft, empty or copied from another schedule (every rate,
  equipment fee, reduction and policy field).
* A draft is edited freely; a draft is never used to compute a fee
  (:func:`yakuba.facilities.services.fees.schedule_on` only sees published ones).
* Publishing sets ``published_at``/``published_by``.  It is refused while any active
  room × frame × user class of an active facility lacks a rate (the missing ones are
  listed), when ``valid_from`` is in the past, and when another published schedule
  starts on the same day (a database constraint guarantees this too).
* **A published schedule is immutable**: every function here refuses to change it
  (:class:`ScheduleLocked`).  Bookings keep the amounts they were charged, so a new
  schedule never changes an existing booking.

Every function checks :func:`~yakuba.facilities.policies.may_administer`.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Equipment,
    EquipmentFee,
    Facility,
    FeeRate,
    FeeSchedule,
    Reduction,
    Room,
    TimeFrame,
    UserClass,
)
from .catalogue import require_administrator

#: The highest amount accepted in one cell (yen); larger is certainly a typing error.
MAX_AMOUNT = 10_000_000

logger = logging.getLogger(__name__)

POLICY_FIELDS = (
    "title",
    "valid_from",
    "note",
    "free_cancellation_days",
    "late_cancellation_percent",
    "payment_days",
    "payment_days_before_use",
)
REDUCTION_FIELDS = ("code", "reason", "reason_en", "percent", "staff_only")


class ScheduleLocked(ValidationError):
    """The schedule is published and can no longer be changed."""


def locked_message() -> str:
    return _(
        "公開済みの料金表は変更できません。変更するときは、この料金表を複写して"
        "新しい料金表（下書き）を作成してください。"
    )


def _draft(schedule: FeeSchedule) -> FeeSchedule:
    """Lock the schedule's row and make sure it is still a draft."""
    locked = FeeSchedule.objects.select_for_update().get(pk=schedule.pk)
    if locked.is_published:
        raise ScheduleLocked(locked_message(), code="published")
    return locked


def _check_valid_from(day: datetime.date | None) -> None:
    if day is not None and day < timezone.localdate():
        raise ValidationError({"valid_from": _("適用開始日は今日以降の日にしてください。")})


def _check_policy(schedule: FeeSchedule) -> None:
    errors = {}
    if schedule.late_cancellation_percent is not None and schedule.late_cancellation_percent > 100:
        errors["late_cancellation_percent"] = _("取消料は0〜100％で入力してください。")
    if not (schedule.title or "").strip():
        errors["title"] = _("名称を入力してください。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_schedule(
    actor: Any,
    *,
    title: str,
    valid_from: datetime.date,
    note: str = "",
    copy_from: FeeSchedule | None = None,
) -> FeeSchedule:
    """A new draft, empty or with everything of ``copy_from`` (rates, equipment fees,
    reductions and the cancellation and payment policy)."""
    require_administrator(actor)
    _check_valid_from(valid_from)
    schedule = FeeSchedule(title=title.strip(), valid_from=valid_from, note=note.strip())
    if copy_from is not None:
        for name in (
            "free_cancellation_days",
            "late_cancellation_percent",
            "payment_days",
            "payment_days_before_use",
        ):
            setattr(schedule, name, getattr(copy_from, name))
        if not schedule.note:
            schedule.note = copy_from.note
    _check_policy(schedule)
    schedule.save()
    if copy_from is not None:
        FeeRate.objects.bulk_create(
            FeeRate(
                schedule=schedule,
                room_id=rate.room_id,
                frame_id=rate.frame_id,
                user_class=rate.user_class,
                amount=rate.amount,
            )
            for rate in FeeRate.objects.filter(schedule=copy_from)
        )
        EquipmentFee.objects.bulk_create(
            EquipmentFee(schedule=schedule, equipment_id=fee.equipment_id, amount=fee.amount)
            for fee in EquipmentFee.objects.filter(schedule=copy_from)
        )
        Reduction.objects.bulk_create(
            Reduction(
                schedule=schedule,
                code=reduction.code,
                reason=reduction.reason,
                reason_en=reduction.reason_en,
                percent=reduction.percent,
                staff_only=reduction.staff_only,
            )
            for reduction in Reduction.objects.filter(schedule=copy_from)
        )
    return schedule


@transaction.atomic
def update_schedule(actor: Any, schedule: FeeSchedule, data: Mapping[str, Any]) -> FeeSchedule:
    """Change a draft's title, date of effect, note and policy fields."""
    require_administrator(actor)
    schedule = _draft(schedule)
    for name in POLICY_FIELDS:
        if name in data:
            setattr(schedule, name, data[name])
    if "valid_from" in data:
        _check_valid_from(schedule.valid_from)
    _check_policy(schedule)
    schedule.save()
    return schedule


@transaction.atomic
def delete_schedule(actor: Any, schedule: FeeSchedule) -> None:
    """Delete a draft (a published schedule stays forever: bookings point at it)."""
    require_administrator(actor)
    _draft(schedule).delete()


def _check_amount(amount: int) -> None:
    if amount < 0 or amount > MAX_AMOUNT:
        raise ValueError(amount)


@transaction.atomic
def set_rates(
    actor: Any,
    schedule: FeeSchedule,
    facility: Facility,
    amounts: Mapping[tuple[int, int, str], int | None],
) -> int:
    """Set the rates of ``facility``'s rooms in a draft: ``amounts`` maps
    (room id, frame id, user class) to yen, or to ``None`` to remove the rate.
    Returns the number of cells written or removed."""
    require_administrator(actor)
    schedule = _draft(schedule)
    rooms = set(Room.objects.filter(facility=facility).values_list("pk", flat=True))
    frames = set(TimeFrame.objects.filter(facility=facility).values_list("pk", flat=True))
    changed = 0
    for (room_id, frame_id, user_class), amount in amounts.items():
        if room_id not in rooms or frame_id not in frames or user_class not in UserClass.values:
            raise ValidationError(_("この施設の部屋・利用区分ではありません。"))
        cell = {"schedule": schedule, "room_id": room_id, "frame_id": frame_id}
        if amount is None:
            changed += FeeRate.objects.filter(**cell, user_class=user_class).delete()[0]
            continue
        try:
            _check_amount(amount)
        except ValueError:
            raise ValidationError(
                _("金額は0円から%(max)s円までで入力してください。") % {"max": f"{MAX_AMOUNT:,}"}
            ) from None
        FeeRate.objects.update_or_create(**cell, user_class=user_class, defaults={"amount": amount})
        changed += 1
    return changed


@transaction.atomic
def set_equipment_fees(
    actor: Any,
    schedule: FeeSchedule,
    facility: Facility,
    amounts: Mapping[int, int | None],
) -> int:
    """Set a draft's fees (per unit and frame) of ``facility``'s equipment: ``amounts``
    maps an equipment id to yen, or to ``None`` to remove the fee (free to use)."""
    require_administrator(actor)
    schedule = _draft(schedule)
    items = set(Equipment.objects.filter(facility=facility).values_list("pk", flat=True))
    changed = 0
    for equipment_id, amount in amounts.items():
        if equipment_id not in items:
            raise ValidationError(_("この施設の備品ではありません。"))
        if amount is None:
            changed += EquipmentFee.objects.filter(
                schedule=schedule, equipment_id=equipment_id
            ).delete()[0]
            continue
        try:
            _check_amount(amount)
        except ValueError:
            raise ValidationError(
                _("金額は0円から%(max)s円までで入力してください。") % {"max": f"{MAX_AMOUNT:,}"}
            ) from None
        EquipmentFee.objects.update_or_create(
            schedule=schedule, equipment_id=equipment_id, defaults={"amount": amount}
        )
        changed += 1
    return changed


@transaction.atomic
def save_reduction(
    actor: Any,
    schedule: FeeSchedule,
    data: Mapping[str, Any],
    reduction: Reduction | None = None,
) -> Reduction:
    """Add a reduction (減免) to a draft or change one of its reductions."""
    require_administrator(actor)
    schedule = _draft(schedule)
    if reduction is not None:
        reduction = Reduction.objects.get(pk=reduction.pk, schedule=schedule)
    else:
        reduction = Reduction(schedule=schedule)
    for name in REDUCTION_FIELDS:
        if name in data:
            setattr(reduction, name, data[name])
    if reduction.percent is None or not 1 <= reduction.percent <= 100:
        raise ValidationError({"percent": _("減免率は1〜100％で入力してください。")})
    message = _("この料金表には同じコードの減免があります。別のコードにしてください。")
    if (
        Reduction.objects.filter(schedule=schedule, code=reduction.code)
        .exclude(pk=reduction.pk)
        .exists()
    ):
        raise ValidationError({"code": message})
    reduction.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            reduction.save()
    except IntegrityError as error:
        raise ValidationError({"code": message}) from error
    return reduction


@transaction.atomic
def delete_reduction(actor: Any, reduction: Reduction) -> None:
    require_administrator(actor)
    _draft(reduction.schedule)
    Reduction.objects.filter(pk=reduction.pk).delete()


@dataclass(frozen=True)
class MissingRate:
    facility: Facility
    room: Room
    frame: TimeFrame
    user_class: str

    def __str__(self) -> str:
        return f"{self.facility.name} {self.room.name} {self.frame.label} {UserClass(self.user_class).label}"


def missing_rates(schedule: FeeSchedule) -> list[MissingRate]:
    """Every active room × frame × user class of an active facility without a rate in
    ``schedule``, in facility, room and frame order."""
    present = set(
        FeeRate.objects.filter(schedule=schedule).values_list("room_id", "frame_id", "user_class")
    )
    missing = []
    facilities = Facility.objects.filter(is_active=True).prefetch_related("frames", "rooms")
    for facility in facilities:
        frames = list(facility.frames.all())
        for room in facility.rooms.all():
            if not room.is_active:
                continue
            for frame in frames:
                for user_class in UserClass.values:
                    if (room.pk, frame.pk, user_class) not in present:
                        missing.append(MissingRate(facility, room, frame, user_class))
    return missing


#: How many missing cells the refusal message lists before "ほか N件".
LISTED_MISSING = 10


@transaction.atomic
def publish_schedule(actor: Any, schedule: FeeSchedule) -> FeeSchedule:
    """Publish a complete draft; from then on it is immutable and used for every booking
    on or after ``valid_from`` (until a later schedule takes over)."""
    require_administrator(actor)
    schedule = _draft(schedule)
    _check_valid_from(schedule.valid_from)
    missing = missing_rates(schedule)
    if missing:
        listed = "、".join(str(cell) for cell in missing[:LISTED_MISSING])
        if len(missing) > LISTED_MISSING:
            listed += _("ほか%(count)d件") % {"count": len(missing) - LISTED_MISSING}
        raise ValidationError(
            _("使用料が入力されていない区分があるため公開できません（%(count)d件: %(cells)s）。")
            % {"count": len(missing), "cells": listed},
            code="missing_rates",
        )
    duplicate = FeeSchedule.objects.filter(
        valid_from=schedule.valid_from, published_at__isnull=False
    ).exclude(pk=schedule.pk)
    message = _("同じ適用開始日の料金表が既に公開されています。適用開始日を変えてください。")
    if duplicate.exists():
        raise ValidationError({"valid_from": message}, code="duplicate")
    schedule.published_at = timezone.now()
    schedule.published_by = actor
    try:
        with transaction.atomic():
            schedule.save(update_fields=["published_at", "published_by", "updated"])
    except IntegrityError as error:
        raise ValidationError({"valid_from": message}, code="duplicate") from error
    logger.info(
        "fee schedule %s (valid from %s) published by %s",
        schedule.pk,
        schedule.valid_from,
        getattr(actor, "pk", None),
    )
    return schedule
