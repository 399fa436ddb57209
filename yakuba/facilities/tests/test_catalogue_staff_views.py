"""Staff setup pages: who may open them, forms with Japanese errors, no 500 on bad input."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from yakuba.facilities.models import (
    Closure,
    ClosureKind,
    Equipment,
    Facility,
    FeeRate,
    FeeSchedule,
    Room,
    TimeFrame,
    UserClass,
)
from yakuba.facilities.services import fee_schedules, reserve
from yakuba.facilities.tests.factories import (
    approved_registration,
    make_facility,
    publish_schedule,
)
from yakuba.identity.testing import login_citizen, login_staff
from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bunka(db):
    return OrgUnitFactory(code="bunka", name="文化振興課")


@pytest.fixture
def admin(bunka):
    return AssignmentFactory(org_unit=bunka, role="admin", user__email="admin@bunka.jp").user


@pytest.fixture
def viewer(bunka):
    return AssignmentFactory(org_unit=bunka, role="viewer", user__email="view@bunka.jp").user


@pytest.fixture
def world(admin):
    facility = make_facility("chuo", name="中央公民館")
    Equipment.objects.create(facility=facility, code="piano", name="ピアノ")
    published = publish_schedule()
    draft = fee_schedules.create_schedule(
        admin, title="次年度", valid_from=timezone.localdate() + datetime.timedelta(days=30)
    )
    closure = Closure.objects.create(
        facility=facility,
        kind=ClosureKind.HOLIDAY,
        first_day=timezone.localdate() + datetime.timedelta(days=5),
        last_day=timezone.localdate() + datetime.timedelta(days=6),
        reason="年末年始",
    )
    return {
        "facility": facility,
        "room": facility.rooms.get(),
        "frame": facility.frames.get(code="am"),
        "equipment": Equipment.objects.get(code="piano"),
        "published": published,
        "draft": draft,
        "closure": closure,
        "reduction": draft.reductions.create(code="x", reason="理由", percent=10),
    }


def url(name: str, world: dict) -> str:
    facility = world["facility"].pk
    draft = world["draft"].pk
    args = {
        "setup_facility_list": [],
        "setup_facility_new": [],
        "setup_facility_detail": [facility],
        "setup_facility_edit": [facility],
        "setup_room_new": [facility],
        "setup_room_edit": [facility, world["room"].pk],
        "setup_frame_new": [facility],
        "setup_frame_edit": [facility, world["frame"].pk],
        "setup_equipment_new": [facility],
        "setup_equipment_edit": [facility, world["equipment"].pk],
        "setup_closure_new": [facility],
        "setup_closure_detail": [facility, world["closure"].pk],
        "setup_schedule_list": [],
        "setup_schedule_new": [],
        "setup_schedule_detail": [draft],
        "setup_schedule_edit": [draft],
        "setup_schedule_rates": [draft, facility],
        "setup_reduction_new": [draft],
        "setup_reduction_edit": [draft, world["reduction"].pk],
    }[name]
    return reverse(f"console:facilities:{name}", args=args)


VIEW_PAGES = [
    "setup_facility_list",
    "setup_facility_detail",
    "setup_closure_detail",
    "setup_schedule_list",
    "setup_schedule_detail",
    "setup_schedule_rates",
]
CHANGE_PAGES = [
    "setup_facility_new",
    "setup_facility_edit",
    "setup_room_new",
    "setup_room_edit",
    "setup_frame_new",
    "setup_frame_edit",
    "setup_equipment_new",
    "setup_equipment_edit",
    "setup_closure_new",
    "setup_schedule_new",
    "setup_schedule_edit",
    "setup_reduction_new",
    "setup_reduction_edit",
]


@pytest.mark.parametrize("name", VIEW_PAGES + CHANGE_PAGES)
def test_administrator_opens_every_page(client, admin, world, name):
    response = login_staff(client, admin).get(url(name, world))
    assert response.status_code == 200


@pytest.mark.parametrize("name", VIEW_PAGES + CHANGE_PAGES)
def test_viewer_sees_but_cannot_change(client, viewer, world, name):
    response = login_staff(client, viewer).get(url(name, world))
    assert response.status_code == (200 if name in VIEW_PAGES else 403)


@pytest.mark.parametrize("name", VIEW_PAGES + CHANGE_PAGES)
def test_staff_of_another_division_are_refused(client, clerk_a, world, name):
    response = login_staff(client, clerk_a).get(url(name, world))
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["setup_facility_list", "setup_schedule_detail"])
def test_anonymous_and_citizens_are_sent_to_the_staff_login(client, citizen, world, name):
    anonymous = client.get(url(name, world))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("console:login"))
    signed_in = login_citizen(client, citizen).get(url(name, world))
    assert signed_in.status_code == 302


def test_viewer_cannot_post_to_a_view_page_and_nothing_changes(client, viewer, world):
    closure = world["closure"]
    response = login_staff(client, viewer).post(url("setup_closure_detail", world))
    assert response.status_code == 403
    assert Closure.objects.filter(pk=closure.pk).exists()
    publish = reverse("console:facilities:setup_schedule_publish", args=[world["draft"].pk])
    assert client.post(publish).status_code == 403


def test_creates_a_facility_and_reports_errors_in_japanese(client, admin, world):
    login_staff(client, admin)
    bad = client.post(
        url("setup_facility_new", world),
        {
            "code": "chuo",
            "name": "",
            "kind": "nonsense",
            "opens_at": "25:00",
            "closes_at": "21:30",
            "postal_code": "12",
            "phone": "abc",
            "booking_horizon_months": "２",
            "lottery_opens_day": "1",
            "lottery_closes_day": "10",
            "lottery_draw_day": "12",
            "first_come_opens_day": "15",
            "department": "bunka",
        },
    )
    assert bad.status_code == 200
    html = bad.content.decode()
    assert "入力内容に問題があります" in html
    assert "このフィールドは必須です。" in html
    assert Facility.objects.count() == 1
    good = client.post(
        url("setup_facility_new", world),
        {
            "code": "gym",
            "name": "総合体育館",
            "kind": "gym",
            "opens_at": "09:00",
            "closes_at": "21:00",
            "postal_code": "〒２０８－０００４",
            "phone": "042-565-2222",
            "closed_weekdays": ["1", "4"],
            "booking_horizon_months": "２",
            "lottery_enabled": "on",
            "lottery_opens_day": "1",
            "lottery_closes_day": "10",
            "lottery_draw_day": "12",
            "first_come_opens_day": "15",
            "department": "bunka",
            "is_active": "on",
        },
    )
    gym = Facility.objects.get(code="gym")
    assert good.status_code == 302
    assert (gym.postal_code, gym.closed_weekdays, gym.booking_horizon_months) == (
        "208-0004",
        [1, 4],
        2,
    )


def test_duplicate_code_and_lottery_days_are_form_errors(client, admin, world):
    login_staff(client, admin)
    response = client.post(
        url("setup_facility_edit", world),
        {
            "code": "chuo",
            "name": "中央公民館",
            "kind": "kominkan",
            "opens_at": "09:00",
            "closes_at": "21:30",
            "booking_horizon_months": "2",
            "lottery_opens_day": "10",
            "lottery_closes_day": "5",
            "lottery_draw_day": "12",
            "first_come_opens_day": "15",
            "department": "bunka",
        },
    )
    assert response.status_code == 200
    assert "抽選申込開始日 ≦ 抽選申込締切日" in response.content.decode()


def test_adds_a_room_with_full_width_capacity(client, admin, world):
    login_staff(client, admin)
    response = client.post(
        url("setup_room_new", world),
        {"code": "hall", "name": "ホール", "capacity": "２００", "equipment": "舞台\n音響"},
    )
    assert response.status_code == 302
    hall = Room.objects.get(code="hall")
    assert (hall.capacity, hall.equipment) == (200, ["舞台", "音響"])


def test_deactivates_a_room(client, admin, world):
    login_staff(client, admin)
    response = client.post(url("setup_room_edit", world), {"action": "deactivate"})
    assert response.status_code == 302
    world["room"].refresh_from_db()
    assert not world["room"].is_active


def test_overlapping_frame_is_a_form_error(client, admin, world):
    login_staff(client, admin)
    response = client.post(
        url("setup_frame_new", world),
        {"code": "noon", "label": "昼", "starts": "11:00", "ends": "14:00"},
    )
    assert response.status_code == 200
    assert "「午前」と時間が重なっています。" in response.content.decode()


def test_deleting_a_frame_with_future_bookings_is_refused_with_a_message(client, admin, world):
    reserve(
        registration=approved_registration(),
        room=world["room"],
        day=timezone.localdate() + datetime.timedelta(days=10),
        frame_codes=["am"],
        purpose="会議",
        attendees=3,
    )
    login_staff(client, admin)
    response = client.post(url("setup_frame_edit", world), {"action": "delete"}, follow=True)
    assert "今後の予約が1件あるため削除できません" in response.content.decode()
    assert TimeFrame.objects.filter(pk=world["frame"].pk).exists()


def test_adding_a_closure_warns_of_the_bookings_in_it(client, admin, world):
    day = timezone.localdate() + datetime.timedelta(days=10)
    booking = reserve(
        registration=approved_registration(),
        room=world["room"],
        day=day,
        frame_codes=["pm"],
        purpose="会議",
        attendees=3,
    )
    login_staff(client, admin)
    response = client.post(
        url("setup_closure_new", world),
        {
            "kind": "maintenance",
            "room": "",
            "first_day": day.isoformat(),
            "last_day": day.isoformat(),
            "reason": "電気設備の点検",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "この期間に有効な予約が1件あります。" in html
    assert "予約は自動では取り消されません" in html
    assert booking.holder_name not in html or booking.holder_name == ""
    booking.refresh_from_db()
    assert booking.state == "held"


def test_closure_with_bad_dates_is_a_form_error(client, admin, world):
    login_staff(client, admin)
    response = client.post(
        url("setup_closure_new", world),
        {
            "kind": "holiday",
            "room": "99999",
            "first_day": "令和99年13月40日",
            "last_day": "きのう",
            "reason": "",
        },
    )
    assert response.status_code == 200
    assert "入力内容に問題があります" in response.content.decode()


def test_rates_grid_accepts_full_width_digits_and_commas(client, admin, world):
    login_staff(client, admin)
    room, frame = world["room"], world["frame"]
    prefix = f"rates-rate-{room.pk}-{frame.pk}"
    response = client.post(
        url("setup_schedule_rates", world),
        {
            f"{prefix}-resident": "１，５００円",
            f"{prefix}-commercial": "3,000",
            f"equipment-equipment-{world['equipment'].pk}": "０",
        },
    )
    assert response.status_code == 302
    rates = dict(
        FeeRate.objects.filter(schedule=world["draft"]).values_list("user_class", "amount")
    )
    assert rates == {UserClass.RESIDENT: 1500, UserClass.COMMERCIAL: 3000}
    assert world["draft"].equipment_fees.get().amount == 0


def test_rates_grid_marks_each_bad_cell_and_saves_nothing(client, admin, world):
    login_staff(client, admin)
    room, frame = world["room"], world["frame"]
    prefix = f"rates-rate-{room.pk}-{frame.pk}"
    response = client.post(
        url("setup_schedule_rates", world),
        {
            f"{prefix}-resident": "千円",
            f"{prefix}-nonresident": "-5",
            f"{prefix}-commercial": "900",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        html.count("金額は数字で入力してください（例: 1500、1,500）。") == 4
    )  # summary + cell, twice
    assert "第1会議室・午前・市内・個人" in html
    assert 'aria-invalid="true"' in html
    assert not FeeRate.objects.filter(schedule=world["draft"]).exists()


def test_published_schedule_pages_refuse_changes_with_a_message(client, admin, world):
    login_staff(client, admin)
    published = world["published"]
    edit = reverse("console:facilities:setup_schedule_edit", args=[published.pk])
    response = client.post(edit, {"title": "改"}, follow=True)
    assert "公開済みの料金表は変更できません。" in response.content.decode()
    assert FeeSchedule.objects.get(pk=published.pk).title == "使用料"
    rates = reverse(
        "console:facilities:setup_schedule_rates", args=[published.pk, world["facility"].pk]
    )
    room, frame = world["room"], world["frame"]
    refused = client.post(rates, {f"rates-rate-{room.pk}-{frame.pk}-resident": "1"}, follow=True)
    assert "公開済みの料金表は変更できません。" in refused.content.decode()
    assert set(published.rates.values_list("amount", flat=True)) == {1000, 1500, 3000}


def test_published_rates_are_shown_read_only(client, viewer, world):
    login_staff(client, viewer)
    rates = reverse(
        "console:facilities:setup_schedule_rates",
        args=[world["published"].pk, world["facility"].pk],
    )
    html = client.get(rates).content.decode()
    assert "第1会議室の使用料（1区分あたり）" in html and "1,500円" in html
    assert 'name="rates-' not in html  # amounts as text, no inputs


def test_publishing_an_incomplete_draft_lists_what_is_missing(client, admin, world):
    login_staff(client, admin)
    publish = reverse("console:facilities:setup_schedule_publish", args=[world["draft"].pk])
    response = client.post(publish, follow=True)
    assert "使用料が入力されていない区分があるため公開できません（15件" in response.content.decode()
    world["draft"].refresh_from_db()
    assert not world["draft"].is_published


def test_creates_a_copy_from_the_new_schedule_page(client, admin, world):
    login_staff(client, admin)
    response = client.post(
        url("setup_schedule_new", world),
        {
            "title": "令和9年度",
            "valid_from": "令和9年4月1日",
            "copy_from": str(world["published"].pk),
        },
    )
    copy = FeeSchedule.objects.get(title="令和9年度")
    assert response.status_code == 302
    assert (copy.valid_from, copy.rates.count()) == (datetime.date(2027, 4, 1), 15)


def test_new_schedule_with_bad_input_is_a_form_error(client, admin, world):
    login_staff(client, admin)
    response = client.post(
        url("setup_schedule_new", world),
        {"title": "", "valid_from": "2000-01-01", "copy_from": "abc"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "入力内容に問題があります" in html


def test_fee_preview_uses_quote_fee(client, viewer, world):
    login_staff(client, viewer)
    response = client.get(
        url("setup_schedule_detail", world),
        {
            "preview_facility": world["facility"].pk,
            "room": world["room"].pk,
            "frames": ["am", "pm"],
            "user_class": "nonresident",
            "day": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "reduction_code": "disability",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "お支払い額: 1,500円" in html  # 2 × 1,500 − 50%


def test_fee_preview_with_bad_input_shows_errors(client, viewer, world):
    login_staff(client, viewer)
    response = client.get(
        url("setup_schedule_detail", world),
        {
            "preview_facility": world["facility"].pk,
            "room": "x",
            "frames": ["am", "night"],
            "user_class": "nobody",
            "day": "someday",
        },
    )
    assert response.status_code == 200
    assert "入力内容に問題があります" in response.content.decode()


def test_staff_menu_has_setup_and_fee_entries():
    from yakuba.core.registries import staff_menu

    keys = {entry.key: entry for entry in staff_menu.all()}
    assert str(keys["facilities.setup"].title) == "施設の設定"
    assert str(keys["facilities.fee_schedules"].title) == "料金表"
    assert keys["facilities.setup"].departments == ("bunka",)


def test_unknown_or_foreign_objects_are_404(client, admin, world):
    other = make_facility("other")
    login_staff(client, admin)
    missing = reverse("console:facilities:setup_facility_detail", args=[999999])
    foreign_room = reverse("console:facilities:setup_room_edit", args=[other.pk, world["room"].pk])
    foreign_reduction = reverse(
        "console:facilities:setup_reduction_edit",
        args=[world["published"].pk, world["reduction"].pk],
    )
    assert client.get(missing).status_code == 404
    assert client.get(foreign_room).status_code == 404
    assert client.get(foreign_reduction).status_code in (302, 404)
