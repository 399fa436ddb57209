"""The demo city's facilities: the loader stage on a small city.

The city is loaded with the ``demo_data`` command (the demo's public interface: the
facilities module does not import the demo package)."""

from __future__ import annotations

import datetime
import io
from itertools import pairwise

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from yakuba.facilities.demo import FACILITIES, class_amounts, nth_weekday
from yakuba.facilities.models import (
    ACTIVE_STATES,
    Approval,
    Booking,
    BookingKind,
    Closure,
    Course,
    CourseKind,
    Facility,
    FeeRate,
    FeeSchedule,
    Group,
    LotteryEntry,
    LotteryRound,
    Reduction,
    RegistrationState,
    Room,
    RoundState,
    TimeFrame,
    UserClass,
    UserRegistration,
)
from yakuba.facilities.policies import may_administer, may_approve, may_operate
from yakuba.facilities.services import quote_fee, schedule_on
from yakuba.identity.models import User

pytestmark = pytest.mark.django_db


def _load(*options: str) -> str:
    out = io.StringIO()
    call_command("demo_data", "--residents", "20", "--seed", "7", *options, stdout=out)
    return out.getvalue()


STAFF_DOMAIN = "city.musashimurayama.example.lg.jp"


@pytest.fixture
def city(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    cache.clear()
    yield _load()
    cache.clear()


def test_creates_the_kinds_of_facilities_of_the_city_with_their_rooms(city):
    codes = set(Facility.objects.values_list("code", flat=True))
    assert codes == {spec.code for spec in FACILITIES}
    assert len(FACILITIES) == 8
    hall = Room.objects.get(facility__code="sakura-hall", code="dai-hall")
    assert hall.lottery_only and hall.facility.requires_approval
    courts = Room.objects.filter(facility__code="ominami-tennis")
    assert courts.count() == 4
    gym = Facility.objects.get(code="sogo-taiikukan")
    assert set(gym.rooms.values_list("code", flat=True)) == {
        "main-a", "main-b", "budojo", "training",
    }  # fmt: skip
    assert gym.frames.count() == 12  # hourly, 9:00–21:00
    tennis_frames = TimeFrame.objects.filter(facility__code="ominami-tennis")
    assert {(f.ends.hour - f.starts.hour) for f in tennis_frames} == {2}
    for facility in Facility.objects.all():
        assert facility.address.startswith("東京都武蔵村山市")
        assert facility.phone and facility.accessibility
        assert 35.70 < float(facility.latitude) < 35.80
        assert 139.33 < float(facility.longitude) < 139.45


def test_closes_district_halls_on_mondays_and_everything_over_the_new_year(city):
    today = timezone.localdate()
    nakato = Facility.objects.get(code="nakato-chiku-kaikan")
    assert nakato.closed_weekdays == [1]
    for facility in Facility.objects.all():
        new_year = Closure.objects.filter(
            facility=facility, first_day=datetime.date(today.year, 12, 29)
        ).get()
        assert new_year.last_day == datetime.date(today.year + 1, 1, 3)
        assert Closure.objects.filter(
            facility=facility, first_day=datetime.date(today.year + 1, 12, 29)
        ).exists()
    second_tuesday = nth_weekday(today.replace(day=1), 2, 2)
    assert Closure.objects.filter(
        facility__code="sakura-hall", first_day=second_tuesday, last_day=second_tuesday
    ).exists()


def test_publishes_a_complete_fee_schedule_from_april_2024_and_keeps_a_draft(city):
    published = schedule_on(timezone.localdate())
    assert published.valid_from == datetime.date(2024, 4, 1)
    draft = FeeSchedule.objects.get(published_at__isnull=True)
    assert draft.valid_from == max(datetime.date(2027, 4, 1), draft.valid_from)
    expected = sum(
        Room.objects.filter(facility=f).count() * f.frames.count() * len(UserClass.values)
        for f in Facility.objects.all()
    )
    assert FeeRate.objects.filter(schedule=published).count() == expected
    assert FeeRate.objects.filter(schedule=draft).count() == expected
    reductions = dict(Reduction.objects.filter(schedule=published).values_list("reason", "percent"))
    assert reductions == {
        "市・教育委員会の主催・共催": 100,
        "市内の学校の教育活動": 100,
        "障害者団体の活動": 50,
        "自治会の活動": 50,
    }
    room = Room.objects.get(facility__code="chuo-kominkan", code="hall")
    frame = room.facility.frames.get(code="night")
    amounts = {
        user_class: quote_fee(
            room=room, frames=[frame], user_class=user_class, day=timezone.localdate()
        ).total
        for user_class in UserClass.values
    }
    small_hall = Room.objects.get(facility__code="sakura-hall", code="sho-hall")
    night = small_hall.facility.frames.get(code="night")
    in_draft = dict(
        FeeRate.objects.filter(schedule=draft, room=small_hall, frame=night).values_list(
            "user_class", "amount"
        )
    )
    assert in_draft[UserClass.RESIDENT] == 14300  # 13,000 now: the draft raises it a tenth
    assert in_draft[UserClass.COMMERCIAL] == 42900
    unchanged = FeeRate.objects.get(schedule=draft, room=room, frame=frame, user_class="resident")
    assert unchanged.amount == 4000
    assert amounts == {
        "resident": 4000,
        "resident_group": 4000,
        "nonresident": 6000,
        "nonresident_group": 6000,
        "commercial": 8000,
    }


def test_non_resident_pays_one_and_a_half_and_commercial_two_or_three_times():
    assert class_amounts(1100, 3) == {
        UserClass.RESIDENT: 1100,
        UserClass.RESIDENT_GROUP: 1100,
        UserClass.NONRESIDENT: 1650,
        UserClass.NONRESIDENT_GROUP: 1650,
        UserClass.COMMERCIAL: 3300,
    }


def test_the_demo_citizen_is_registered_as_a_resident_and_represents_her_choir(city):
    hanako = User.objects.get(email="hanako@example.jp")
    registration = UserRegistration.objects.get(user=hanako)
    assert registration.state == RegistrationState.APPROVED
    assert registration.is_resident and registration.residence_source == "registry"
    assert registration.name == "村山 花子"
    assert registration.valid_until > timezone.localdate()
    choir = Group.objects.get(representative=registration)
    assert choir.name == "さくら合唱サークル" and choir.state == RegistrationState.APPROVED
    assert choir.members.count() == 12
    counter = UserRegistration.objects.filter(user__isnull=True, state="approved")
    assert counter.count() >= 5
    assert {r.number for r in counter}.isdisjoint({None, ""})
    assert Group.objects.filter(state=RegistrationState.APPLIED).count() == 1
    practice = Booking.objects.filter(group=choir, purpose="合唱の練習")
    assert practice.exists()
    assert {b.user_class for b in practice} == {UserClass.RESIDENT_GROUP}


def test_books_about_two_hundred_slots_in_the_next_six_weeks_without_overlap(city):
    today = timezone.localdate()
    bookings = Booking.objects.filter(state__in=ACTIVE_STATES).exclude(kind=BookingKind.COURSE)
    assert 180 <= bookings.count() <= 200
    assert {b.kind for b in bookings} == {BookingKind.ONLINE, BookingKind.COUNTER}
    for booking in bookings:
        day = timezone.localtime(booking.starts_at).date()
        assert today < day <= today + datetime.timedelta(days=42)
        assert booking.fee_schedule is not None
        assert booking.fee == booking.room_fee + booking.equipment_fee - booking.reduction_amount
    by_room: dict[int, list[Booking]] = {}
    for booking in Booking.objects.filter(state__in=ACTIVE_STATES).order_by("starts_at"):
        by_room.setdefault(booking.room_id, []).append(booking)
    for room_bookings in by_room.values():
        for earlier, later in pairwise(room_bookings):
            assert earlier.ends_at <= later.starts_at
    assert bookings.filter(paid_at__isnull=False).exists()
    assert bookings.filter(paid_at__isnull=True, fee__gt=0).exists()
    jichikai = bookings.filter(reduction__code="jichikai")
    assert jichikai.exists()
    assert all(b.reduction_amount == (b.room_fee + b.equipment_fee) // 2 for b in jichikai)
    assert bookings.filter(user_class=UserClass.COMMERCIAL, kind=BookingKind.COUNTER).exists()
    hall_bookings = bookings.filter(room__facility__code="sakura-hall")
    assert {b.approval for b in hall_bookings} <= {Approval.PENDING, Approval.APPROVED}
    assert not bookings.filter(room__lottery_only=True).exists()


def test_creates_an_ict_class_for_people_over_sixty_and_a_lifelong_course(city):
    ict = Course.objects.get(kind=CourseKind.ICT)
    assert ict.title == "はじめてのスマートフォン教室"
    assert ict.minimum_age == 60 and ict.state == "open"
    assert ict.applications.count() == 3
    lifelong = Course.objects.get(kind=CourseKind.LIFELONG)
    for course in (ict, lifelong):
        sessions = list(course.sessions.all())
        assert sessions and all(s.booking.kind == BookingKind.COURSE for s in sessions)
        assert all(s.starts_at > course.applications_close_at for s in sessions)


def test_opens_the_lottery_of_the_month_after_next_and_the_choir_applies_for_the_hall(city):
    month = timezone.localdate().replace(day=1)
    after_next = (month + datetime.timedelta(days=62)).replace(day=1)
    rounds = LotteryRound.objects.filter(month=after_next)
    assert set(rounds.values_list("facility__code", flat=True)) == {
        "sakura-hall", "sogo-taiikukan", "noyamakita-ground", "ominami-tennis",
    }  # fmt: skip
    hall_round = rounds.get(facility__code="sakura-hall")
    entries = LotteryEntry.objects.filter(round=hall_round)
    if hall_round.state == RoundState.OPEN:  # the 1st to the 10th of the month
        entry = entries.get()
        assert entry.group.name == "さくら合唱サークル"
        assert [w.room.code for w in entry.wishes.all()] == ["dai-hall"] * 3
    else:
        assert not entries.exists()


def test_bunka_staff_have_their_roles_and_are_in_the_logins_file(city, tmp_path):
    operator = User.objects.get(email=f"bunka@{STAFF_DOMAIN}")
    chief = User.objects.get(email=f"bunka-chief@{STAFF_DOMAIN}")
    assert may_operate(operator) and not may_approve(operator)
    assert may_approve(chief) and may_administer(chief)
    text = (tmp_path / "demo-logins.txt").read_text(encoding="utf-8")
    assert f"bunka@{STAFF_DOMAIN}" in text and f"bunka-chief@{STAFF_DOMAIN}" in text


def test_the_whole_demo_city_loads_with_its_bookings(settings, tmp_path):
    """The whole demo city, facilities stage included (its speed is `make demo`'s business,
    not a test's: timed assertions fail on a busy machine)."""
    settings.VAR_DIR = tmp_path
    cache.clear()

    _load()

    assert Booking.objects.exists()


def test_loading_again_with_reset_adds_no_facilities_or_bookings(city, settings):
    counts = (Facility.objects.count(), Booking.objects.count(), FeeRate.objects.count())
    cache.clear()

    _load("--reset")

    assert (Facility.objects.count(), Booking.objects.count(), FeeRate.objects.count()) == counts
