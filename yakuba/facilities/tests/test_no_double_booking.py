"""Never a double booking: the database refuses overlapping active bookings of one room."""

from __future__ import annotations

import datetime
import multiprocessing

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from yakuba.facilities.models import Booking, BookingState, Facility, Room
from yakuba.facilities.services import SlotTaken, book_room, cancel_booking

ATTEMPTS = 200
#: The test server allows 100 connections in all; 40 racers hold one at a time.
SIMULTANEOUS = 40


def _room(code: str = "hall") -> Room:
    facility, _ = Facility.objects.get_or_create(
        code="chuo-kominkan", defaults={"name": "中央公民館", "kind": "kominkan"}
    )
    return Room.objects.create(facility=facility, code=code, name="ホール", capacity=300)


def _at(hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=30)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.mark.db_guarantees
@pytest.mark.django_db
def test_overlapping_booking_is_refused_with_a_clear_message():
    room = _room()
    book_room(room=room, starts_at=_at(9), ends_at=_at(12), holder_name="村山 太郎")
    with pytest.raises(SlotTaken, match="既に予約されています"):
        book_room(room=room, starts_at=_at(11), ends_at=_at(13), holder_name="榎 花子")
    with pytest.raises(SlotTaken):
        book_room(room=room, starts_at=_at(9, 30), ends_at=_at(10), holder_name="榎 花子")
    # half-open ranges: the afternoon frame starts where the morning one ends
    book_room(room=room, starts_at=_at(12), ends_at=_at(17), holder_name="榎 花子")
    # another room of the same facility is free
    book_room(room=_room("room-1"), starts_at=_at(9), ends_at=_at(12), holder_name="榎 花子")
    assert Booking.objects.count() == 3


@pytest.mark.db_guarantees
@pytest.mark.django_db
def test_a_cancelled_booking_frees_the_slot():
    room = _room()
    first = book_room(room=room, starts_at=_at(18), ends_at=_at(21, 30), holder_name="村山 太郎")
    cancel_booking(first)
    second = book_room(room=room, starts_at=_at(18), ends_at=_at(21, 30), holder_name="榎 花子")
    assert second.state == BookingState.HELD
    with pytest.raises(IntegrityError), transaction.atomic():  # reviving the first collides
        Booking.objects.filter(pk=first.pk).update(state=BookingState.CONFIRMED)


@pytest.mark.db_guarantees
@pytest.mark.django_db
def test_moving_a_booking_onto_another_is_refused_by_the_database():
    room = _room()
    book_room(room=room, starts_at=_at(9), ends_at=_at(12), holder_name="村山 太郎")
    other = book_room(room=room, starts_at=_at(13), ends_at=_at(17), holder_name="榎 花子")
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.filter(pk=other.pk).update(starts_at=_at(11))
    other.refresh_from_db()
    assert other.starts_at == _at(13)


@pytest.mark.db_guarantees
@pytest.mark.django_db
def test_bad_ranges_get_messages():
    room = _room()
    with pytest.raises(Exception, match="終了日時は開始日時より後"):
        book_room(room=room, starts_at=_at(12), ends_at=_at(9), holder_name="村山 太郎")
    past = timezone.now() - datetime.timedelta(days=1)
    with pytest.raises(Exception, match="過去の日時"):
        book_room(
            room=room, starts_at=past, ends_at=past + datetime.timedelta(hours=1), holder_name="x"
        )
    with pytest.raises(Exception, match="氏名"):
        book_room(room=room, starts_at=_at(9), ends_at=_at(12))


def _racer(room_id, starts_at, ends_at, number, start, seats, results) -> None:
    """One process: wait for the start, take a connection seat, try to book, report."""
    start.wait()
    with seats:
        try:
            book_room(
                room=Room.objects.get(pk=room_id),
                starts_at=starts_at,
                ends_at=ends_at,
                holder_name=f"申込者 {number}",
            )
            results.put((number, "booked", ""))
        except SlotTaken as taken:
            results.put((number, "taken", taken.messages[0]))
        except Exception as error:  # reported, never hidden
            results.put((number, "error", repr(error)))
        finally:
            connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_200_processes_racing_for_one_slot_make_exactly_one_booking():
    if connection.vendor != "postgresql":
        pytest.skip("the race runs against PostgreSQL")
    room = _room()
    connections.close_all()  # the forked children open their own connections
    context = multiprocessing.get_context("fork")
    start, seats, results = context.Event(), context.BoundedSemaphore(SIMULTANEOUS), context.Queue()
    racers = [
        context.Process(
            target=_racer, args=(room.pk, _at(9), _at(12), number, start, seats, results)
        )
        for number in range(ATTEMPTS)
    ]
    for racer in racers:
        racer.start()
    start.set()
    outcomes = [results.get(timeout=120) for _ in racers]
    for racer in racers:
        racer.join(timeout=30)

    kinds = [kind for _, kind, _ in outcomes]
    assert kinds.count("error") == 0, [o for o in outcomes if o[1] == "error"][:3]
    assert kinds.count("booked") == 1 and kinds.count("taken") == ATTEMPTS - 1
    assert {message for _, kind, message in outcomes if kind == "taken"} == {
        "この時間帯は既に予約されています。別の時間帯を選んでください。"
    }
    [winner] = [number for number, kind, _ in outcomes if kind == "booked"]
    assert list(Booking.objects.values_list("holder_name", flat=True)) == [f"申込者 {winner}"]
