"""Builders for the facilities tests: a facility with the usual three frames, a published
fee schedule, approved registrations and groups.  Plain functions over the models (test
data only; the code under test always goes through the services)."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone

from yakuba.facilities.models import (
    Equipment,
    EquipmentFee,
    Facility,
    FacilityKind,
    FeeRate,
    FeeSchedule,
    Group,
    GroupMember,
    Reduction,
    RegistrationState,
    Room,
    TimeFrame,
    UserClass,
    UserRegistration,
)

_numbers = itertools.count(1)

#: 午前 9–12, 午後 13–17, 夜間 18–21:30, as most community centres let their rooms.
STANDARD_FRAMES = (
    ("am", "午前", "Morning", datetime.time(9), datetime.time(12)),
    ("pm", "午後", "Afternoon", datetime.time(13), datetime.time(17)),
    ("night", "夜間", "Evening", datetime.time(18), datetime.time(21, 30)),
)

#: Yen per frame by user class, for the standard test room.
STANDARD_RATES = {
    UserClass.RESIDENT: 1000,
    UserClass.RESIDENT_GROUP: 1000,
    UserClass.NONRESIDENT: 1500,
    UserClass.NONRESIDENT_GROUP: 1500,
    UserClass.COMMERCIAL: 3000,
}


def make_facility(code: str = "", *, rooms: int = 1, capacity: int = 30, **fields: Any) -> Facility:
    number = next(_numbers)
    code = code or f"test-{number}"
    facility = Facility.objects.create(
        code=code,
        name=fields.pop("name", f"テスト地区会館{number}"),
        kind=fields.pop("kind", FacilityKind.COMMUNITY_CENTRE),
        **{"lottery_enabled": False, "booking_horizon_months": 3, **fields},
    )
    for frame_code, label, label_en, starts, ends in STANDARD_FRAMES:
        TimeFrame.objects.create(
            facility=facility,
            code=frame_code,
            label=label,
            label_en=label_en,
            starts=starts,
            ends=ends,
        )
    for index in range(1, rooms + 1):
        Room.objects.create(
            facility=facility, code=f"room-{index}", name=f"第{index}会議室", capacity=capacity
        )
    return facility


def publish_schedule(
    *,
    valid_from: datetime.date = datetime.date(2020, 4, 1),
    rates: dict[str, int] | None = None,
    facilities: list[Facility] | None = None,
    equipment_fee: int = 500,
    **fields: Any,
) -> FeeSchedule:
    """A published schedule with ``rates`` (per frame, by class) for every room and frame of
    ``facilities`` (default: all), ``equipment_fee`` for all equipment, and two reductions:
    ``city`` (市の主催 100%, staff only) and ``disability`` (障害者団体 50%, staff only)."""
    schedule = FeeSchedule.objects.create(
        title=fields.pop("title", "使用料"),
        valid_from=valid_from,
        published_at=timezone.now(),
        **fields,
    )
    rates = rates or STANDARD_RATES
    facilities = facilities if facilities is not None else list(Facility.objects.all())
    for facility in facilities:
        for room in facility.rooms.all():
            for frame in facility.frames.all():
                FeeRate.objects.bulk_create(
                    FeeRate(
                        schedule=schedule, room=room, frame=frame, user_class=cls, amount=amount
                    )
                    for cls, amount in rates.items()
                )
        for item in Equipment.objects.filter(facility=facility):
            EquipmentFee.objects.create(schedule=schedule, equipment=item, amount=equipment_fee)
    Reduction.objects.create(schedule=schedule, code="city", reason="市の主催", percent=100)
    Reduction.objects.create(
        schedule=schedule, code="disability", reason="障害者団体の活動", percent=50
    )
    return schedule


def approved_registration(
    user: Any = None, *, is_resident: bool = True, valid_days: int = 365, **fields: Any
) -> UserRegistration:
    number = next(_numbers)
    return UserRegistration.objects.create(
        user=user,
        number=f"U{number:07d}",
        name=fields.pop("name", f"利用者{number}"),
        name_kana=fields.pop("name_kana", "リヨウシャ"),
        address=fields.pop("address", "東京都武蔵村山市本町一丁目1番地"),
        phone=fields.pop("phone", "042-565-0000"),
        is_resident=is_resident,
        residence_source="document",
        state=RegistrationState.APPROVED,
        valid_until=timezone.localdate() + datetime.timedelta(days=valid_days),
        **fields,
    )


def approved_group(
    representative: UserRegistration, *, is_resident: bool = True, members: int = 5
) -> Group:
    number = next(_numbers)
    group = Group.objects.create(
        number=f"G{number:07d}",
        name=f"テスト団体{number}",
        name_kana="テストダンタイ",
        activity="合唱",
        representative=representative,
        contact_phone="042-565-0000",
        is_resident=is_resident,
        state=RegistrationState.APPROVED,
        valid_until=timezone.localdate() + datetime.timedelta(days=365),
    )
    GroupMember.objects.create(
        group=group, name=representative.name, is_resident=True, registration=representative
    )
    for index in range(members - 1):
        GroupMember.objects.create(group=group, name=f"構成員{index}", is_resident=is_resident)
    return group
