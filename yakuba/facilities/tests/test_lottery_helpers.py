"""Shared builders of the lottery tests (no tests here): a lottery facility with a published
fee schedule, an open round of the month after next, staff of 文化振興課 (bunka)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from yakuba.facilities.models import FeeRate, FeeSchedule, LotteryRound, RoundState
from yakuba.facilities.services.slots import add_months
from yakuba.facilities.tests.factories import STANDARD_RATES, make_facility, publish_schedule


def target_month() -> datetime.date:
    return add_months(timezone.localdate().replace(day=1), 2)


def day_of_target(day: int) -> datetime.date:
    return target_month().replace(day=day)


def lottery_facility(**fields):
    facility = make_facility(rooms=fields.pop("rooms", 2), lottery_enabled=True, **fields)
    schedule = FeeSchedule.objects.filter(published_at__isnull=False).first()
    if schedule is None:
        publish_schedule(facilities=[facility])
        return facility
    FeeRate.objects.bulk_create(  # one published schedule per day: add this facility's rates
        FeeRate(schedule=schedule, room=room, frame=frame, user_class=cls, amount=amount)
        for room in facility.rooms.all()
        for frame in facility.frames.all()
        for cls, amount in STANDARD_RATES.items()
    )
    return facility


def open_round(facility, **fields) -> LotteryRound:
    now = timezone.now()
    return LotteryRound.objects.create(
        facility=facility,
        month=fields.pop("month", target_month()),
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=1),
        draw_at=now + datetime.timedelta(days=2),
        first_come_opens_at=now + datetime.timedelta(days=3),
        state=fields.pop("state", RoundState.OPEN),
        **fields,
    )


def bunka_staff(role: str, email: str = ""):
    from yakuba.identity.models import OrgUnit
    from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory

    unit = OrgUnit.objects.filter(code="bunka").first() or OrgUnitFactory(
        code="bunka", name="文化振興課", name_en="Culture Promotion"
    )
    fields = {"user__email": email} if email else {}
    return AssignmentFactory(org_unit=unit, role=role, **fields).user
