"""Staff setup services (facilities, rooms, frames, equipment, closures) and the catalogue
reads (search, fee table in force)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import override

from yakuba.facilities.models import (
    BookingState,
    Closure,
    ClosureKind,
    Equipment,
    FacilityKind,
    FeeRate,
    TimeFrame,
    UserClass,
)
from yakuba.facilities.queries import catalogue as queries
from yakuba.facilities.services import catalogue as services
from yakuba.facilities.services import reserve
from yakuba.facilities.tests.factories import (
    approved_registration,
    make_facility,
    publish_schedule,
)
from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return AssignmentFactory(
        org_unit=OrgUnitFactory(code="bunka", name="文化振興課"), role="admin"
    ).user


def facility_data(**overrides):
    return {
        "code": "chuo",
        "name": "中央公民館",
        "name_kana": "チュウオウコウミンカン",
        "kind": FacilityKind.COMMUNITY_CENTRE,
        "opens_at": datetime.time(9),
        "closes_at": datetime.time(21, 30),
        "closed_weekdays": [1],
        "lottery_opens_day": 1,
        "lottery_closes_day": 10,
        "lottery_draw_day": 12,
        "first_come_opens_day": 15,
        "booking_horizon_months": 2,
        "department": "bunka",
        **overrides,
    }


def booked(room, days_ahead=10, frames=("am",)):
    publish_schedule()
    return reserve(
        registration=approved_registration(),
        room=room,
        day=timezone.localdate() + datetime.timedelta(days=days_ahead),
        frame_codes=list(frames),
        purpose="会議",
        attendees=3,
    )


def test_creates_and_changes_a_facility(admin):
    facility = services.save_facility(admin, facility_data(closed_weekdays=[7, 1, 1]))
    assert (facility.code, facility.closed_weekdays) == ("chuo", [1, 7])
    services.save_facility(admin, {"name": "中央公民館（新館）"}, facility)
    facility.refresh_from_db()
    assert facility.name == "中央公民館（新館）"


def test_lottery_days_out_of_order_are_a_field_error(admin):
    with pytest.raises(ValidationError) as refused:
        services.save_facility(admin, facility_data(lottery_draw_day=9))
    assert list(refused.value.message_dict) == ["lottery_draw_day"]


def test_closing_before_opening_and_a_photo_without_alt_are_refused(admin):
    with pytest.raises(ValidationError) as refused:
        services.save_facility(
            admin, facility_data(closes_at=datetime.time(8), photo="facilities/a.jpg")
        )
    assert set(refused.value.message_dict) == {"closes_at", "photo_alt"}


def test_duplicate_facility_code_is_a_field_error(admin):
    make_facility("chuo")
    with pytest.raises(ValidationError) as refused:
        services.save_facility(admin, facility_data())
    assert refused.value.message_dict == {
        "code": ["このコードは既に使われています。別のコードにしてください。"]
    }


def test_only_administrators_change_the_setup(db):
    viewer = AssignmentFactory(org_unit=OrgUnitFactory(code="bunka"), role="approver").user
    with pytest.raises(PermissionDenied):
        services.save_facility(viewer, facility_data())


def test_room_fittings_are_kept_as_a_clean_list(admin):
    facility = make_facility()
    room = services.save_room(
        admin,
        facility,
        {"code": "hall", "name": "ホール", "capacity": 200, "equipment": [" 舞台 ", "", "音響"]},
    )
    assert room.equipment == ["舞台", "音響"]


def test_deactivating_a_room_keeps_its_bookings(admin):
    room = make_facility().rooms.get()
    booking = booked(room)
    services.deactivate_room(admin, room)
    booking.refresh_from_db()
    assert (room.is_active, booking.state) == (False, BookingState.HELD)


def test_overlapping_frames_are_refused(admin):
    facility = make_facility()
    with pytest.raises(ValidationError) as refused:
        services.save_frame(
            admin,
            facility,
            {"code": "noon", "label": "昼", "starts": datetime.time(11), "ends": datetime.time(14)},
        )
    assert list(refused.value.message_dict) == ["starts"]


def test_a_frame_with_future_bookings_cannot_be_deleted_or_retimed(admin):
    facility = make_facility()
    booked(facility.rooms.get(), frames=("am", "pm"))
    pm = TimeFrame.objects.get(facility=facility, code="pm")
    with pytest.raises(ValidationError) as refused:
        services.delete_frame(admin, pm)
    assert refused.value.messages == [
        "この利用区分には今後の予約が1件あるため削除できません。予約が終わってから削除してください。"
    ]
    with pytest.raises(ValidationError):
        services.save_frame(admin, facility, {"ends": datetime.time(16)}, pm)
    services.save_frame(admin, facility, {"label": "午後の部"}, pm)
    pm.refresh_from_db()
    assert (pm.label, pm.ends) == ("午後の部", datetime.time(17))


def test_a_frame_without_future_bookings_is_deleted_with_its_rates(admin):
    facility = make_facility()
    booked(facility.rooms.get(), frames=("am",))
    night = TimeFrame.objects.get(facility=facility, code="night")
    assert FeeRate.objects.filter(frame=night).count() == 5
    services.delete_frame(admin, night)
    assert not TimeFrame.objects.filter(pk=night.pk).exists()
    assert not FeeRate.objects.filter(frame_id=night.pk).exists()


def test_booked_equipment_cannot_be_deleted(admin):
    facility = make_facility()
    projector = Equipment.objects.create(facility=facility, code="p", name="プロジェクター")
    publish_schedule()
    reserve(
        registration=approved_registration(),
        room=facility.rooms.get(),
        day=timezone.localdate() + datetime.timedelta(days=10),
        frame_codes=["am"],
        purpose="会議",
        attendees=3,
        equipment={projector: 1},
    )
    with pytest.raises(ValidationError):
        services.delete_equipment(admin, projector)
    unused = Equipment.objects.create(facility=facility, code="mic", name="マイク")
    services.delete_equipment(admin, unused)
    assert not Equipment.objects.filter(pk=unused.pk).exists()


def test_a_closure_lists_the_bookings_it_meets_without_cancelling_them(admin):
    facility = make_facility(rooms=2)
    first, second = facility.rooms.order_by("code")
    inside = booked(first, days_ahead=10)
    reserve(
        registration=approved_registration(),
        room=second,
        day=timezone.localdate() + datetime.timedelta(days=10),
        frame_codes=["pm"],
        purpose="会議",
        attendees=3,
    )
    booked_later = reserve(
        registration=approved_registration(),
        room=first,
        day=timezone.localdate() + datetime.timedelta(days=12),
        frame_codes=["pm"],
        purpose="会議",
        attendees=3,
    )
    day = timezone.localdate() + datetime.timedelta(days=10)
    closure = services.add_closure(
        admin,
        facility,
        {
            "kind": ClosureKind.MAINTENANCE,
            "room": first,
            "first_day": day,
            "last_day": day,
            "reason": "空調点検",
        },
    )
    assert queries.bookings_in_closure(closure) == [inside]
    inside.refresh_from_db()
    assert inside.state == BookingState.HELD
    assert booked_later.state == BookingState.HELD
    services.delete_closure(admin, closure)
    assert not Closure.objects.exists()


def test_a_closure_ending_before_it_starts_is_refused(admin):
    facility = make_facility()
    day = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.add_closure(
            admin,
            facility,
            {
                "kind": ClosureKind.HOLIDAY,
                "room": None,
                "first_day": day,
                "last_day": day - datetime.timedelta(days=1),
                "reason": "年末年始",
            },
        )
    assert list(refused.value.message_dict) == ["last_day"]


def test_search_is_kana_and_width_insensitive():
    make_facility("chuo", name="中央公民館", name_kana="チュウオウコウミンカン")
    make_facility("gym", name="総合体育館", name_kana="ソウゴウタイイクカン", kind="gym")
    make_facility("closed", name="旧公民館", name_kana="キュウコウミンカン", is_active=False)
    codes = [facility.code for facility in queries.catalogue_facilities(text="こうみんかん")]
    assert codes == ["chuo"]
    assert [f.code for f in queries.catalogue_facilities(text="ｿｳｺﾞｳ")] == ["gym"]
    assert [f.code for f in queries.catalogue_facilities(kind="gym")] == ["gym"]
    assert queries.catalogue_facilities(kind="gym", text="公民館") == []


def test_fee_table_is_the_schedule_in_force_today():
    facility = make_facility()
    publish_schedule(valid_from=datetime.date(2020, 4, 1))
    publish_schedule(
        valid_from=timezone.localdate() + datetime.timedelta(days=1),
        rates={cls: 9999 for cls in UserClass.values},
    )
    table = queries.fee_table_on(facility, timezone.localdate())
    assert [row.amounts for row in table.rows] == [[1000, 1000, 1500, 1500, 3000]] * 3
    assert [reduction.code for reduction in table.reductions] == ["city", "disability"]


def test_english_names_are_used_on_english_pages():
    facility = make_facility(name="中央公民館", name_en="Central Community Centre")
    with override("en"):
        assert queries.localized(facility, "name") == "Central Community Centre"
        assert queries.localized(facility, "description") == ""
    with override("ja"):
        assert queries.localized(facility, "name") == "中央公民館"
