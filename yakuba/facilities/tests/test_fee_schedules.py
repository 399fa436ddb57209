"""Fee schedules as staff edit them: drafts, copies, rates, publishing and immutability."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from yakuba.facilities.models import (
    Equipment,
    EquipmentFee,
    FeeRate,
    FeeSchedule,
    Reduction,
    Room,
    UserClass,
)
from yakuba.facilities.services import fee_schedules as services
from yakuba.facilities.tests.factories import make_facility, publish_schedule
from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

LOCKED = (
    "公開済みの料金表は変更できません。変更するときは、この料金表を複写して"
    "新しい料金表（下書き）を作成してください。"
)


@pytest.fixture
def bunka(db):
    return OrgUnitFactory(code="bunka", name="文化振興課")


@pytest.fixture
def admin(bunka):
    return AssignmentFactory(org_unit=bunka, role="admin").user


@pytest.fixture
def viewer(bunka):
    return AssignmentFactory(org_unit=bunka, role="viewer").user


@pytest.fixture
def facility():
    facility = make_facility(rooms=2)
    Equipment.objects.create(facility=facility, code="piano", name="ピアノ")
    return facility


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


def full_rates(facility, amount=1000) -> dict:
    return {
        (room.pk, frame.pk, cls): amount
        for room in facility.rooms.all()
        for frame in facility.frames.all()
        for cls in UserClass.values
    }


def test_creates_an_empty_draft(admin, facility):
    schedule = services.create_schedule(admin, title=" 令和9年度 ", valid_from=tomorrow())
    assert (schedule.title, schedule.is_published, schedule.rates.count()) == (
        "令和9年度",
        False,
        0,
    )


def test_copy_takes_every_rate_fee_reduction_and_policy_field(admin, facility):
    source = publish_schedule(
        valid_from=datetime.date(2024, 4, 1),
        equipment_fee=700,
        free_cancellation_days=14,
        late_cancellation_percent=30,
        payment_days=10,
        payment_days_before_use=3,
        note="条例別表第2",
    )
    Reduction.objects.filter(schedule=source, code="city").update(reason_en="City events")
    copy = services.create_schedule(admin, title="写し", valid_from=tomorrow(), copy_from=source)

    def rates(schedule):
        return sorted(
            FeeRate.objects.filter(schedule=schedule).values_list(
                "room_id", "frame_id", "user_class", "amount"
            )
        )

    assert rates(copy) == rates(source) and len(rates(copy)) == 2 * 3 * 5
    assert list(EquipmentFee.objects.filter(schedule=copy).values_list("amount", flat=True)) == [
        700
    ]
    assert sorted(
        copy.reductions.values_list("code", "reason", "reason_en", "percent", "staff_only")
    ) == [
        ("city", "市の主催", "City events", 100, True),
        ("disability", "障害者団体の活動", "", 50, True),
    ]
    assert (
        copy.free_cancellation_days,
        copy.late_cancellation_percent,
        copy.payment_days,
        copy.payment_days_before_use,
        copy.note,
        copy.is_published,
    ) == (14, 30, 10, 3, "条例別表第2", False)
    assert source.rates.count() == 30  # the source is untouched


def test_a_valid_from_in_the_past_is_refused(admin):
    with pytest.raises(ValidationError) as refused:
        services.create_schedule(
            admin, title="過去", valid_from=timezone.localdate() - datetime.timedelta(days=1)
        )
    assert refused.value.message_dict == {
        "valid_from": ["適用開始日は今日以降の日にしてください。"]
    }


def test_sets_changes_and_removes_rates(admin, facility):
    schedule = services.create_schedule(admin, title="案", valid_from=tomorrow())
    room = facility.rooms.first()
    frame = facility.frames.first()
    cell = (room.pk, frame.pk, UserClass.RESIDENT)
    services.set_rates(admin, schedule, facility, {cell: 1200})
    services.set_rates(admin, schedule, facility, {cell: 1300})
    assert FeeRate.objects.get(schedule=schedule).amount == 1300
    services.set_rates(admin, schedule, facility, {cell: None})
    assert not FeeRate.objects.filter(schedule=schedule).exists()


def test_rates_of_another_facility_are_refused(admin, facility):
    other = make_facility()
    schedule = services.create_schedule(admin, title="案", valid_from=tomorrow())
    cell = (other.rooms.get().pk, other.frames.first().pk, UserClass.RESIDENT)
    with pytest.raises(ValidationError):
        services.set_rates(admin, schedule, facility, {cell: 100})


def test_publish_lists_the_missing_rates(admin, facility):
    schedule = services.create_schedule(admin, title="案", valid_from=tomorrow())
    rates = full_rates(facility)
    first_room = facility.rooms.order_by("code").first()
    night = facility.frames.get(code="night")
    del rates[(first_room.pk, night.pk, UserClass.COMMERCIAL)]
    services.set_rates(admin, schedule, facility, rates)
    with pytest.raises(ValidationError) as refused:
        services.publish_schedule(admin, schedule)
    assert refused.value.messages == [
        f"使用料が入力されていない区分があるため公開できません（1件: {facility.name} 第1会議室 夜間 営利目的）。"
    ]
    schedule.refresh_from_db()
    assert not schedule.is_published


def test_inactive_rooms_and_facilities_need_no_rates(admin, facility):
    closed = make_facility(is_active=False)
    Room.objects.filter(facility=facility, code="room-2").update(is_active=False)
    schedule = services.create_schedule(admin, title="案", valid_from=tomorrow())
    room = facility.rooms.get(code="room-1")
    services.set_rates(
        admin,
        schedule,
        facility,
        {key: amount for key, amount in full_rates(facility).items() if key[0] == room.pk},
    )
    published = services.publish_schedule(admin, schedule)
    assert published.published_by == admin and published.published_at is not None
    assert closed.rooms.exists()


def test_publish_refuses_a_second_schedule_for_the_same_day(admin, facility):
    first = services.create_schedule(admin, title="一", valid_from=tomorrow())
    second = services.create_schedule(admin, title="二", valid_from=tomorrow())
    for schedule in (first, second):
        services.set_rates(admin, schedule, facility, full_rates(facility))
    services.publish_schedule(admin, first)
    with pytest.raises(ValidationError) as refused:
        services.publish_schedule(admin, second)
    assert refused.value.message_dict == {
        "valid_from": ["同じ適用開始日の料金表が既に公開されています。適用開始日を変えてください。"]
    }


def test_the_database_refuses_two_published_schedules_for_one_day(facility):
    publish_schedule(valid_from=tomorrow())
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeSchedule.objects.create(title="二", valid_from=tomorrow(), published_at=timezone.now())


def test_publish_refuses_a_date_of_effect_already_past(admin, facility):
    schedule = services.create_schedule(admin, title="案", valid_from=timezone.localdate())
    services.set_rates(admin, schedule, facility, full_rates(facility))
    FeeSchedule.objects.filter(pk=schedule.pk).update(
        valid_from=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as refused:
        services.publish_schedule(admin, schedule)
    assert "valid_from" in refused.value.message_dict


def test_a_published_schedule_is_immutable(admin, facility):
    schedule = publish_schedule(valid_from=datetime.date(2024, 4, 1))
    reduction = schedule.reductions.get(code="city")
    piano = Equipment.objects.get(code="piano")
    cell = (facility.rooms.first().pk, facility.frames.first().pk, UserClass.RESIDENT)
    attempts = [
        lambda: services.update_schedule(admin, schedule, {"title": "改"}),
        lambda: services.set_rates(admin, schedule, facility, {cell: 1}),
        lambda: services.set_rates(admin, schedule, facility, {cell: None}),
        lambda: services.set_equipment_fees(admin, schedule, facility, {piano.pk: 1}),
        lambda: services.save_reduction(
            admin, schedule, {"code": "new", "reason": "新", "percent": 10, "staff_only": True}
        ),
        lambda: services.save_reduction(admin, schedule, {"percent": 10}, reduction),
        lambda: services.delete_reduction(admin, reduction),
        lambda: services.delete_schedule(admin, schedule),
        lambda: services.publish_schedule(admin, schedule),
    ]
    before = sorted(FeeRate.objects.filter(schedule=schedule).values_list("pk", "amount"))
    for attempt in attempts:
        with pytest.raises(services.ScheduleLocked) as refused:
            attempt()
        assert refused.value.messages == [LOCKED]
    assert sorted(FeeRate.objects.filter(schedule=schedule).values_list("pk", "amount")) == before
    assert schedule.reductions.count() == 2
    assert FeeSchedule.objects.get(pk=schedule.pk).title == "使用料"


def test_reduction_percent_must_be_between_1_and_100(admin):
    schedule = services.create_schedule(admin, title="案", valid_from=tomorrow())
    for percent in (0, 101):
        with pytest.raises(ValidationError) as refused:
            services.save_reduction(
                admin, schedule, {"code": "x", "reason": "理由", "percent": percent}
            )
        assert refused.value.message_dict == {"percent": ["減免率は1〜100％で入力してください。"]}
    saved = services.save_reduction(
        admin, schedule, {"code": "x", "reason": "理由", "percent": 100, "staff_only": False}
    )
    assert (saved.percent, saved.staff_only) == (100, False)


def test_duplicate_reduction_code_is_a_field_error(admin):
    schedule = services.create_schedule(admin, title="案", valid_from=tomorrow())
    services.save_reduction(admin, schedule, {"code": "x", "reason": "理由", "percent": 10})
    with pytest.raises(ValidationError) as refused:
        services.save_reduction(admin, schedule, {"code": "x", "reason": "別", "percent": 20})
    assert list(refused.value.message_dict) == ["code"]


def test_sets_and_removes_equipment_fees(admin, facility):
    schedule = services.create_schedule(admin, title="案", valid_from=tomorrow())
    piano = Equipment.objects.get(code="piano")
    services.set_equipment_fees(admin, schedule, facility, {piano.pk: 2000})
    assert EquipmentFee.objects.get(schedule=schedule).amount == 2000
    services.set_equipment_fees(admin, schedule, facility, {piano.pk: None})
    assert not EquipmentFee.objects.filter(schedule=schedule).exists()


def test_a_draft_can_be_deleted(admin):
    schedule = services.create_schedule(admin, title="案", valid_from=tomorrow())
    services.delete_schedule(admin, schedule)
    assert not FeeSchedule.objects.filter(pk=schedule.pk).exists()


def test_only_administrators_change_schedules(viewer, admin, facility):
    with pytest.raises(PermissionDenied):
        services.create_schedule(viewer, title="案", valid_from=tomorrow())
    schedule = services.create_schedule(admin, title="案", valid_from=tomorrow())
    with pytest.raises(PermissionDenied):
        services.publish_schedule(viewer, schedule)
    with pytest.raises(PermissionDenied):
        services.set_rates(viewer, schedule, facility, full_rates(facility))
