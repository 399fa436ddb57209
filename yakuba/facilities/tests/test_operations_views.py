"""Staff pages of daily operations: who may open them, the counter booking flow, payment,
approval, series, the usage sheet, statistics, the CSV export and the access records."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from yakuba.audit.models import AccessRecord
from yakuba.facilities.access import USER_KIND
from yakuba.facilities.models import Approval, Booking, BookingKind, BookingState
from yakuba.facilities.services import reserve
from yakuba.facilities.services.staff_bookings import book_at_counter
from yakuba.facilities.tests.factories import approved_group, make_facility, publish_schedule
from yakuba.facilities.tests.test_operations_support import (
    bunka_staff,
    counter_registration,
    days_ahead,
)
from yakuba.facilities.web.staff.operations_reports import CSV_HEADER
from yakuba.identity.testing import login_citizen, login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def facility():
    facility = make_facility("chuo", name="中央公民館")
    publish_schedule()
    return facility


@pytest.fixture
def room(facility):
    return facility.rooms.get()


@pytest.fixture
def cast(citizen):
    return {
        "anonymous": None,
        "citizen": citizen,
        "viewer": bunka_staff("viewer"),
        "operator": bunka_staff("operator"),
        "approver": bunka_staff("approver"),
    }


@pytest.fixture
def counter_booking(room, cast):
    registration = counter_registration()
    group = approved_group(registration)
    return book_at_counter(
        cast["operator"],
        registration=registration,
        room=room,
        day=days_ahead(),
        frame_codes=["am"],
        purpose="コーラス練習",
        attendees=12,
        group=group,
    )


def _as(client, cast, who):
    user = cast[who]
    if user is None:
        return client
    return (login_citizen if who == "citizen" else login_staff)(client, user)


def _reads(registration_id) -> int:
    return AccessRecord.objects.filter(
        subject_kind=USER_KIND, subject_id=str(registration_id)
    ).count()


PAGES = [
    ("operations_home", lambda b: [], "viewer"),
    ("booking_search_staff", lambda b: [], "viewer"),
    ("booking_detail_staff", lambda b: [b.pk], "viewer"),
    ("approval_queue", lambda b: [], "viewer"),
    ("occupancy", lambda b: [], "viewer"),
    ("usage_sheet", lambda b: ["chuo", b.starts_at.date().isoformat()], "viewer"),
    ("counter_booking", lambda b: [], "operator"),
    ("series_new", lambda b: [], "approver"),
]
RANK = ["viewer", "operator", "approver"]


@pytest.mark.parametrize("who", ["anonymous", "citizen", *RANK])
@pytest.mark.parametrize(("name", "arguments", "minimum"), PAGES)
def test_page_access(client, cast, counter_booking, who, name, arguments, minimum):
    url = reverse(f"console:facilities:{name}", args=arguments(counter_booking))
    response = _as(client, cast, who).get(url)
    if who in ("anonymous", "citizen"):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("console:login"))
    elif RANK.index(who) >= RANK.index(minimum):
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def test_viewer_sees_the_booking_but_cannot_mark_it_paid(client, cast, counter_booking):
    viewer = login_staff(client, cast["viewer"])
    page = viewer.get(reverse("console:facilities:booking_detail_staff", args=[counter_booking.pk]))
    assert "村山 トメ" in page.content.decode()
    assert "支払いを記録する" not in page.content.decode()
    response = viewer.post(
        reverse("console:facilities:booking_mark_paid", args=[counter_booking.pk]),
        {"reference": "R-1"},
    )
    assert response.status_code == 403
    assert Booking.objects.get(pk=counter_booking.pk).paid_at is None


def test_operator_marks_paid_from_the_booking_page(client, cast, counter_booking):
    operator = login_staff(client, cast["operator"])
    url = reverse("console:facilities:booking_mark_paid", args=[counter_booking.pk])
    missing = operator.post(url, {"reference": ""})
    assert missing.status_code == 400
    assert "領収書番号を入力してください。" in missing.content.decode()
    response = operator.post(url, {"reference": "R-0042"})
    assert response.status_code == 302
    booking = Booking.objects.get(pk=counter_booking.pk)
    assert (booking.state, booking.payment_reference) == (BookingState.CONFIRMED, "R-0042")


def test_counter_booking_flow_finds_quotes_and_books(client, cast, room):
    registration = counter_registration(name="砂川 ハル", name_kana="スナガワ ハル")
    operator = login_staff(client, cast["operator"])
    url = reverse("console:facilities:counter_booking")

    found = operator.get(url, {"q": "スナガワ"})
    assert "砂川 ハル" in found.content.decode()
    assert _reads(registration.pk) == 1

    day = days_ahead(9)
    step = f"{url}?registration={registration.pk}&room={room.pk}&day={day.isoformat()}"
    page = operator.get(step)
    assert page.status_code == 200 and "この日の空き状況" in page.content.decode()

    form = {"frames": ["am", "pm"], "purpose": "書道教室", "attendees": "8"}
    quote = operator.post(step, {**form, "action": "quote"})
    assert quote.status_code == 200 and "2000円" in quote.content.decode()
    assert not Booking.objects.exists()

    gap = operator.post(step, {**form, "frames": ["am", "night"], "action": "book"})
    assert gap.status_code == 400 and "続いている時間帯を選んでください。" in gap.content.decode()

    booked = operator.post(step, {**form, "action": "book"})
    booking = Booking.objects.get()
    assert booked["Location"] == reverse(
        "console:facilities:booking_detail_staff", args=[booking.pk]
    )
    assert (booking.kind, booking.booked_by, booking.registration) == (
        BookingKind.COUNTER,
        cast["operator"],
        registration,
    )
    assert (booking.holder_id, booking.holder_name, booking.fee) == (None, "砂川 ハル", 2000)


def test_search_lists_bookings_and_records_the_holders_read(client, cast, counter_booking):
    viewer = login_staff(client, cast["viewer"])
    response = viewer.get(
        reverse("console:facilities:booking_search_staff"), {"holder_name": "ムラヤマ"}
    )
    assert "村山 トメ" in response.content.decode()
    assert _reads(counter_booking.registration_id) == 1
    nothing = viewer.get(
        reverse("console:facilities:booking_search_staff"), {"holder_name": "該当なし"}
    )
    assert "該当する予約はありません。" in nothing.content.decode()


def test_usage_sheet_shows_each_room_and_frame_with_holder_payment_and_phone(
    client, cast, counter_booking
):
    viewer = login_staff(client, cast["viewer"])
    day = counter_booking.starts_at.date().isoformat()
    response = viewer.get(reverse("console:facilities:usage_sheet", args=["chuo", day]))
    html = response.content.decode()
    for text in (
        "使用日報",
        "第1会議室",
        "村山 トメ",
        counter_booking.group.name,
        "コーラス練習",
        "1000円",
        "未払い",
        "042-565-1234",
        "鍵の貸出",
        "鍵の返却",
        "備考",
        "空き",
        reverse("console:facilities:usage_sheet_css"),
    ):
        assert text in html, text
    assert _reads(counter_booking.registration_id) == 1
    css = viewer.get(reverse("console:facilities:usage_sheet_css"))
    assert "size: A4 landscape" in css.content.decode()
    assert css["Content-Type"].startswith("text/css")


def test_usage_sheet_of_an_unknown_facility_or_date_is_not_found(client, cast):
    viewer = login_staff(client, cast["viewer"])
    assert viewer.get("/staff/facilities/sheet/nowhere/2030-01-01/").status_code == 404
    assert viewer.get("/staff/facilities/sheet/chuo/2030-02-30/").status_code == 404


def test_csv_export_has_a_japanese_header_the_rows_and_an_optional_bom(
    client, cast, counter_booking
):
    viewer = login_staff(client, cast["viewer"])
    month = counter_booking.starts_at.date().strftime("%Y-%m")
    url = reverse("console:facilities:bookings_csv")
    response = viewer.get(url, {"month": month, "facility": "chuo", "bom": "1"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Disposition"].startswith("attachment;")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[0] == CSV_HEADER and rows[0][:3] == ["予約番号", "施設", "部屋・コート"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["予約番号"], row["利用者名"], row["お支払い額"], row["種別"]) == (
        str(counter_booking.pk),
        "村山 トメ",
        "1000",
        "窓口・電話予約",
    )
    exported = AccessRecord.objects.get(
        subject_kind=USER_KIND, subject_id=str(counter_booking.registration_id)
    )
    assert (exported.action, exported.actor) == ("export", cast["viewer"])

    plain = viewer.get(url, {"month": month})
    assert not b"".join(plain.streaming_content).decode("utf-8").startswith("\ufeff")
    bad = viewer.get(url, {"month": "2026-13"})
    assert bad.status_code == 400 and "年月は" in bad.content.decode()


def test_occupancy_page_draws_an_accessible_chart_and_the_same_table(client, cast, facility):
    viewer = login_staff(client, cast["viewer"])
    response = viewer.get(
        reverse("console:facilities:occupancy"),
        {"first_month": "2030-06", "last_month": "2030-06"},
    )
    html = response.content.decode()
    assert 'role="img"' in html and "aria-label=" in html and "<title" in html
    assert "中央公民館 2030-06" in html and "<caption" in html
    wrong = viewer.get(
        reverse("console:facilities:occupancy"),
        {"first_month": "2030-06", "last_month": "2030-01"},
    )
    assert (
        wrong.status_code == 400 and "終了月は開始月以降にしてください。" in wrong.content.decode()
    )


def test_approval_queue_lists_pending_bookings_and_approves(client, cast):
    hall = make_facility("hall", name="市民会館", requires_approval=True)
    publish_schedule(facilities=[hall])
    booking = reserve(
        registration=counter_registration(),
        room=hall.rooms.get(),
        day=days_ahead(),
        frame_codes=["pm"],
        purpose="演奏会",
        attendees=20,
    )
    approver = login_staff(client, cast["approver"])
    queue = approver.get(reverse("console:facilities:approval_queue"))
    assert "演奏会" in queue.content.decode()
    assert _reads(booking.registration_id) == 1
    approver.post(
        reverse("console:facilities:booking_approve", args=[booking.pk]), {"next_page": "queue"}
    )
    assert Booking.objects.get(pk=booking.pk).approval == Approval.APPROVED


def test_series_form_creates_and_reports_skipped_days(client, cast, room):
    approver = login_staff(client, cast["approver"])
    first = days_ahead(8)
    reserve(
        registration=counter_registration(),
        room=room,
        day=first,
        frame_codes=["am"],
        purpose="会議",
        attendees=3,
    )
    response = approver.post(
        reverse("console:facilities:series_new"),
        {
            "kind": "staff",
            "room": room.pk,
            "first_day": first.isoformat(),
            "last_day": (first + datetime.timedelta(days=6)).isoformat(),
            "weekdays": [first.isoweekday(), (first + datetime.timedelta(days=1)).isoweekday()],
            "frames": ["am"],
            "purpose": "健康相談",
        },
    )
    assert response.status_code == 302
    page = approver.get(response["Location"])
    html = page.content.decode()
    assert "作成できなかった日と理由" in html and "既に予約があります" in html
    assert Booking.objects.filter(kind=BookingKind.STAFF).count() == 1


def test_staff_dashboard_shows_the_panel(client, cast, counter_booking):
    response = login_staff(client, cast["viewer"]).get(reverse("console:dashboard"))
    html = response.content.decode()
    assert "公共施設予約（今日）" in html and "支払い待ち 1件" in html


def test_operator_cancels_a_booking_with_a_reason(client, cast, counter_booking):
    operator = login_staff(client, cast["operator"])
    url = reverse("console:facilities:booking_cancel_staff", args=[counter_booking.pk])
    missing = operator.post(url, {"reason": ""})
    assert (
        missing.status_code == 400
        and "取消しの理由を入力してください。" in missing.content.decode()
    )
    assert operator.post(url, {"reason": "本人から電話"}).status_code == 302
    assert Booking.objects.get(pk=counter_booking.pk).state == BookingState.CANCELLED
    assert _reads(counter_booking.registration_id) >= 1


def test_counter_booking_lends_equipment_and_refuses_too_many(client, cast, facility, room):
    from yakuba.facilities.models import Equipment, EquipmentFee, FeeSchedule

    projector = Equipment.objects.create(
        facility=facility, code="projector", name="プロジェクター", quantity=1
    )
    EquipmentFee.objects.create(schedule=FeeSchedule.objects.get(), equipment=projector, amount=500)
    registration = counter_registration()
    operator = login_staff(client, cast["operator"])
    step = (
        reverse("console:facilities:counter_booking")
        + f"?registration={registration.pk}&room={room.pk}&day={days_ahead(9).isoformat()}"
    )
    form = {"frames": ["am"], "purpose": "講演会", "attendees": "20", "action": "book"}
    too_many = operator.post(step, {**form, f"equipment_{projector.pk}": "2"})
    assert too_many.status_code == 400 and not Booking.objects.exists()
    operator.post(step, {**form, f"equipment_{projector.pk}": "1"})
    booking = Booking.objects.get()
    assert (booking.room_fee, booking.equipment_fee, booking.fee) == (1000, 500, 1500)
    assert booking.lendables.get().equipment == projector


def test_sheet_picker_opens_the_chosen_day_or_asks_again(client, cast, facility):
    viewer = login_staff(client, cast["viewer"])
    url = reverse("console:facilities:usage_sheet_pick")
    chosen = viewer.get(url, {"facility": "chuo", "day": "2030-06-03"})
    assert chosen["Location"] == reverse(
        "console:facilities:usage_sheet", args=["chuo", "2030-06-03"]
    )
    wrong = viewer.get(url, {"facility": "nowhere", "day": ""})
    assert wrong["Location"] == reverse("console:facilities:operations_home")


def test_search_and_sheet_query_counts_do_not_grow_with_the_bookings(client, cast, facility):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    operator = cast["operator"]
    registration = counter_registration()
    group = approved_group(registration)
    rooms = [facility.rooms.get()]
    day = days_ahead(9)
    viewer = login_staff(client, cast["viewer"])
    search = reverse("console:facilities:booking_search_staff")
    sheet = reverse("console:facilities:usage_sheet", args=["chuo", day.isoformat()])

    def counts() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as searched:
            viewer.get(search, {"holder_name": "村山"})
        with CaptureQueriesContext(connection) as sheeted:
            viewer.get(sheet)
        return len(searched), len(sheeted)

    book_at_counter(
        operator,
        registration=registration,
        room=rooms[0],
        day=day,
        frame_codes=["am"],
        purpose="練習",
        attendees=5,
        group=group,
    )
    counts()  # warm the per-process caches (municipality, roles)
    few = counts()
    for frame in ("pm", "night"):
        book_at_counter(
            operator,
            registration=registration,
            room=rooms[0],
            day=day,
            frame_codes=[frame],
            purpose="練習",
            attendees=5,
            group=group,
        )
    assert counts() == few
