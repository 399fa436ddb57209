"""First-come reservation of frames of a room by a registered user (or group), with
the fee computed from the schedule in force on the day of use.

Staff at the counter use the same function with ``kind=counter`` and ``booked_by``;
they may also apply a staff-only reduction (減免) after checking documents.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    ACTIVE_STATES,
    Approval,
    Booking,
    BookingEquipment,
    BookingKind,
    BookingState,
    Equipment,
    Group,
    PaymentMethod,
    RegistrationState,
    Room,
    UserRegistration,
)
from .booking import book_room
from .fees import FeeQuote, quote_fee, user_class_for
from .slots import FREE, at, day_slots, frames_range

#: The least time a citizen gets to pay, however close the day of use.
MINIMUM_PAYMENT_TIME = datetime.timedelta(hours=2)


def require_valid_registration(
    registration: UserRegistration | None, group: Group | None = None, *, on: datetime.date
) -> None:
    """Booking needs an approved registration valid on the day of use (and for a group
    booking, the group's approved registration, represented or joined by the user)."""
    if registration is None or registration.state != RegistrationState.APPROVED:
        raise ValidationError(_("施設を予約するには利用者登録（承認済み）が必要です。"))
    if registration.valid_until is None or registration.valid_until < on:
        raise ValidationError(_("利用者登録の有効期限が切れています。更新の手続きをしてください。"))
    if group is not None:
        if group.state != RegistrationState.APPROVED or (
            group.valid_until is None or group.valid_until < on
        ):
            raise ValidationError(_("この団体の登録は有効ではありません。"))
        is_member = (
            group.representative_id == registration.pk
            or group.members.filter(registration=registration).exists()
        )
        if not is_member:
            raise ValidationError(_("この団体の代表者または構成員として登録されていません。"))


def payment_due(quote_total: int, starts_at: datetime.datetime, schedule: Any) -> Any:
    if quote_total == 0:
        return None
    now = timezone.now()
    latest = at(
        (starts_at.astimezone(timezone.get_current_timezone()).date())
        - datetime.timedelta(days=schedule.payment_days_before_use),
        datetime.time(23, 59),
    )
    due = min(now + datetime.timedelta(days=schedule.payment_days), latest)
    return max(due, now + MINIMUM_PAYMENT_TIME)


def booking_fields(quote: FeeQuote, *, room: Room, starts_at: datetime.datetime) -> dict[str, Any]:
    """The fee, payment and approval fields of a new booking with this quote."""
    total = quote.total
    fields: dict[str, Any] = {
        "user_class": quote.user_class,
        "fee_schedule": quote.schedule,
        "room_fee": quote.room_fee,
        "equipment_fee": quote.equipment_fee,
        "reduction": quote.reduction,
        "reduction_amount": quote.reduction_amount,
        "fee": total,
        "payment_due_at": payment_due(total, starts_at, quote.schedule),
        "approval": Approval.PENDING if room.facility.requires_approval else Approval.NOT_REQUIRED,
    }
    if total == 0:
        fields["payment_method"] = PaymentMethod.EXEMPT
    return fields


def initial_state(fields: Mapping[str, Any]) -> str:
    """Free and needing no approval: confirmed at once; otherwise held."""
    if fields["fee"] == 0 and fields["approval"] == Approval.NOT_REQUIRED:
        return BookingState.CONFIRMED
    return BookingState.HELD


def reserve(
    *,
    registration: UserRegistration,
    room: Room,
    day: datetime.date,
    frame_codes: Sequence[str],
    purpose: str,
    attendees: int,
    group: Group | None = None,
    commercial: bool = False,
    equipment: Mapping[Equipment, int] | None = None,
    reduction_code: str = "",
    kind: str = BookingKind.ONLINE,
    booked_by: Any = None,
) -> Booking:
    """Book consecutive frames of ``room`` on ``day`` first-come.

    Checks the registration, that every frame is free now (first-come open, not
    closed, not past), capacity and equipment; computes the fee; inserts through
    :func:`~yakuba.facilities.services.booking.book_room`, so a race for the same
    frames is settled by the database (:class:`SlotTaken`)."""
    errors: dict[str, str] = {}
    if not purpose.strip():
        errors["purpose"] = _("利用目的を入力してください。")
    if attendees < 1:
        errors["attendees"] = _("利用人数は1人以上にしてください。")
    elif attendees > room.capacity:
        errors["attendees"] = _("利用人数が定員（%(capacity)d人）を超えています。") % {
            "capacity": room.capacity
        }
    if errors:
        raise ValidationError(errors)
    require_valid_registration(registration, group, on=day)
    starts_at, ends_at, frames = frames_range(room.facility, day, frame_codes)
    slots = {slot.frame.code: slot for slot in day_slots(room, day)}
    for frame in frames:
        slot = slots[frame.code]
        if slot.status != FREE:
            message = _("%(frame)sは予約できません（%(why)s）。") % {
                "frame": frame.label,
                "why": status_label(slot.status),
            }
            raise ValidationError({"frames": ValidationError(message, code=slot.status)})
    quote = quote_fee(
        room=room,
        frames=frames,
        user_class=user_class_for(registration, group, commercial=commercial),
        day=day,
        equipment=equipment,
        reduction_code=reduction_code,
    )
    if booked_by is None and quote.reduction is not None and quote.reduction.staff_only:
        raise ValidationError({"reduction": _("この減免は窓口で書類を確認して適用します。")})
    fields = booking_fields(quote, room=room, starts_at=starts_at)
    with transaction.atomic():
        if quote.equipment:
            require_equipment_free(room, starts_at, ends_at, quote.equipment)
        booking = book_room(
            room=room,
            starts_at=starts_at,
            ends_at=ends_at,
            holder=registration.user,
            holder_name="" if registration.user_id else registration.name,
            booked_by=booked_by,
            purpose=purpose,
            state=initial_state(fields),
            kind=kind,
            registration=registration,
            group=group,
            attendees=attendees,
            **fields,
        )
        BookingEquipment.objects.bulk_create(
            BookingEquipment(booking=booking, equipment_id=pk, quantity=quantity, fee=fee)
            for pk, (quantity, fee) in quote.equipment.items()
        )
    return booking


#: First key of the per-facility advisory lock for lendable equipment ("FEQ1").
EQUIPMENT_LOCK_NAMESPACE = 0x46455131


def require_equipment_free(
    room: Room,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    wanted: Mapping[int, tuple[int, int]],
) -> None:
    """Lendable equipment is shared by the rooms of a facility: refuse when the quantity
    wanted plus what overlapping active bookings already hold exceeds what the facility
    has.  On PostgreSQL the facility's equipment bookings queue on an advisory lock held
    to the end of the caller's transaction, so two bookings cannot both take the last one."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [EQUIPMENT_LOCK_NAMESPACE, room.facility_id],
            )
    held = dict(
        BookingEquipment.objects.filter(
            equipment_id__in=list(wanted),
            booking__state__in=ACTIVE_STATES,
            booking__starts_at__lt=ends_at,
            booking__ends_at__gt=starts_at,
        )
        .values("equipment_id")
        .annotate(total=Sum("quantity"))
        .values_list("equipment_id", "total")
    )
    for item in Equipment.objects.filter(pk__in=list(wanted)):
        quantity = wanted[item.pk][0]
        if held.get(item.pk, 0) + quantity > item.quantity:
            left = max(item.quantity - held.get(item.pk, 0), 0)
            raise ValidationError(
                {
                    "equipment": _("%(name)sはこの時間帯に貸出できるのが残り%(left)d個です。")
                    % {"name": item.name, "left": left}
                }
            )


def status_label(status: str) -> str:
    return {
        "taken": _("予約済み"),
        "closed": _("休館・休止"),
        "past": _("過去の日時"),
        "not_yet": _("受付開始前・抽選期間中"),
        "free": _("空き"),
    }.get(status, status)
