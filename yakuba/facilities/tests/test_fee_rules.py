"""Fee rules (使用料) across dates of effect, time frames and user classes: which schedule is
in force, sums over frames, equipment, reductions and their rounding, and that a booking
keeps what it was charged."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yakuba.facilities.models import (
    Equipment,
    EquipmentFee,
    FeeRate,
    FeeSchedule,
    Reduction,
    TimeFrame,
    UserClass,
)
from yakuba.facilities.services import FeeNotSet, quote_fee, reserve, schedule_on
from yakuba.facilities.services import fee_schedules as schedules
from yakuba.facilities.tests.factories import (
    approved_group,
    approved_registration,
    make_facility,
    publish_schedule,
)
from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

NEW_YEAR = datetime.date(2025, 4, 1)
OLD_RATES = {
    UserClass.RESIDENT: 1000,
    UserClass.RESIDENT_GROUP: 800,
    UserClass.NONRESIDENT: 1500,
    UserClass.NONRESIDENT_GROUP: 1200,
    UserClass.COMMERCIAL: 3000,
}
NEW_RATES = {
    UserClass.RESIDENT: 1100,
    UserClass.RESIDENT_GROUP: 900,
    UserClass.NONRESIDENT: 1650,
    UserClass.NONRESIDENT_GROUP: 1350,
    UserClass.COMMERCIAL: 3300,
}


@pytest.fixture
def facility():
    facility = make_facility()
    Equipment.objects.create(facility=facility, code="projector", name="プロジェクター", quantity=2)
    return facility


@pytest.fixture
def room(facility):
    return facility.rooms.get()


def frames(facility, *codes):
    by_code = {frame.code: frame for frame in facility.frames.all()}
    return [by_code[code] for code in codes]


def quote(room, codes, user_class=UserClass.RESIDENT, day=NEW_YEAR, **options):
    return quote_fee(
        room=room, frames=frames(room.facility, *codes), user_class=user_class, day=day, **options
    )


@pytest.fixture
def two_years(facility):
    old = publish_schedule(valid_from=datetime.date(2024, 4, 1), rates=OLD_RATES)
    new = publish_schedule(valid_from=NEW_YEAR, rates=NEW_RATES, title="新使用料")
    return old, new


def test_the_day_before_a_new_schedule_uses_the_old_amounts(room, two_years):
    old, _new = two_years
    result = quote(room, ["am"], day=NEW_YEAR - datetime.timedelta(days=1))
    assert (result.schedule, result.room_fee) == (old, 1000)


def test_on_the_day_of_effect_and_after_the_new_amounts_apply(room, two_years):
    _old, new = two_years
    on_the_day = quote(room, ["am"], day=NEW_YEAR)
    later = quote(room, ["am"], day=NEW_YEAR + datetime.timedelta(days=200))
    assert (on_the_day.schedule, on_the_day.room_fee) == (new, 1100)
    assert (later.schedule, later.room_fee) == (new, 1100)


def test_a_draft_schedule_is_never_used(room, two_years):
    _old, new = two_years
    draft = FeeSchedule.objects.create(title="下書き", valid_from=NEW_YEAR + datetime.timedelta(1))
    FeeRate.objects.bulk_create(
        FeeRate(schedule=draft, room=room, frame=frame, user_class=cls, amount=1)
        for frame in room.facility.frames.all()
        for cls in UserClass.values
    )
    day = NEW_YEAR + datetime.timedelta(days=30)
    assert schedule_on(day) == new
    assert quote(room, ["am"], day=day).room_fee == 1100


def test_no_published_schedule_before_the_first_one(room, two_years):
    with pytest.raises(FeeNotSet) as refused:
        schedule_on(datetime.date(2024, 3, 31))
    assert refused.value.messages == [
        "この日の使用料が定められていません。施設にお問い合わせください。"
    ]


def test_consecutive_frames_are_summed_per_frame(room, two_years):
    result = quote(room, ["am", "pm", "night"], user_class=UserClass.NONRESIDENT)
    assert result.room_fee == 3 * 1650
    assert [line.amount for line in result.lines] == [1650, 1650, 1650]
    assert result.total == 4950


def test_frames_with_different_rates_are_summed_as_set(facility, room):
    schedule = publish_schedule(valid_from=NEW_YEAR, rates=OLD_RATES)
    night = TimeFrame.objects.get(facility=facility, code="night")
    FeeRate.objects.filter(
        schedule=schedule, frame=night, user_class=UserClass.RESIDENT_GROUP
    ).update(amount=1300)
    result = quote(room, ["pm", "night"], user_class=UserClass.RESIDENT_GROUP)
    assert result.room_fee == 800 + 1300


def test_commercial_use_pays_the_commercial_rate_whoever_books(room, two_years):
    registration = approved_registration()
    booking = reserve(
        registration=registration,
        room=room,
        day=timezone.localdate() + datetime.timedelta(days=10),
        frame_codes=["am", "pm"],
        purpose="販売会",
        attendees=10,
        commercial=True,
    )
    assert booking.user_class == UserClass.COMMERCIAL
    assert (booking.room_fee, booking.fee) == (6600, 6600)


def test_non_resident_group_pays_the_non_resident_group_rate(room, two_years):
    representative = approved_registration(is_resident=False)
    group = approved_group(representative, is_resident=False)
    booking = reserve(
        registration=representative,
        room=room,
        day=timezone.localdate() + datetime.timedelta(days=10),
        frame_codes=["night"],
        purpose="練習",
        attendees=5,
        group=group,
    )
    assert (booking.user_class, booking.room_fee) == (UserClass.NONRESIDENT_GROUP, 1350)


def test_a_missing_rate_is_fee_not_set_naming_the_frame(facility, room):
    schedule = publish_schedule(valid_from=NEW_YEAR, rates=OLD_RATES)
    FeeRate.objects.filter(
        schedule=schedule, frame__code="night", user_class=UserClass.COMMERCIAL
    ).delete()
    assert quote(room, ["night"], user_class=UserClass.RESIDENT).room_fee == 1000
    with pytest.raises(FeeNotSet) as refused:
        quote(room, ["pm", "night"], user_class=UserClass.COMMERCIAL)
    assert refused.value.messages == [
        "夜間の使用料が定められていません。施設にお問い合わせください。"
    ]


def test_equipment_fee_is_rate_times_quantity_times_frames(facility, room):
    publish_schedule(valid_from=NEW_YEAR, rates=OLD_RATES, equipment_fee=300)
    projector = Equipment.objects.get(facility=facility, code="projector")
    result = quote(room, ["am", "pm", "night"], equipment={projector: 2})
    assert result.equipment_fee == 300 * 2 * 3
    assert result.equipment == {projector.pk: (2, 1800)}
    assert result.total == 3000 + 1800


def test_equipment_over_its_quantity_is_refused(facility, room):
    publish_schedule(valid_from=NEW_YEAR, rates=OLD_RATES)
    projector = Equipment.objects.get(facility=facility, code="projector")
    with pytest.raises(ValidationError) as refused:
        quote(room, ["am"], equipment={projector: 3})
    assert refused.value.message_dict == {"equipment": ["プロジェクターは2個までです。"]}


def test_equipment_without_a_fee_in_the_schedule_is_free(facility, room):
    publish_schedule(valid_from=NEW_YEAR, rates=OLD_RATES)
    piano = Equipment.objects.create(facility=facility, code="piano", name="ピアノ")
    assert quote(room, ["am"], equipment={piano: 1}).equipment_fee == 0


def test_half_reduction_rounds_the_reduction_down_to_the_yen(facility, room):
    schedule = publish_schedule(valid_from=NEW_YEAR, rates=OLD_RATES)
    FeeRate.objects.filter(schedule=schedule, user_class=UserClass.RESIDENT).update(amount=1555)
    result = quote(room, ["am"], reduction_code="disability")
    assert (result.room_fee, result.reduction_amount, result.total) == (1555, 777, 778)


def test_half_reduction_covers_equipment_too(facility, room):
    schedule = publish_schedule(valid_from=NEW_YEAR, rates=OLD_RATES, equipment_fee=333)
    FeeRate.objects.filter(schedule=schedule, user_class=UserClass.RESIDENT).update(amount=1001)
    projector = Equipment.objects.get(facility=facility, code="projector")
    result = quote(room, ["am"], equipment={projector: 1}, reduction_code="disability")
    assert result.reduction_amount == (1001 + 333) // 2
    assert result.total == 1334 - 667


def test_full_reduction_makes_the_total_zero(room, two_years):
    result = quote(
        room, ["am", "pm"], user_class=UserClass.NONRESIDENT_GROUP, reduction_code="city"
    )
    assert (result.room_fee, result.reduction_amount, result.total) == (2700, 2700, 0)


def test_a_reduction_of_another_schedule_is_not_applied(room, two_years):
    old, _new = two_years
    Reduction.objects.create(schedule=old, code="old-only", reason="旧減免", percent=30)
    with pytest.raises(ValidationError) as refused:
        quote(room, ["am"], reduction_code="old-only")
    assert refused.value.message_dict == {"reduction": ["この減免は適用できません。"]}


def test_a_booking_keeps_its_charged_amounts_after_a_new_schedule_is_published(facility, room):
    publish_schedule(valid_from=datetime.date(2024, 4, 1), rates=OLD_RATES, equipment_fee=200)
    admin = AssignmentFactory(
        org_unit=OrgUnitFactory(code="bunka", name="文化振興課"), role="admin"
    ).user
    day = timezone.localdate() + datetime.timedelta(days=20)
    projector = Equipment.objects.get(facility=facility, code="projector")
    booking = reserve(
        registration=approved_registration(),
        room=room,
        day=day,
        frame_codes=["am"],
        purpose="会議",
        attendees=4,
        equipment={projector: 1},
    )
    charged = (booking.fee_schedule_id, booking.room_fee, booking.equipment_fee, booking.fee)
    old = booking.fee_schedule
    new = schedules.create_schedule(
        admin, title="改定", valid_from=timezone.localdate(), copy_from=old
    )
    FeeRate.objects.filter(schedule=new).update(amount=5000)
    EquipmentFee.objects.filter(schedule=new).update(amount=900)
    schedules.publish_schedule(admin, new)

    booking.refresh_from_db()
    assert (
        booking.fee_schedule_id,
        booking.room_fee,
        booking.equipment_fee,
        booking.fee,
    ) == charged
    assert charged[1:] == (1000, 200, 1200)
    assert quote(room, ["am"], day=day).room_fee == 5000
