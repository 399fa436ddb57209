"""Two workers at once, each on its own database connection (PostgreSQL row locks and the
exclusion constraint decide): one offer per freed time, one reminder per booking."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from yakuba.facilities.models import Booking, BookingKind, Room, WaitlistEntry, WaitState
from yakuba.facilities.services import cancel_booking, reserve
from yakuba.facilities.services import waitlist as service
from yakuba.facilities.services.reminders import send_booking_reminders
from yakuba.facilities.services.slots import at
from yakuba.facilities.tests.factories import approved_registration, make_facility, publish_schedule
from yakuba.identity.tests.factories import CitizenFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

DAY = timezone.localdate() + datetime.timedelta(days=10)
AM = (at(DAY, datetime.time(9)), at(DAY, datetime.time(12)))


def run_together(work: Callable[[], Any], count: int = 2) -> list[Any]:
    """Run ``work`` in ``count`` threads released at the same moment."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        from django.db import connections

        try:
            barrier.wait()
            results[index] = work()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


@pytest.fixture
def room():
    make_facility()
    publish_schedule()
    return Room.objects.select_related("facility").get()


def test_two_workers_offering_the_same_freed_time_make_one_offer(room, mailoutbox):
    taken = reserve(
        registration=approved_registration(),
        room=room,
        day=DAY,
        frame_codes=["am"],
        purpose="会議",
        attendees=5,
    )
    cancel_booking(taken)  # nobody waits yet: the handler offers nothing
    # Entries as they were while the time was taken (test data, written directly).
    entries = [
        WaitlistEntry.objects.create(
            room=room,
            starts_at=AM[0],
            ends_at=AM[1],
            registration=approved_registration(CitizenFactory()),
            purpose="練習",
            attendees=5,
        )
        for _ in range(3)
    ]

    results = run_together(lambda: len(service.offer_next(room, *AM)))

    assert sorted(results) == [0, 1]
    states = [WaitlistEntry.objects.get(pk=entry.pk).state for entry in entries]
    assert states == [WaitState.OFFERED, WaitState.WAITING, WaitState.WAITING]
    assert Booking.objects.filter(kind=BookingKind.WAITLIST).count() == 1
    assert len(mailoutbox) == 1


def test_two_workers_sending_reminders_send_one_mail(room, settings, mailoutbox):
    settings.YAKUBA_FACILITY_REMINDER_DAYS = 1
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    reserve(
        registration=approved_registration(CitizenFactory(email="hanako@example.jp")),
        room=room,
        day=tomorrow,
        frame_codes=["night"],
        purpose="会議",
        attendees=5,
    )
    now = at(timezone.localdate(), datetime.time(10))
    results = run_together(lambda: send_booking_reminders(now))
    assert sorted(results) == [0, 1]
    assert len(mailoutbox) == 1
