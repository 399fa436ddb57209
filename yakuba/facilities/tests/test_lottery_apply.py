"""Applying to the lottery: each refusal with its message; one entry per registration and
per group; change and withdraw while open; counter entries by operators."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yakuba.facilities.models import (
    Closure,
    ClosureKind,
    EntryState,
    GroupMember,
    LotteryWish,
    RegistrationState,
    RoundState,
)
from yakuba.facilities.services.booking import book_room
from yakuba.facilities.services.lottery_rounds import (
    apply_to_lottery,
    change_entry,
    withdraw_entry,
)
from yakuba.facilities.services.slots import at
from yakuba.facilities.tests.factories import (
    approved_group,
    approved_registration,
    make_facility,
)
from yakuba.facilities.tests.test_lottery_helpers import (
    bunka_staff,
    day_of_target,
    lottery_facility,
    open_round,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lottery_round(db):
    return open_round(lottery_facility())


def _rooms(facility):
    return list(facility.rooms.order_by("code"))


MISSING = object()


def _apply(lottery_round, registration=MISSING, *, wishes=None, attendees=10, **options):
    room = _rooms(lottery_round.facility)[0]
    return apply_to_lottery(
        approved_registration() if registration is MISSING else registration,
        lottery_round,
        wishes=wishes if wishes is not None else [(room, day_of_target(3), "am")],
        purpose=options.pop("purpose", "合唱の練習"),
        attendees=attendees,
        **options,
    )


def _refusal(lottery_round, **options) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        _apply(lottery_round, **options)
    return refused.value


def test_stores_the_ranked_wishes_with_a_receipt_number(lottery_round):
    first, second = _rooms(lottery_round.facility)
    entry = _apply(
        lottery_round,
        wishes=[(second, day_of_target(5), "night"), (first, day_of_target(3), "am")],
    )
    assert len(entry.receipt_number) == 10 and entry.state == EntryState.APPLIED
    wishes = list(entry.wishes.order_by("rank"))
    assert [(w.rank, w.room, w.starts_at, w.ends_at) for w in wishes] == [
        (
            1,
            second,
            at(day_of_target(5), datetime.time(18)),
            at(day_of_target(5), datetime.time(21, 30)),
        ),
        (2, first, at(day_of_target(3), datetime.time(9)), at(day_of_target(3), datetime.time(12))),
    ]


def test_refused_when_the_round_is_not_open():
    scheduled = open_round(lottery_facility(), state=RoundState.SCHEDULED)
    assert _refusal(scheduled).messages == ["この抽選は申込の受付期間ではありません。"]


def test_refused_after_the_closing_time_even_before_the_job_closes_it(lottery_round):
    late = lottery_round.closes_at + datetime.timedelta(minutes=1)
    assert _refusal(lottery_round, now=late).messages == [
        "この抽選は申込の受付期間ではありません。"
    ]


def test_refused_without_an_approved_registration(lottery_round):
    pending = approved_registration()
    pending.state = RegistrationState.APPLIED
    pending.save()
    assert _refusal(lottery_round, registration=pending).messages == [
        "施設を予約するには利用者登録（承認済み）が必要です。"
    ]
    assert _refusal(lottery_round, registration=None).messages == [
        "施設を予約するには利用者登録（承認済み）が必要です。"
    ]


def test_refused_for_a_group_the_applicant_does_not_belong_to(lottery_round):
    group = approved_group(approved_registration())
    assert _refusal(lottery_round, group=group).messages == [
        "この団体の代表者または構成員として登録されていません。"
    ]


def test_refused_without_wishes_or_with_too_many(lottery_round):
    room = _rooms(lottery_round.facility)[0]
    assert _refusal(lottery_round, wishes=[]).message_dict == {
        "wishes": ["希望を1つ以上選んでください。"]
    }
    four = [(room, day_of_target(day), "am") for day in (2, 3, 4, 5)]
    assert _refusal(lottery_round, wishes=four).message_dict == {"wishes": ["希望は3件までです。"]}


def test_refused_for_the_same_wish_twice(lottery_round):
    room = _rooms(lottery_round.facility)[0]
    wishes = [(room, day_of_target(3), "am"), (room, day_of_target(3), "am")]
    assert _refusal(lottery_round, wishes=wishes).message_dict == {
        "frame_2": ["第2希望は第1希望と同じです。別の希望を選んでください。"]
    }


def test_refused_outside_the_month_another_facility_or_an_unknown_frame(lottery_round):
    room = _rooms(lottery_round.facility)[0]
    other_room = make_facility().rooms.get()
    month = lottery_round.month
    assert _refusal(
        lottery_round, wishes=[(room, month - datetime.timedelta(days=1), "am")]
    ).message_dict == {"day_1": ["第1希望の日付が抽選の対象月ではありません。"]}
    assert _refusal(lottery_round, wishes=[(other_room, month, "am")]).message_dict == {
        "room_1": ["第1希望の部屋はこの施設のものではありません。"]
    }
    assert _refusal(lottery_round, wishes=[(room, month, "dawn")]).message_dict == {
        "frame_1": ["第1希望の時間帯はこの施設にありません。"]
    }


def test_refused_on_a_closed_day_and_for_a_slot_already_booked(lottery_round):
    room = _rooms(lottery_round.facility)[0]
    Closure.objects.create(
        facility=lottery_round.facility,
        kind=ClosureKind.MAINTENANCE,
        first_day=day_of_target(8),
        last_day=day_of_target(8),
        reason="点検",
    )
    book_room(
        room=room,
        starts_at=at(day_of_target(9), datetime.time(13)),
        ends_at=at(day_of_target(9), datetime.time(17)),
        holder_name="市の行事",
        kind="staff",
    )
    wishes = [(room, day_of_target(8), "am"), (room, day_of_target(9), "pm")]
    assert _refusal(lottery_round, wishes=wishes).message_dict == {
        "day_1": ["第1希望の日は休館日のため申し込めません。"],
        "frame_2": ["第2希望の時間帯は既に予約されているため申し込めません。"],
    }


def test_refused_when_attendees_exceed_the_room_capacity(lottery_round):
    assert _refusal(lottery_round, attendees=31).message_dict == {
        "room_1": ["利用人数が第1希望の部屋の定員（30人）を超えています。"]
    }


def test_refused_without_purpose_or_attendees(lottery_round):
    assert _refusal(lottery_round, purpose=" ", attendees=0).message_dict == {
        "purpose": ["利用目的を入力してください。"],
        "attendees": ["利用人数は1人以上にしてください。"],
    }


def test_one_entry_per_registration_until_withdrawn(lottery_round):
    registration = approved_registration()
    entry = _apply(lottery_round, registration)
    refusal = _refusal(lottery_round, registration=registration)
    assert refusal.messages == [
        "この抽選には既に申し込んでいます。申込内容は「抽選の申込状況」から変更できます。"
    ]
    withdraw_entry(entry)
    again = _apply(lottery_round, registration)
    assert again.state == EntryState.APPLIED and again.pk != entry.pk


def test_one_entry_per_group_whoever_applies(lottery_round):
    representative = approved_registration()
    group = approved_group(representative)
    member = approved_registration()
    GroupMember.objects.create(group=group, name=member.name, registration=member)
    _apply(lottery_round, representative, group=group)
    refusal = _refusal(lottery_round, registration=member, group=group)
    assert refusal.message_dict == {"group": ["この団体は既にこの抽選に申し込んでいます。"]}
    # the member may still apply on their own
    assert _apply(lottery_round, member).group is None


def test_change_replaces_the_wishes_while_open_and_not_after(lottery_round):
    first, second = _rooms(lottery_round.facility)
    entry = _apply(lottery_round)
    change_entry(
        entry,
        wishes=[(second, day_of_target(10), "pm"), (first, day_of_target(11), "am")],
        purpose="会議",
        attendees=5,
    )
    entry.refresh_from_db()
    assert (entry.purpose, entry.attendees) == ("会議", 5)
    assert list(entry.wishes.order_by("rank").values_list("room", "rank")) == [
        (second.pk, 1),
        (first.pk, 2),
    ]
    lottery_round.state = RoundState.CLOSED
    lottery_round.save()
    with pytest.raises(ValidationError) as closed:
        change_entry(entry, wishes=[(first, day_of_target(3), "am")], purpose="x", attendees=1)
    assert closed.value.messages == ["申込の受付期間が終わったため、変更・取下げはできません。"]
    with pytest.raises(ValidationError):
        withdraw_entry(entry)
    assert LotteryWish.objects.filter(entry=entry).count() == 2


def test_counter_entry_by_an_operator_records_who_entered_it(lottery_round):
    operator = bunka_staff("operator")
    registration = approved_registration(email="")
    entry = _apply(lottery_round, registration, entered_by=operator)
    assert entry.entered_by == operator
    with pytest.raises(PermissionDenied):
        _apply(lottery_round, entered_by=bunka_staff("viewer"))


def test_the_month_before_today_is_never_in_a_round(lottery_round):
    # a safety net: every wish of an open round is in the future
    assert lottery_round.month > timezone.localdate()
