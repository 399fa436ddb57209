"""The draw: bookings with fees for the wins, the limits, once only, reproducible from the
published input, result e-mails."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from yakuba.facilities import lottery
from yakuba.facilities.models import (
    Booking,
    BookingKind,
    BookingState,
    EntryState,
    LotteryRound,
    RoundState,
    UserClass,
)
from yakuba.facilities.services.booking import book_room
from yakuba.facilities.services.lottery_rounds import (
    apply_to_lottery,
    close_round,
    draw_input,
    draw_round,
    run_draw,
)
from yakuba.facilities.services.slots import at
from yakuba.facilities.tests.factories import approved_group, approved_registration
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


@pytest.fixture
def approver(db):
    return bunka_staff("approver")


def _apply(lottery_round, registration, wishes, **options):
    rooms = list(lottery_round.facility.rooms.order_by("code"))
    return apply_to_lottery(
        registration,
        lottery_round,
        wishes=[(rooms[room], day_of_target(day), frame) for room, day, frame in wishes],
        purpose="練習",
        attendees=8,
        **options,
    )


def _closed(lottery_round) -> LotteryRound:
    close_round(lottery_round.pk)
    lottery_round.refresh_from_db()
    return lottery_round


def _crowd(lottery_round, count=6):
    """``count`` residents all wanting room 1 on the 3rd in the morning, then the 4th."""
    return [
        _apply(
            lottery_round,
            approved_registration(email=f"person{index}@example.jp"),
            [(0, 3, "am"), (0, 4, "am")],
        )
        for index in range(count)
    ]


def test_books_every_win_with_the_fee_and_marks_entries_and_wishes(lottery_round, approver):
    lottery_round.max_wins_per_applicant = 1
    lottery_round.save()
    entries = _crowd(lottery_round, count=3)
    lottery_round = _closed(lottery_round)
    summary = draw_round(lottery_round, approver)
    assert (summary.entries, summary.slots, summary.won_entries, summary.bookings) == (3, 2, 2, 2)
    lottery_round.refresh_from_db()
    assert lottery_round.state == RoundState.DRAWN
    assert lottery_round.drawn_by == approver and lottery_round.drawn_at is not None
    assert sorted(lottery_round.lottery_order) == sorted(e.receipt_number for e in entries)
    bookings = list(Booking.objects.order_by("starts_at"))
    assert [(b.kind, b.state, b.fee, b.room_fee, b.user_class) for b in bookings] == [
        (BookingKind.LOTTERY, BookingState.HELD, 1000, 1000, UserClass.RESIDENT)
    ] * 2
    assert all(b.payment_due_at is not None and b.purpose == "練習" for b in bookings)
    assert bookings[0].starts_at == at(day_of_target(3), datetime.time(9))
    states = sorted(entry.state for entry in type(entries[0]).objects.all())
    assert states == [EntryState.LOST, EntryState.WON, EntryState.WON]
    # the first in the lottery order got the first wish, the second one the second wish
    first, second, third = lottery_round.lottery_order
    winner = type(entries[0]).objects.get(receipt_number=first)
    assert [(w.rank, w.won, w.booking is not None) for w in winner.wishes.order_by("rank")] == [
        (1, True, True),
        (2, False, False),
    ]
    runner_up = type(entries[0]).objects.get(receipt_number=second)
    assert [w.won for w in runner_up.wishes.order_by("rank")] == [False, True]
    assert runner_up.wishes.get(rank=2).booking.registration == runner_up.registration


def test_a_group_pays_the_group_fee_and_is_limited_per_group(lottery_round, approver):
    lottery_round.max_wins_per_applicant = 3
    lottery_round.max_wins_per_group = 1
    lottery_round.save()
    representative = approved_registration(is_resident=False)
    group = approved_group(representative, is_resident=False)
    entry = _apply(
        lottery_round, representative, [(0, 5, "am"), (0, 6, "am"), (1, 7, "pm")], group=group
    )
    draw_round(_closed(lottery_round), approver)
    entry.refresh_from_db()
    assert entry.state == EntryState.WON
    assert [w.won for w in entry.wishes.order_by("rank")] == [True, False, False]
    booking = Booking.objects.get()
    assert (booking.group, booking.user_class, booking.fee) == (
        group,
        UserClass.NONRESIDENT_GROUP,
        1500,
    )


def test_respects_the_wins_per_applicant(lottery_round, approver):
    lottery_round.max_wins_per_applicant = 2
    lottery_round.save()
    entry = _apply(
        lottery_round, approved_registration(), [(0, 5, "am"), (0, 6, "am"), (1, 7, "pm")]
    )
    draw_round(_closed(lottery_round), approver)
    assert [w.won for w in entry.wishes.order_by("rank")] == [True, True, False]
    assert Booking.objects.count() == 2


def test_draws_only_once_and_only_when_closed_and_only_by_an_approver(lottery_round, approver):
    _crowd(lottery_round, count=2)
    with pytest.raises(ValidationError) as open_still:
        draw_round(lottery_round, approver)
    assert open_still.value.messages == ["申込の受付が終わっていないため、まだ抽選できません。"]
    lottery_round = _closed(lottery_round)
    with pytest.raises(PermissionDenied):
        draw_round(lottery_round, bunka_staff("operator"))
    draw_round(lottery_round, approver)
    with pytest.raises(ValidationError) as again:
        draw_round(lottery_round, approver)
    assert again.value.messages == ["この抽選は既に実施しました。"]
    assert Booking.objects.count() == 2


def test_the_same_seed_gives_the_same_winners_and_the_published_input_reruns(
    lottery_round, approver
):
    _crowd(lottery_round, count=8)
    lottery_round = _closed(lottery_round)
    before = run_draw(draw_input(lottery_round))
    assert run_draw(draw_input(lottery_round)).winners == before.winners
    draw_round(lottery_round, approver)
    lottery_round.refresh_from_db()
    published = json.loads(json.dumps(draw_input(lottery_round)))
    assert set(published) == {"slots", "applications", "limits", "seed"}
    rerun = lottery.draw(
        [lottery.Slot(s["key"], s["capacity"]) for s in published["slots"]],
        [
            lottery.Application(a["applicant"], a["group"], tuple(a["wishes"]))
            for a in published["applications"]
        ],
        published["seed"],
        lottery.Limits(**published["limits"]),
    )
    assert list(rerun.order) == lottery_round.lottery_order == list(before.order)
    booked = {
        wish.slot_key(): wish.entry.receipt_number
        for entry in lottery_round.entries.all()
        for wish in entry.wishes.filter(won=True).select_related("entry")
    }
    assert booked == {key: winners[0] for key, winners in rerun.winners.items() if winners}


def test_a_win_on_a_slot_blocked_after_closing_is_lost(lottery_round, approver):
    entry = _apply(lottery_round, approved_registration(), [(0, 3, "am")])
    lottery_round = _closed(lottery_round)
    book_room(
        room=lottery_round.facility.rooms.order_by("code").first(),
        starts_at=at(day_of_target(3), datetime.time(9)),
        ends_at=at(day_of_target(3), datetime.time(12)),
        holder_name="市の行事",
        kind=BookingKind.BLACKOUT,
    )
    summary = draw_round(lottery_round, approver)
    assert (summary.bookings, summary.lost_to_booking) == (0, 1)
    entry.refresh_from_db()
    assert entry.state == EntryState.LOST
    assert entry.wishes.get().won is False


def test_e_mails_the_results_after_commit(
    lottery_round, approver, django_capture_on_commit_callbacks
):
    entries = _crowd(lottery_round, count=3)
    phone = _apply(
        lottery_round,
        approved_registration(email=""),
        [(1, 9, "night")],
        entered_by=bunka_staff("operator"),
    )
    lottery_round = _closed(lottery_round)
    with django_capture_on_commit_callbacks(execute=True):
        draw_round(lottery_round, approver)
    assert len(mail.outbox) == 3
    by_address = {message.to[0]: message for message in mail.outbox}
    for entry in entries:
        entry.refresh_from_db()
        message = by_address[entry.registration.email]
        assert entry.receipt_number in message.subject
        assert entry.notified_at is not None
        if entry.state == EntryState.WON:
            assert "当選しました。" in message.body
            assert "使用料: 1,000円" in message.body
            assert "までにお支払いください" in message.body
        else:
            assert "残念ながら落選しました。" in message.body
    phone.refresh_from_db()
    assert phone.state == EntryState.WON and phone.notified_at is None


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_draws_make_one_set_of_bookings():
    import threading

    from django.db import connection

    lottery_round = open_round(lottery_facility())
    _crowd(lottery_round, count=4)
    close_round(lottery_round.pk)
    approver = bunka_staff("approver")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt():
        try:
            barrier.wait()
            draw_round(LotteryRound.objects.get(pk=lottery_round.pk), approver)
            outcomes.append("drawn")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["drawn", "この抽選は既に実施しました。"]
    assert Booking.objects.count() == 2
