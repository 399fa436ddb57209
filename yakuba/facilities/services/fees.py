"""Fee computation (使用料) from the published fee schedule in force on the day of use.

``room fee``      the sum of the rates of the frames used, for the user class;
``equipment fee`` per equipment: rate × quantity × number of frames;
``reduction``     (減免) a percentage of room fee + equipment fee, rounded down to the yen
                  (so the payer never pays more than the percentage says);
``total``         room fee + equipment fee − reduction.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import (
    Equipment,
    EquipmentFee,
    FeeRate,
    FeeSchedule,
    Group,
    Reduction,
    Room,
    TimeFrame,
    UserClass,
    UserRegistration,
)


class FeeNotSet(ValidationError):
    """No published schedule, or no rate for this room, frame and user class."""


def schedule_on(day: datetime.date) -> FeeSchedule:
    schedule = (
        FeeSchedule.objects.filter(published_at__isnull=False, valid_from__lte=day)
        .order_by("-valid_from")
        .first()
    )
    if schedule is None:
        raise FeeNotSet(_("この日の使用料が定められていません。施設にお問い合わせください。"))
    return schedule


def user_class_for(
    registration: UserRegistration | None, group: Group | None = None, *, commercial: bool = False
) -> str:
    if commercial:
        return UserClass.COMMERCIAL
    if group is not None:
        return UserClass.RESIDENT_GROUP if group.is_resident else UserClass.NONRESIDENT_GROUP
    if registration is not None and registration.is_resident:
        return UserClass.RESIDENT
    return UserClass.NONRESIDENT


@dataclass(frozen=True)
class FeeLine:
    label: str
    quantity: int
    amount: int


@dataclass(frozen=True)
class FeeQuote:
    schedule: FeeSchedule
    user_class: str
    room_fee: int
    equipment_fee: int
    reduction: Reduction | None
    reduction_amount: int
    lines: list[FeeLine] = field(default_factory=list)
    equipment: dict[int, tuple[int, int]] = field(default_factory=dict)  # id -> (qty, fee)

    @property
    def total(self) -> int:
        return self.room_fee + self.equipment_fee - self.reduction_amount


def quote_fee(
    *,
    room: Room,
    frames: Sequence[TimeFrame],
    user_class: str,
    day: datetime.date,
    equipment: Mapping[Equipment, int] | None = None,
    reduction_code: str = "",
) -> FeeQuote:
    if user_class not in UserClass.values:
        raise ValueError(f"unknown user class {user_class!r}")
    schedule = schedule_on(day)
    rates = {
        rate.frame_id: rate.amount
        for rate in FeeRate.objects.filter(
            schedule=schedule, room=room, user_class=user_class, frame__in=frames
        )
    }
    lines = []
    for frame in frames:
        if frame.pk not in rates:
            raise FeeNotSet(
                _("%(frame)sの使用料が定められていません。施設にお問い合わせください。")
                % {"frame": frame.label}
            )
        lines.append(FeeLine(str(frame), 1, rates[frame.pk]))
    room_fee = sum(rates.values())
    equipment_fee = 0
    equipment_lines: dict[int, tuple[int, int]] = {}
    wanted = {item: quantity for item, quantity in (equipment or {}).items() if quantity > 0}
    if wanted:
        fees = {
            fee.equipment_id: fee.amount
            for fee in EquipmentFee.objects.filter(schedule=schedule, equipment__in=wanted)
        }
        for item, quantity in wanted.items():
            if item.facility_id != room.facility_id:
                raise ValidationError({"equipment": _("この施設の備品ではありません。")})
            if quantity > item.quantity:
                raise ValidationError(
                    {
                        "equipment": _("%(name)sは%(count)d個までです。")
                        % {"name": item.name, "count": item.quantity}
                    }
                )
            amount = fees.get(item.pk, 0) * quantity * len(frames)
            equipment_fee += amount
            equipment_lines[item.pk] = (quantity, amount)
            lines.append(FeeLine(item.name, quantity, amount))
    reduction = None
    reduction_amount = 0
    if reduction_code:
        reduction = Reduction.objects.filter(schedule=schedule, code=reduction_code).first()
        if reduction is None:
            raise ValidationError({"reduction": _("この減免は適用できません。")})
        reduction_amount = (room_fee + equipment_fee) * reduction.percent // 100
    return FeeQuote(
        schedule=schedule,
        user_class=user_class,
        room_fee=room_fee,
        equipment_fee=equipment_fee,
        reduction=reduction,
        reduction_amount=reduction_amount,
        lines=lines,
        equipment=equipment_lines,
    )
