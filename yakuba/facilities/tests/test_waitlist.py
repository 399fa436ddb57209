"""キャンセル待ち: joining, offers when a slot frees, accepting, declining, lapsing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yakuba.facilities import handlers
from yakuba.facilities.events import slot_freed
from yakuba.facilities.models import (
    Booking,
    BookingKind,
    BookingState,
    Room,
    UserClass,
    WaitlistEntry,
    WaitState,
)
from yakuba.facilities.services import cancel_booking, reserve
from yakuba.facilities.services import waitlist as service
from yakuba.facilities.services.slots import at
from yakuba.facilities.tests.factories import (
    approved_group,
    approved_registration,
    make_facility,
    publish_schedule,
)
from yakuba.identity.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

DAY = timezone.localdate() + datetime.timedelta(days=10)
AM = (at(DAY, datetime.time(9)), at(DAY, datetime.time(12)))
PM = (at(DAY, datetime.time(13)), at(DAY, datetime.time(17)))
AM_PM = (AM[0], PM[1])


@pytest.fixture
def room():
    make_facility(phone="042-565-1111", address="東京都武蔵村山市本町一丁目1番地")
    publish_schedule()
    return Room.objects.select_related("facility").get()


def person(email: str = "") -> object:
    user = CitizenFactory(**({"email": email} if email else {}))
    return approved_registration(user, name=f"住民{user.pk}")


def book(room, frames=("am",), registration=None):
    return reserve(
        registration=registration or approved_registration(),
        room=room,
        day=DAY,
        frame_codes=list(frames),
        purpose="会議",
        attendees=5,
    )


def join(room, registration, when=AM, **options):
    return service.join_waitlist(
        registration, room, when[0], when[1], purpose="合唱の練習", attendees=8, **options
    )


def fresh(entry: WaitlistEntry) -> WaitlistEntry:
    return WaitlistEntry.objects.select_related("offer").get(pk=entry.pk)


# ------------------------------------------------------------------ joining


def test_joining_a_free_time_is_refused_with_the_advice_to_book(room):
    with pytest.raises(ValidationError) as refused:
        join(room, person())
    assert refused.value.code == "free"
    assert "予約してください" in refused.value.messages[0]
    assert not WaitlistEntry.objects.exists()


def test_joins_a_taken_time_once_per_person(room):
    book(room)
    registration = person()
    entry = join(room, registration)
    assert (entry.state, entry.starts_at, entry.ends_at) == (WaitState.WAITING, *AM)
    with pytest.raises(ValidationError) as again:
        join(room, registration)
    assert again.value.code == "duplicate"
    assert WaitlistEntry.objects.count() == 1


def test_a_time_partly_taken_can_be_waited_for(room):
    book(room, ("pm",))
    entry = join(room, person(), AM_PM)
    assert entry.state == WaitState.WAITING


def test_needs_an_approved_registration(room):
    book(room)
    expired = approved_registration(CitizenFactory(), valid_days=-1)
    with pytest.raises(ValidationError):
        join(room, expired)
    with pytest.raises(ValidationError):
        join(room, None)


def test_a_range_that_is_not_made_of_frames_is_refused(room):
    book(room)
    with pytest.raises(ValidationError) as refused:
        join(room, person(), (AM[0], AM[0] + datetime.timedelta(hours=1)))
    assert refused.value.code == "range"


def test_cannot_wait_for_ones_own_booking(room):
    registration = person()
    book(room, registration=registration)
    with pytest.raises(ValidationError) as refused:
        join(room, registration)
    assert refused.value.code == "own"


def test_attendees_over_capacity_are_refused(room):
    book(room)
    with pytest.raises(ValidationError) as refused:
        service.join_waitlist(person(), room, *AM, purpose="会議", attendees=31)
    assert "attendees" in refused.value.message_dict


# ------------------------------------------------------------------ offers


def test_offer_chain_cancel_offers_the_first_lapse_offers_the_second_who_accepts(
    room, django_capture_on_commit_callbacks, mailoutbox
):
    taken = book(room)
    first = join(room, person("first@example.jp"))
    second = join(room, person("second@example.jp"))

    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(taken)

    first = fresh(first)
    assert first.state == WaitState.OFFERED
    offer = first.offer
    assert (offer.kind, offer.state) == (BookingKind.WAITLIST, BookingState.HELD)
    assert (offer.starts_at, offer.ends_at) == AM
    assert offer.registration_id == first.registration_id
    assert (offer.user_class, offer.room_fee, offer.fee) == (UserClass.RESIDENT, 1000, 1000)
    assert offer.payment_due_at is None
    hours = (offer.offer_expires_at - timezone.now()).total_seconds() / 3600
    assert 23.9 < hours <= 24
    assert fresh(second).state == WaitState.WAITING
    assert [mail.to for mail in mailoutbox] == [["first@example.jp"]]
    assert "繰上げ" in mailoutbox[0].subject
    assert f"/facilities/waitlist/{first.pk}/offer/" in mailoutbox[0].body
    assert "令和" in mailoutbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        lapsed = service.lapse_offers(timezone.now() + datetime.timedelta(hours=25))
    assert lapsed == 1
    assert fresh(first).state == WaitState.LAPSED
    assert Booking.objects.get(pk=offer.pk).state == BookingState.EXPIRED
    second = fresh(second)
    assert second.state == WaitState.OFFERED
    later_mails = {mail.to[0]: mail.subject for mail in mailoutbox[1:]}
    assert len(mailoutbox) == 3
    assert "回答期限が過ぎました" in later_mails["first@example.jp"]
    assert "繰上げのご案内" in later_mails["second@example.jp"]

    booking = service.accept_offer(second.registration.user, second)
    assert booking.state == BookingState.HELD
    assert booking.offer_expires_at is None
    assert booking.payment_due_at is not None and booking.payment_due_at > timezone.now()
    assert fresh(second).state == WaitState.ACCEPTED


def test_free_offer_is_confirmed_on_acceptance(room, django_capture_on_commit_callbacks):
    publish_schedule(valid_from=datetime.date(2021, 4, 1), rates=dict.fromkeys(UserClass.values, 0))
    taken = book(room)
    entry = join(room, person())
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(taken)
    entry = fresh(entry)
    booking = service.accept_offer(entry.registration.user, entry)
    assert (booking.fee, booking.state, booking.payment_due_at) == (
        0,
        BookingState.CONFIRMED,
        None,
    )


def test_someone_booking_first_leaves_those_waiting(
    room, django_capture_on_commit_callbacks, mailoutbox
):
    taken = book(room)
    entry = join(room, person())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cancel_booking(taken)
    # Between the commit and the handler, someone else books the freed morning.
    quicker = book(room)
    for callback in callbacks:
        callback()
    assert fresh(entry).state == WaitState.WAITING
    assert fresh(entry).offer is None
    assert Booking.objects.filter(state__in=["held", "confirmed"]).get() == quicker
    assert mailoutbox == []


def test_offers_go_in_the_order_people_joined(room, django_capture_on_commit_callbacks):
    taken = book(room)
    entries = [join(room, person()) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(taken)
    assert [fresh(entry).state for entry in entries] == [
        WaitState.OFFERED,
        WaitState.WAITING,
        WaitState.WAITING,
    ]


def test_a_freed_day_is_offered_to_the_morning_and_the_afternoon_waiting(
    room, django_capture_on_commit_callbacks
):
    taken = book(room, ("am", "pm"))
    morning = join(room, person(), AM)
    whole_day = join(room, person(), AM_PM)
    afternoon = join(room, person(), PM)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(taken)
    assert fresh(morning).state == WaitState.OFFERED
    assert fresh(afternoon).state == WaitState.OFFERED
    assert fresh(whole_day).state == WaitState.WAITING


def test_an_entry_outside_the_freed_time_is_not_offered(room, django_capture_on_commit_callbacks):
    taken = book(room, ("am",))
    book(room, ("pm",))
    whole_day = join(room, person(), AM_PM)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(taken)
    assert fresh(whole_day).state == WaitState.WAITING


def test_handler_run_twice_makes_one_offer(room, mailoutbox, django_capture_on_commit_callbacks):
    taken = book(room)
    first = join(room, person())
    second = join(room, person())
    with django_capture_on_commit_callbacks(execute=False):
        cancel_booking(taken)
    payload = {"booking_id": taken.pk, "room_id": room.pk, "starts_at": AM[0], "ends_at": AM[1]}
    with django_capture_on_commit_callbacks(execute=True):
        slot_freed.send(Booking, **payload)
        handlers.offer_freed_slot(Booking, **payload)
    assert fresh(first).state == WaitState.OFFERED
    assert fresh(second).state == WaitState.WAITING
    assert Booking.objects.filter(kind=BookingKind.WAITLIST).count() == 1
    assert len(mailoutbox) == 1


def test_declining_offers_the_time_to_the_next(room, django_capture_on_commit_callbacks):
    taken = book(room)
    first = join(room, person())
    second = join(room, person())
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(taken)
    first = fresh(first)
    with django_capture_on_commit_callbacks(execute=True):
        service.decline_offer(first.registration.user, first)
    assert fresh(first).state == WaitState.WITHDRAWN
    assert Booking.objects.get(pk=first.offer_id).state == BookingState.CANCELLED
    assert fresh(second).state == WaitState.OFFERED


def test_lapsing_is_idempotent_and_leaves_open_offers(room, django_capture_on_commit_callbacks):
    taken = book(room)
    entry = join(room, person())
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(taken)
    assert service.lapse_offers(timezone.now()) == 0
    later = timezone.now() + datetime.timedelta(hours=25)
    with django_capture_on_commit_callbacks(execute=True):
        assert service.lapse_offers(later) == 1
        assert service.lapse_offers(later) == 0
    assert fresh(entry).state == WaitState.LAPSED


def test_an_expired_offer_cannot_be_accepted(room, django_capture_on_commit_callbacks):
    taken = book(room)
    entry = join(room, person())
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(taken)
    entry = fresh(entry)
    with pytest.raises(ValidationError):
        service.accept_offer(
            entry.registration.user, entry, now=timezone.now() + datetime.timedelta(hours=25)
        )
    assert fresh(entry).state == WaitState.OFFERED


def test_only_the_person_waiting_may_answer(room, django_capture_on_commit_callbacks):
    taken = book(room)
    entry = join(room, person())
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(taken)
    stranger = CitizenFactory()
    with pytest.raises(PermissionDenied):
        service.accept_offer(stranger, fresh(entry))
    with pytest.raises(PermissionDenied):
        service.withdraw(stranger, fresh(entry))
    assert fresh(entry).state == WaitState.OFFERED


def test_withdrawing_leaves_the_waitlist(room):
    book(room)
    entry = join(room, person())
    service.withdraw(entry.registration.user, entry)
    assert fresh(entry).state == WaitState.WITHDRAWN
    with pytest.raises(ValidationError):
        service.withdraw(entry.registration.user, entry)


def test_an_offer_cancelled_from_the_booking_pages_settles_the_entry(
    room, django_capture_on_commit_callbacks
):
    taken = book(room)
    first = join(room, person())
    second = join(room, person())
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(taken)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(fresh(first).offer)
    assert fresh(first).state == WaitState.WITHDRAWN
    assert fresh(second).state == WaitState.OFFERED


def test_a_group_offer_is_charged_the_group_fee(room, django_capture_on_commit_callbacks):
    taken = book(room)
    registration = person()
    group = approved_group(registration, is_resident=False)
    entry = join(room, registration, group=group)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(taken)
    offer = fresh(entry).offer
    assert (offer.group_id, offer.user_class, offer.fee) == (
        group.pk,
        UserClass.NONRESIDENT_GROUP,
        1500,
    )


def test_the_safety_net_offers_a_time_freed_without_the_event(
    room, django_capture_on_commit_callbacks
):
    taken = book(room)
    entry = join(room, person())
    with django_capture_on_commit_callbacks(execute=False):
        cancel_booking(taken)  # the handler never runs
    assert fresh(entry).state == WaitState.WAITING
    with django_capture_on_commit_callbacks(execute=True):
        assert service.offer_freed_slots() == 1
        assert service.offer_freed_slots() == 0
    assert fresh(entry).state == WaitState.OFFERED


def test_an_entry_partly_taken_is_offered_when_its_taken_part_frees(
    room, django_capture_on_commit_callbacks
):
    morning = book(room, ("am",))
    whole_day = join(room, person(), AM_PM)  # the afternoon was free all along
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(morning)
    offer = fresh(whole_day).offer
    assert fresh(whole_day).state == WaitState.OFFERED
    assert (offer.starts_at, offer.ends_at, offer.room_fee) == (*AM_PM, 2000)


def test_an_offer_never_outlives_the_start_of_its_time(room):
    starts_at = timezone.now() + datetime.timedelta(hours=5)
    assert service.offer_deadline(starts_at, timezone.now()) == starts_at
    later = timezone.now() + datetime.timedelta(days=5)
    now = timezone.now()
    assert service.offer_deadline(later, now) == now + datetime.timedelta(hours=24)
