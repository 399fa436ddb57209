"""Reads of the waitlist and iCalendar part: a citizen's own waitlist entries, the
bookings of a personal calendar feed (found by its secret token), and the busy times of
a facility (no personal data)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ..models import (
    ACTIVE_STATES,
    Booking,
    BookingState,
    Facility,
    Room,
    UserRegistration,
    WaitlistEntry,
    WaitState,
)

#: How long a cancelled booking stays in the personal feed (STATUS:CANCELLED), so that
#: subscribed calendars remove it.
CANCELLED_KEPT = datetime.timedelta(days=30)
#: How far back the personal feed goes.
HISTORY = datetime.timedelta(days=90)
#: The public feed of a facility covers this many days ahead.
FACILITY_FEED_DAYS = 92

OPEN_STATES = (WaitState.WAITING, WaitState.OFFERED)


def waitlist_entries_for(user: Any) -> QuerySet[WaitlistEntry]:
    """The citizen's own entries (through their 利用者登録), any state."""
    if not getattr(user, "is_authenticated", False):
        return WaitlistEntry.objects.none()
    return WaitlistEntry.objects.filter(registration__user_id=user.pk).select_related(
        "room__facility", "offer", "group"
    )


def open_entries_for(user: Any, *, now: datetime.datetime | None = None) -> list[WaitlistEntry]:
    """Waiting and offered entries for times still to come, soonest first."""
    now = now or timezone.now()
    return list(
        waitlist_entries_for(user)
        .filter(state__in=OPEN_STATES, ends_at__gt=now)
        .order_by("starts_at", "pk")
    )


def closed_entries_for(user: Any, *, now: datetime.datetime | None = None) -> list[WaitlistEntry]:
    """Entries that ended (accepted, lapsed, withdrawn, or past), most recent first."""
    now = now or timezone.now()
    return list(
        waitlist_entries_for(user)
        .filter(~Q(state__in=OPEN_STATES) | Q(ends_at__lte=now))
        .order_by("-starts_at", "-pk")[:50]
    )


def get_waitlist_room(room_id: int) -> Room | None:
    """A room of an active facility, for the join page."""
    return (
        Room.objects.select_related("facility").filter(pk=room_id, facility__is_active=True).first()
    )


def get_waitlist_entry_for(user: Any, pk: int) -> WaitlistEntry:
    """One of the citizen's own entries; 404 for anyone else's."""
    entry = waitlist_entries_for(user).filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry


def position_in_line(entry: WaitlistEntry) -> int:
    """1 for the first one waiting for this room and start time."""
    return (
        WaitlistEntry.objects.filter(
            room_id=entry.room_id, starts_at=entry.starts_at, state=WaitState.WAITING
        )
        .filter(Q(created__lt=entry.created) | Q(created=entry.created, pk__lt=entry.pk))
        .count()
        + 1
    )


# ------------------------------------------------------------------ calendar feeds


def registration_by_calendar_token(token: str) -> UserRegistration:
    """The registration whose personal feed this is; 404 for an unknown token."""
    if not token or len(token) > 40:
        raise Http404
    registration = UserRegistration.objects.filter(calendar_token=token).first()
    if registration is None:
        raise Http404
    return registration


def calendar_bookings_for(
    registration: UserRegistration, *, now: datetime.datetime | None = None
) -> list[Booking]:
    """The bookings of a personal feed: active ones from ``HISTORY`` ago on, and those
    cancelled or expired in the last ``CANCELLED_KEPT``."""
    now = now or timezone.now()
    owner = Q(registration=registration)
    if registration.user_id is not None:
        owner |= Q(holder_id=registration.user_id)
    return list(
        Booking.objects.filter(owner, ends_at__gt=now - HISTORY)
        .filter(
            Q(state__in=ACTIVE_STATES)
            | Q(
                state__in=[BookingState.CANCELLED, BookingState.EXPIRED],
                cancelled_at__gte=now - CANCELLED_KEPT,
            )
        )
        .select_related("room__facility")
        .order_by("starts_at", "pk")
    )


def get_public_facility(code: str) -> Facility:
    facility = Facility.objects.filter(code=code, is_active=True).first()
    if facility is None:
        raise Http404
    return facility


def busy_times_of(
    facility: Facility, *, now: datetime.datetime | None = None
) -> list[tuple[int, str, datetime.datetime, datetime.datetime, datetime.datetime]]:
    """``(booking id, room name, starts_at, ends_at, updated)`` of the active bookings of
    the facility's rooms in the next ``FACILITY_FEED_DAYS`` days — nothing about who."""
    now = now or timezone.now()
    return list(
        Booking.objects.filter(
            room__facility=facility,
            state__in=ACTIVE_STATES,
            ends_at__gt=now,
            starts_at__lt=now + datetime.timedelta(days=FACILITY_FEED_DAYS),
        )
        .order_by("starts_at", "pk")
        .values_list("pk", "room__name", "starts_at", "ends_at", "updated")
    )
