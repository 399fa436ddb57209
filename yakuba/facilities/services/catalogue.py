"""Staff setup of the catalogue: facilities, rooms, time frames, lendable equipment and
closures (文化振興課, role ``admin``: :func:`~yakuba.facilities.policies.may_administer`).

Every function checks the policy, validates with clear Japanese messages (a
:class:`~django.core.exceptions.ValidationError` keyed by field where there is one) and
writes atomically.  Nothing here cancels a booking: a closure or a deactivated room
that meets existing bookings is saved, and the caller lists those bookings
(:func:`yakuba.facilities.queries.catalogue.bookings_in_closure`) for staff to contact.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ACTIVE_STATES, Booking, Closure, Equipment, Facility, Room, TimeFrame
from ..policies import may_administer

logger = logging.getLogger(__name__)

FACILITY_FIELDS = (
    "code",
    "name",
    "name_kana",
    "name_en",
    "kind",
    "description",
    "description_en",
    "postal_code",
    "address",
    "phone",
    "accessibility",
    "accessibility_en",
    "photo",
    "photo_alt",
    "latitude",
    "longitude",
    "opens_at",
    "closes_at",
    "closed_weekdays",
    "requires_approval",
    "department",
    "booking_horizon_months",
    "lottery_enabled",
    "lottery_opens_day",
    "lottery_closes_day",
    "lottery_draw_day",
    "first_come_opens_day",
    "is_active",
)
ROOM_FIELDS = (
    "code",
    "name",
    "name_en",
    "capacity",
    "floor_area",
    "equipment",
    "lottery_only",
    "is_active",
)
FRAME_FIELDS = ("code", "label", "label_en", "starts", "ends")
EQUIPMENT_FIELDS = ("code", "name", "name_en", "quantity")
CLOSURE_FIELDS = ("kind", "room", "first_day", "last_day", "reason", "reason_en")


def require_administrator(actor: Any) -> None:
    if not may_administer(actor):
        raise PermissionDenied(_("施設の設定を変更する権限がありません。"))


def _assign(instance: Any, data: Mapping[str, Any], names: tuple[str, ...]) -> None:
    for name in names:
        if name in data:
            setattr(instance, name, data[name])


def _save(instance: Any, *, unique_message: str) -> None:
    """Validate the model (fields and constraints) and save; a race on a unique code is
    reported as a form error, never a 500."""
    instance.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise ValidationError({"code": unique_message}) from error


# ------------------------------------------------------------------------ facility


def _check_facility(facility: Facility) -> None:
    errors: dict[str, str] = {}
    if facility.opens_at and facility.closes_at and facility.opens_at >= facility.closes_at:
        errors["closes_at"] = _("閉館時刻は開館時刻より後にしてください。")
    days = (
        facility.lottery_opens_day,
        facility.lottery_closes_day,
        facility.lottery_draw_day,
        facility.first_come_opens_day,
    )
    if all(day is not None for day in days) and not (days[0] <= days[1] < days[2] < days[3]):
        errors["lottery_draw_day"] = _(
            "抽選申込開始日 ≦ 抽選申込締切日 ＜ 抽選日 ＜ 先着順受付開始日 の順にしてください。"
        )
    weekdays = facility.closed_weekdays or []
    if any(not isinstance(day, int) or not 1 <= day <= 7 for day in weekdays):
        errors["closed_weekdays"] = _("定休日の曜日を選び直してください。")
    if facility.photo and not facility.photo_alt.strip():
        errors["photo_alt"] = _(
            "写真を載せるときは、写真の説明（代替テキスト）を入力してください。"
        )
    if errors:
        raise ValidationError(errors)
    facility.closed_weekdays = sorted(set(weekdays))


@transaction.atomic
def save_facility(
    actor: Any, data: Mapping[str, Any], facility: Facility | None = None
) -> Facility:
    """Create a facility (``facility`` None) or change one; ``data`` holds any of
    :data:`FACILITY_FIELDS`."""
    require_administrator(actor)
    if facility is not None:
        facility = Facility.objects.select_for_update().get(pk=facility.pk)
    else:
        facility = Facility()
    _assign(facility, data, FACILITY_FIELDS)
    _check_facility(facility)
    if Facility.objects.filter(code=facility.code).exclude(pk=facility.pk).exists():
        raise ValidationError(
            {"code": _("このコードは既に使われています。別のコードにしてください。")}
        )
    _save(facility, unique_message=_("このコードは既に使われています。別のコードにしてください。"))
    logger.info("facility %s saved by %s", facility.code, getattr(actor, "pk", None))
    return facility


# ---------------------------------------------------------------------------- rooms


@transaction.atomic
def save_room(
    actor: Any, facility: Facility, data: Mapping[str, Any], room: Room | None = None
) -> Room:
    """Add a room or court to ``facility`` or change one of its rooms."""
    require_administrator(actor)
    if room is not None:
        room = Room.objects.select_for_update().get(pk=room.pk, facility=facility)
    else:
        room = Room(facility=facility)
    _assign(room, data, ROOM_FIELDS)
    room.equipment = [str(item).strip() for item in (room.equipment or []) if str(item).strip()]
    if room.capacity is not None and room.capacity < 1:
        raise ValidationError({"capacity": _("定員は1人以上にしてください。")})
    message = _("この施設には同じコードの部屋があります。別のコードにしてください。")
    if Room.objects.filter(facility=facility, code=room.code).exclude(pk=room.pk).exists():
        raise ValidationError({"code": message})
    _save(room, unique_message=message)
    return room


@transaction.atomic
def deactivate_room(actor: Any, room: Room) -> Room:
    """Stop taking bookings for ``room`` (existing bookings stay; rooms are never deleted,
    bookings and fee records point at them)."""
    require_administrator(actor)
    Room.objects.filter(pk=room.pk).update(is_active=False, updated=timezone.now())
    room.refresh_from_db()
    return room


@transaction.atomic
def activate_room(actor: Any, room: Room) -> Room:
    require_administrator(actor)
    Room.objects.filter(pk=room.pk).update(is_active=True, updated=timezone.now())
    room.refresh_from_db()
    return room


# ------------------------------------------------------------------------- frames


def future_bookings_in_frame(
    frame: TimeFrame, starts: datetime.time | None = None, ends: datetime.time | None = None
):
    """Active bookings of the frame's facility, not yet over, whose time of day meets
    ``starts``–``ends`` (default: the frame's own times)."""
    starts = starts or frame.starts
    ends = ends or frame.ends
    return Booking.objects.filter(
        room__facility_id=frame.facility_id,
        state__in=ACTIVE_STATES,
        ends_at__gt=timezone.now(),
        starts_at__time__lt=ends,
        ends_at__time__gt=starts,
    )


@transaction.atomic
def save_frame(
    actor: Any, facility: Facility, data: Mapping[str, Any], frame: TimeFrame | None = None
) -> TimeFrame:
    """Add a time frame to ``facility`` or change one.  Frames of one facility must not
    overlap; the times of a frame that future bookings use cannot be changed."""
    require_administrator(actor)
    old_times = None
    if frame is not None:
        frame = TimeFrame.objects.select_for_update().get(pk=frame.pk, facility=facility)
        old_times = (frame.starts, frame.ends)
    else:
        frame = TimeFrame(facility=facility)
    _assign(frame, data, FRAME_FIELDS)
    if frame.starts and frame.ends and frame.starts >= frame.ends:
        raise ValidationError({"ends": _("終了時刻は開始時刻より後にしてください。")})
    overlapping = (
        TimeFrame.objects.filter(facility=facility, starts__lt=frame.ends, ends__gt=frame.starts)
        .exclude(pk=frame.pk)
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            {
                "starts": _("「%(label)s」と時間が重なっています。時間を見直してください。")
                % {"label": overlapping.label}
            }
        )
    if old_times is not None and old_times != (frame.starts, frame.ends):
        original = TimeFrame(facility=facility, starts=old_times[0], ends=old_times[1])
        if future_bookings_in_frame(original).exists():
            raise ValidationError(
                {
                    "starts": _(
                        "この利用区分には今後の予約があるため、時間は変更できません。"
                        "名称のみ変更できます。"
                    )
                }
            )
    message = _("この施設には同じコードの利用区分があります。別のコードにしてください。")
    if TimeFrame.objects.filter(facility=facility, code=frame.code).exclude(pk=frame.pk).exists():
        raise ValidationError({"code": message})
    _save(frame, unique_message=message)
    return frame


@transaction.atomic
def delete_frame(actor: Any, frame: TimeFrame) -> None:
    """Delete a frame no future booking uses (its rates in every fee schedule go with it)."""
    require_administrator(actor)
    frame = TimeFrame.objects.select_for_update().get(pk=frame.pk)
    count = future_bookings_in_frame(frame).count()
    if count:
        raise ValidationError(
            _(
                "この利用区分には今後の予約が%(count)d件あるため削除できません。"
                "予約が終わってから削除してください。"
            )
            % {"count": count}
        )
    frame.delete()


# ----------------------------------------------------------------------- equipment


@transaction.atomic
def save_equipment(
    actor: Any, facility: Facility, data: Mapping[str, Any], item: Equipment | None = None
) -> Equipment:
    require_administrator(actor)
    if item is not None:
        item = Equipment.objects.select_for_update().get(pk=item.pk, facility=facility)
    else:
        item = Equipment(facility=facility)
    _assign(item, data, EQUIPMENT_FIELDS)
    if item.quantity is not None and item.quantity < 1:
        raise ValidationError({"quantity": _("数量は1以上にしてください。")})
    message = _("この施設には同じコードの備品があります。別のコードにしてください。")
    if Equipment.objects.filter(facility=facility, code=item.code).exclude(pk=item.pk).exists():
        raise ValidationError({"code": message})
    _save(item, unique_message=message)
    return item


@transaction.atomic
def delete_equipment(actor: Any, item: Equipment) -> None:
    """Delete equipment never booked (a booked one is kept for the booking records)."""
    require_administrator(actor)
    try:
        with transaction.atomic():
            Equipment.objects.filter(pk=item.pk).delete()
    except ProtectedError as error:
        raise ValidationError(
            _("この備品は予約で使われたことがあるため削除できません。数量を見直してください。")
        ) from error


# ------------------------------------------------------------------------ closures


@transaction.atomic
def add_closure(actor: Any, facility: Facility, data: Mapping[str, Any]) -> Closure:
    """Close ``facility`` (or one of its rooms) from ``first_day`` to ``last_day``.
    Bookings already made for those days are **not** cancelled: the caller shows them
    (:func:`yakuba.facilities.queries.catalogue.bookings_in_closure`)."""
    require_administrator(actor)
    closure = Closure(facility=facility)
    _assign(closure, data, CLOSURE_FIELDS)
    errors = {}
    if closure.room_id is not None and closure.room.facility_id != facility.pk:
        errors["room"] = _("この施設の部屋を選んでください。")
    if closure.first_day and closure.last_day and closure.first_day > closure.last_day:
        errors["last_day"] = _("終了日は開始日以後の日にしてください。")
    if errors:
        raise ValidationError(errors)
    closure.full_clean(validate_constraints=False)
    closure.save()
    return closure


@transaction.atomic
def delete_closure(actor: Any, closure: Closure) -> None:
    require_administrator(actor)
    Closure.objects.filter(pk=closure.pk).delete()
