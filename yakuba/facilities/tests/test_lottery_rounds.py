"""Lottery rounds: created for the month after next, moved on by time, seed committed at closing."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yakuba.facilities import periodic
from yakuba.facilities.models import LotteryRound, RoundState
from yakuba.facilities.services.lottery_rounds import ensure_rounds, update_round_periods
from yakuba.facilities.services.slots import add_months, lottery_window
from yakuba.facilities.tests.factories import make_facility
from yakuba.facilities.tests.test_lottery_helpers import bunka_staff, lottery_facility

pytestmark = pytest.mark.django_db

TOKYO = datetime.timezone(datetime.timedelta(hours=9))
NOW = datetime.datetime(2027, 1, 3, 12, 0, tzinfo=TOKYO)
MARCH = datetime.date(2027, 3, 1)


def test_creates_the_round_of_the_month_after_next_with_the_facility_defaults_once():
    facility = lottery_facility()
    assert ensure_rounds(NOW) == 2  # created, and opened (applications run 1st–10th)
    lottery_round = LotteryRound.objects.get()
    window = lottery_window(facility, MARCH)
    assert lottery_round.facility == facility and lottery_round.month == MARCH
    assert (lottery_round.opens_at, lottery_round.closes_at) == (window.opens_at, window.closes_at)
    assert lottery_round.draw_at == window.draw_at
    assert lottery_round.first_come_opens_at == window.first_come_opens_at
    assert lottery_round.opens_at == datetime.datetime(2027, 1, 1, 9, tzinfo=TOKYO)
    assert lottery_round.closes_at == datetime.datetime(2027, 1, 11, 0, tzinfo=TOKYO)
    assert ensure_rounds(NOW) == 0
    assert LotteryRound.objects.count() == 1


def test_no_round_for_a_facility_without_the_lottery_or_closed():
    make_facility(lottery_enabled=False)
    lottery_facility(is_active=False)
    assert ensure_rounds(NOW) == 0
    assert not LotteryRound.objects.exists()


def test_moves_scheduled_open_closed_by_time_and_commits_to_the_seed_at_closing():
    lottery_facility()
    before = datetime.datetime(2026, 12, 20, 12, tzinfo=TOKYO)
    ensure_rounds(before)  # creates February's round (applications in December)
    ensure_rounds(NOW)  # and March's
    february = LotteryRound.objects.get(month=datetime.date(2027, 2, 1))
    march = LotteryRound.objects.get(month=MARCH)
    assert february.state == RoundState.CLOSED
    assert march.state == RoundState.OPEN
    assert march.seed == "" and march.seed_commitment == ""
    assert february.seed_commitment == hashlib.sha256(february.seed.encode()).hexdigest()
    assert len(february.seed) == 32

    ensure_rounds(datetime.datetime(2027, 1, 11, 0, 0, tzinfo=TOKYO))
    march.refresh_from_db()
    assert march.state == RoundState.CLOSED and len(march.seed) == 32
    seed = march.seed
    assert ensure_rounds(datetime.datetime(2027, 1, 11, 0, 5, tzinfo=TOKYO)) == 0
    march.refresh_from_db()
    assert march.seed == seed


def test_a_round_not_yet_open_stays_scheduled():
    lottery_facility()
    ensure_rounds(datetime.datetime(2026, 12, 31, 23, tzinfo=TOKYO))
    assert LotteryRound.objects.get(month=datetime.date(2027, 2, 1)).state == RoundState.CLOSED
    ensure_rounds(datetime.datetime(2027, 1, 1, 8, 59, tzinfo=TOKYO))
    assert LotteryRound.objects.get(month=MARCH).state == RoundState.SCHEDULED
    ensure_rounds(datetime.datetime(2027, 1, 1, 9, 0, tzinfo=TOKYO))
    assert LotteryRound.objects.get(month=MARCH).state == RoundState.OPEN


def test_the_periodic_job_is_registered():
    assert "lottery_rounds" in periodic.jobs()


def test_approver_changes_periods_before_opening_only():
    facility = lottery_facility()
    now = timezone.now()
    lottery_round = LotteryRound.objects.create(
        facility=facility,
        month=add_months(timezone.localdate().replace(day=1), 3),
        opens_at=now + datetime.timedelta(days=5),
        closes_at=now + datetime.timedelta(days=10),
        draw_at=now + datetime.timedelta(days=11),
        first_come_opens_at=now + datetime.timedelta(days=12),
    )
    approver = bunka_staff("approver")
    periods = {
        "opens_at": now + datetime.timedelta(days=6),
        "closes_at": now + datetime.timedelta(days=9),
        "draw_at": now + datetime.timedelta(days=9),
        "first_come_opens_at": now + datetime.timedelta(days=13),
        "max_wishes": 4,
        "max_wins_per_applicant": 1,
        "max_wins_per_group": None,
    }
    with pytest.raises(PermissionDenied):
        update_round_periods(lottery_round, bunka_staff("operator"), **periods)
    changed = update_round_periods(lottery_round, approver, **periods)
    assert changed.max_wishes == 4 and changed.max_wins_per_group is None
    assert changed.closes_at == periods["closes_at"]

    with pytest.raises(ValidationError) as wrong_order:
        update_round_periods(
            lottery_round, approver, **{**periods, "closes_at": periods["opens_at"]}
        )
    assert wrong_order.value.message_dict["closes_at"] == [
        "申込締切は申込開始より後にしてください。"
    ]

    LotteryRound.objects.filter(pk=lottery_round.pk).update(state=RoundState.OPEN)
    with pytest.raises(ValidationError) as started:
        update_round_periods(lottery_round, approver, **periods)
    assert started.value.messages == ["申込の受付が始まった抽選の期間は変更できません。"]
