"""The citizen first-come booking pages: calendars, the day page, confirmation and
booking, my bookings, cancellation pages."""

from __future__ import annotations

import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from yakuba.core.registries import mypage_cards
from yakuba.core.testing import demo_municipality
from yakuba.facilities.models import (
    Booking,
    BookingState,
    Closure,
    ClosureKind,
    Equipment,
    RegistrationState,
)
from yakuba.facilities.services import reserve
from yakuba.facilities.services.slots import add_months
from yakuba.facilities.tests.factories import (
    approved_group,
    approved_registration,
    make_facility,
    publish_schedule,
)
from yakuba.identity.testing import login_citizen
from yakuba.identity.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def city(db):
    with demo_municipality() as profile:
        yield profile


@pytest.fixture
def room():
    facility = make_facility(capacity=20)
    Equipment.objects.create(facility=facility, code="projector", name="プロジェクター", quantity=1)
    publish_schedule()
    return facility.rooms.get()


@pytest.fixture
def resident(client, citizen):
    approved_registration(citizen)
    return login_citizen(client, citizen)


def _day(days_ahead: int = 10) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days_ahead)


def _url(name: str, *args) -> str:
    return reverse(f"portal:facilities:{name}", args=args)


def _form(**overrides) -> dict:
    return {"frames": ["am"], "purpose": "自治会の会議", "attendees": "10", **overrides}


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# ------------------------------------------------------------------ calendars


def test_month_shows_free_counts_closed_days_and_the_wareki_heading(client, room):
    day = _day(10)
    Closure.objects.create(
        facility=room.facility,
        kind=ClosureKind.MAINTENANCE,
        first_day=day + datetime.timedelta(days=1),
        last_day=day + datetime.timedelta(days=1),
        reason="点検",
    )
    reserve(
        registration=approved_registration(),
        room=room,
        day=day,
        frame_codes=["am"],
        purpose="会議",
        attendees=3,
    )
    response = client.get(_url("booking_calendar", room.pk), {"month": f"{day:%Y-%m}"})
    assert response.status_code == 200
    text = _text(response)
    assert "令和" in text and f"（{day.year}年）{day.month}月" in text
    assert "<caption" in text and 'scope="col"' in text
    cells = {
        int(match.group(1)): match.group(2)
        for match in re.finditer(
            r'<td data-label="[^"]+"[^>]*> <a href="[^"]+">(\d+)日(.*?)</td>', text
        )
    }
    assert "空きあり" in cells[day.day] and "空き2枠" in cells[day.day]
    if (day + datetime.timedelta(days=1)).month == day.month:
        assert "休館" in cells[day.day + 1]
    assert _url("booking_day", room.pk, day.isoformat()) in text


def test_month_marks_a_fully_booked_day_full_and_past_days_over(client, room):
    day = _day(10)
    reserve(
        registration=approved_registration(),
        room=room,
        day=day,
        frame_codes=["am", "pm", "night"],
        purpose="大会",
        attendees=3,
    )
    text = _text(client.get(_url("booking_calendar", room.pk), {"month": f"{day:%Y-%m}"}))
    cell = re.search(rf'">{day.day}日<span.*?</td>', text).group(0)
    assert "満" in cell and "空きあり" not in cell
    past = timezone.localdate() - datetime.timedelta(days=1)
    text = _text(client.get(_url("booking_calendar", room.pk), {"month": f"{past:%Y-%m}"}))
    cell = re.search(rf'">{past.day}日<span.*?</td>', text).group(0)
    assert "受付終了" in cell


def test_month_beyond_first_come_opening_is_not_yet_open(client, room):
    later = add_months(timezone.localdate().replace(day=1), 3)  # horizon is 3 months
    text = _text(client.get(_url("booking_calendar", room.pk), {"month": f"{later:%Y-%m}"}))
    cell = re.search(r'">15日<span.*?</td>', text).group(0)
    assert "受付前" in cell


def test_month_with_a_bad_parameter_shows_this_month(client, room):
    today = timezone.localdate()
    response = client.get(_url("booking_calendar", room.pk), {"month": "2026-99"})
    assert response.status_code == 200
    assert f"（{today.year}年）{today.month}月" in _text(response)


def test_month_of_an_unknown_room_is_404(client, db):
    assert client.get(_url("booking_calendar", 999999)).status_code == 404


def test_week_shows_days_by_frames(client, room):
    day = _day(10)
    reserve(
        registration=approved_registration(),
        room=room,
        day=day,
        frame_codes=["pm"],
        purpose="会議",
        attendees=3,
    )
    response = client.get(_url("booking_week", room.pk), {"from": day.isoformat()})
    text = _text(response)
    assert response.status_code == 200
    assert text.count('<th scope="row">') == 7
    row = re.search(rf'{_url("booking_day", room.pk, day.isoformat())}">.*?</tr>', text).group(0)
    assert row.count("予約済み") == 1 and row.count("空き") == 2


def test_month_and_week_each_read_in_a_fixed_number_of_queries(
    client, room, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        client.get(_url("booking_calendar", room.pk))
    with django_assert_max_num_queries(12):
        client.get(_url("booking_week", room.pk))


# ------------------------------------------------------------------ day page


def test_day_asks_an_anonymous_visitor_to_sign_in(client, room):
    text = _text(client.get(_url("booking_day", room.pk, _day().isoformat())))
    assert "ログインして予約する" in text and 'name="purpose"' not in text


def test_day_explains_registration_to_a_citizen_without_one(client, citizen, room):
    login_citizen(client, citizen)
    text = _text(client.get(_url("booking_day", room.pk, _day().isoformat())))
    assert "はじめに利用者登録をしてください" in text and 'name="purpose"' not in text


def test_day_shows_the_form_with_only_free_frames_to_pick(resident, room):
    day = _day()
    reserve(
        registration=approved_registration(),
        room=room,
        day=day,
        frame_codes=["pm"],
        purpose="会議",
        attendees=3,
    )
    text = _text(resident.get(_url("booking_day", room.pk, day.isoformat())))
    assert 'value="am"' in text and 'value="night"' in text and 'value="pm"' not in text
    assert "予約済み" in text


def test_day_offers_the_waiting_list_for_a_taken_frame_only(client, room):
    day = _day()
    reserve(
        registration=approved_registration(),
        room=room,
        day=day,
        frame_codes=["pm"],
        purpose="会議",
        attendees=3,
    )
    page = client.get(_url("booking_day", room.pk, day.isoformat())).content.decode()
    links = re.findall(r'href="(/facilities/waitlist/join/\?[^"]+)"', page)
    assert len(links) == 1
    joined = client.get(links[0].replace("&amp;", "&"))
    assert joined.status_code in (200, 302)


def test_impossible_date_in_the_path_is_404(client, room):
    assert client.get(f"/facilities/book/room/{room.pk}/2026-02-31/").status_code == 404


# ------------------------------------------------------------------ confirm and book


def test_confirmation_shows_the_quote_and_booking_stores_the_same_fee(resident, citizen, room):
    day = _day()
    url = _url("booking_confirm", room.pk, day.isoformat())
    form = _form(frames=["am", "pm"], equipment_1="0")
    form[f"equipment_{Equipment.objects.get().pk}"] = "1"
    response = resident.post(url, form)
    text = _text(response)
    assert response.status_code == 200
    assert "予約内容の確認" in text
    # 2 frames × 1,000 (市内・個人) + projector 500 × 2 frames
    assert "3,000円" in text and "市内・個人" in text
    assert "お支払い期限" in text and "無料で取り消せます" in text
    assert not Booking.objects.exists()
    token = re.search(r'name="token" value="([^"]+)"', text).group(1)
    response = resident.post(url, {**form, "token": token, "action": "reserve"})
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response.url == _url("booking_detail", booking.pk)
    assert booking.fee == 3000 and booking.holder == citizen
    assert (booking.room_fee, booking.equipment_fee) == (2000, 1000)
    detail = _text(resident.get(response.url))
    assert "3,000円" in detail and "仮予約" in detail and "令和" in detail


def test_second_submit_of_the_same_confirmation_makes_no_second_booking(resident, room):
    day = _day()
    url = _url("booking_confirm", room.pk, day.isoformat())
    text = _text(resident.post(url, _form()))
    token = re.search(r'name="token" value="([^"]+)"', text).group(1)
    first = resident.post(url, {**_form(), "token": token, "action": "reserve"})
    second = resident.post(url, {**_form(), "token": token, "action": "reserve"}, follow=True)
    booking = Booking.objects.get()
    assert first.url == _url("booking_detail", booking.pk)
    assert second.redirect_chain[-1][0] == _url("booking_detail", booking.pk)
    assert "既に受け付けています" in _text(second)


def test_resubmit_without_the_token_is_recognised_as_the_same_booking(resident, room):
    url = _url("booking_confirm", room.pk, _day().isoformat())
    resident.post(url, {**_form(), "action": "reserve"})
    again = resident.post(url, {**_form(), "action": "reserve"}, follow=True)
    assert Booking.objects.count() == 1
    assert "既に受け付けています" in _text(again)


def test_a_frame_taken_by_someone_else_is_refused_with_a_clear_message(resident, room):
    day = _day()
    reserve(
        registration=approved_registration(),
        room=room,
        day=day,
        frame_codes=["am"],
        purpose="会議",
        attendees=3,
    )
    response = resident.post(
        _url("booking_confirm", room.pk, day.isoformat()), {**_form(), "action": "reserve"}
    )
    assert response.status_code == 200
    assert "午前は予約できません（予約済み）" in _text(response)
    assert Booking.objects.count() == 1


def test_too_many_people_is_refused_on_the_attendees_field(resident, room):
    response = resident.post(
        _url("booking_confirm", room.pk, _day().isoformat()),
        {**_form(attendees="21"), "action": "reserve"},
    )
    text = _text(response)
    assert "定員（20人）を超えています" in text and 'href="#id_attendees"' in text
    assert not Booking.objects.exists()


def test_frames_that_are_not_consecutive_are_refused(resident, room):
    response = resident.post(
        _url("booking_confirm", room.pk, _day().isoformat()), _form(frames=["am", "night"])
    )
    assert "続いている時間帯を選んでください" in _text(response)
    assert not Booking.objects.exists()


def test_missing_frames_and_purpose_are_form_errors(resident, room):
    response = resident.post(
        _url("booking_confirm", room.pk, _day().isoformat()), {"attendees": "x"}
    )
    text = _text(response)
    assert response.status_code == 200
    assert "利用する時間帯を選んでください" in text and "利用目的を入力してください" in text
    assert "数字で入力してください" in text


def test_confirm_without_an_approved_registration_explains_it(client, citizen, room):
    login_citizen(client, citizen)
    registration = approved_registration(citizen)
    registration.state = RegistrationState.APPLIED
    registration.save()
    response = client.post(
        _url("booking_confirm", room.pk, _day().isoformat()), {**_form(), "action": "reserve"}
    )
    assert response.status_code == 403
    assert "利用者登録の申請を受け付けています" in _text(response)
    assert not Booking.objects.exists()


def test_confirm_needs_sign_in(client, room):
    response = client.post(_url("booking_confirm", room.pk, _day().isoformat()), _form())
    assert response.status_code == 302 and "/login/" in response.url


def test_group_booking_pays_the_group_fee(resident, citizen, room):
    group = approved_group(citizen.facility_registration, is_resident=False)
    url = _url("booking_confirm", room.pk, _day().isoformat())
    resident.post(url, {**_form(group=str(group.pk)), "action": "reserve"})
    booking = Booking.objects.get()
    assert booking.group == group and booking.fee == 1500


def test_back_to_edit_keeps_what_was_entered(resident, room):
    response = resident.post(
        _url("booking_day", room.pk, _day().isoformat()), _form(purpose="合唱の練習")
    )
    text = _text(response)
    assert 'value="合唱の練習"' in text and re.search(r'value="am"[^>]*checked', text)


# ------------------------------------------------------------------ mine


def test_list_shows_upcoming_and_detail_is_only_for_the_holder(client, resident, room):
    booking = reserve(
        registration=resident_registration(),
        room=room,
        day=_day(),
        frame_codes=["am"],
        purpose="会議",
        attendees=3,
    )
    other = reserve(
        registration=approved_registration(CitizenFactory()),
        room=room,
        day=_day(),
        frame_codes=["pm"],
        purpose="会議",
        attendees=3,
    )
    text = _text(resident.get(_url("booking_list")))
    assert _url("booking_detail", booking.pk) in text
    assert _url("booking_detail", other.pk) not in text
    assert resident.get(_url("booking_detail", other.pk)).status_code == 404
    assert resident.get(_url("booking_cancel", other.pk)).status_code == 404
    assert resident.post(_url("booking_cancel", other.pk)).status_code == 404
    other.refresh_from_db()
    assert other.state == BookingState.HELD


def resident_registration():
    from yakuba.facilities.models import UserRegistration

    return UserRegistration.objects.get(user__email="hanako@example.jp")


def test_cancel_page_states_the_fee_and_cancelling_frees_the_slot(resident, room):
    booking = reserve(
        registration=resident_registration(),
        room=room,
        day=_day(),
        frame_codes=["am"],
        purpose="会議",
        attendees=3,
    )
    text = _text(resident.get(_url("booking_cancel", booking.pk)))
    assert "取消料" in text and "0円" in text and "お支払い前" in text
    response = resident.post(_url("booking_cancel", booking.pk), follow=True)
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED and booking.cancellation_fee == 0
    assert "取消料はかかりません" in _text(response)
    day_text = _text(resident.get(_url("booking_day", room.pk, _day().isoformat())))
    assert 'value="am"' in day_text


def test_mypage_card_lists_the_next_booking(rf, citizen, resident, room):
    booking = reserve(
        registration=resident_registration(),
        room=room,
        day=_day(),
        frame_codes=["am"],
        purpose="会議",
        attendees=3,
    )
    card = next(panel for panel in mypage_cards.all() if panel.key == "facilities.bookings")
    request = rf.get("/mypage/")
    request.user = citizen
    text = render_to_string(card.template, card.context(request), request=request)
    assert _url("booking_detail", booking.pk) in text and "令和" in text


def test_day_not_yet_open_tells_when_first_come_booking_opens(client, room):
    today = timezone.localdate()
    later = add_months(today.replace(day=1), 3).replace(day=15)  # horizon 3 months
    text = _text(client.get(_url("booking_day", room.pk, later.isoformat())))
    opens = add_months(later.replace(day=1), -2)  # the 1st, two months before, 9:00
    assert "先着順の予約受付は" in text and f"{opens.month}月1日" in text and "9:00から" in text


def test_day_far_from_today_is_404(client, room):
    assert client.get(_url("booking_day", room.pk, "0001-01-01")).status_code == 404
    assert client.get(_url("booking_day", room.pk, "2999-01-01")).status_code == 404


@pytest.fixture
def holders_booking(room):
    holder = CitizenFactory()
    booking = reserve(
        registration=approved_registration(holder),
        room=room,
        day=_day(),
        frame_codes=["am"],
        purpose="会議",
        attendees=3,
    )
    return holder, booking


@pytest.mark.parametrize("who", ["anonymous", "staff", "other_citizen", "holder"])
@pytest.mark.parametrize("view", ["booking_list", "booking_detail", "booking_cancel"])
def test_access_to_my_bookings_pages(client, clerk_a, holders_booking, who, view):
    holder, booking = holders_booking
    if who == "staff":
        from yakuba.identity.testing import login_staff

        login_staff(client, clerk_a)
    elif who == "other_citizen":
        login_citizen(client, CitizenFactory())
    elif who == "holder":
        login_citizen(client, holder)
    url = _url(view) if view == "booking_list" else _url(view, booking.pk)
    get = client.get(url)
    post = client.post(url) if view == "booking_cancel" else None
    if who in ("anonymous", "staff"):
        assert get.status_code == 302 and "/login/" in get.url
    elif who == "other_citizen":
        assert get.status_code == (200 if view == "booking_list" else 404)
        if view == "booking_list":
            assert _url("booking_detail", booking.pk) not in _text(get)
    else:
        assert get.status_code == 200
    booking.refresh_from_db()
    if who != "holder" or post is None:
        assert booking.state == BookingState.HELD
    else:
        assert booking.state == BookingState.CANCELLED


def test_list_reads_in_a_fixed_number_of_queries(resident, room, django_assert_max_num_queries):
    for frame in ("am", "pm", "night"):
        for days in (5, 6, 7):
            reserve(
                registration=resident_registration(),
                room=room,
                day=_day(days),
                frame_codes=[frame],
                purpose="会議",
                attendees=3,
            )
    with django_assert_max_num_queries(10):
        response = resident.get(_url("booking_list"))
    assert _text(response).count("/facilities/book/mine/") >= 9


def test_day_of_a_lottery_only_room_says_so(client, room):
    room.lottery_only = True
    room.save()
    text = _text(client.get(_url("booking_day", room.pk, _day().isoformat())))
    assert "抽選でのみ受け付けています" in text and 'name="frames"' not in text
