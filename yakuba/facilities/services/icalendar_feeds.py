"""iCalendar (RFC 5545) feeds, written with the ``icalendar`` library (which folds lines
at 75 octets and escapes text).

* **Personal feed** of a 利用者登録, at a secret URL (``UserRegistration.calendar_token``):
  the user's bookings — held ones ``STATUS:TENTATIVE``, confirmed ones
  ``STATUS:CONFIRMED``, cancelled or expired ones ``STATUS:CANCELLED`` for 30 days so
  subscribed calendars drop them.  ``UID`` is ``booking-<id>@<site host>``, stable for the
  life of the booking; ``DTSTAMP`` and ``LAST-MODIFIED`` are the booking's last change, so
  an unchanged feed is byte-identical (the views answer ``304`` to a matching ETag).
* **Facility feed**, public: the busy times of the facility's rooms for the next three
  months, ``SUMMARY:予約済み`` and the room as ``LOCATION`` — no names, no purposes.

Times are written with ``TZID=Asia/Tokyo`` and the matching ``VTIMEZONE``.
:func:`rotate_calendar_token` revokes the personal URL.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Booking, BookingState, Facility, UserRegistration
from ..models.registration import new_calendar_token
from .slots import local_zone

PRODID = "-//yakuba//facilities//JA"
#: Suggested refresh interval for subscribing clients (RFC 7986 REFRESH-INTERVAL).
REFRESH = datetime.timedelta(hours=1)

STATUS = {
    BookingState.HELD: "TENTATIVE",
    BookingState.CONFIRMED: "CONFIRMED",
    BookingState.CANCELLED: "CANCELLED",
    BookingState.EXPIRED: "CANCELLED",
}


def site_host() -> str:
    return urlsplit(settings.YAKUBA_SITE_URL).hostname or "localhost"


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    return calendar


def _finish(calendar: icalendar.Calendar, events: Iterable[icalendar.Event]) -> bytes:
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _local(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(local_zone())


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def location_of(facility: Facility) -> str:
    parts = [facility.name]
    if facility.address:
        parts.append(facility.address)
    return "、".join(parts)


def booking_event(booking: Booking) -> icalendar.Event:
    room = booking.room
    facility = room.facility
    event = icalendar.Event()
    event.add("uid", f"booking-{booking.pk}@{site_host()}")
    event.add("dtstamp", _utc(booking.updated))
    event.add("last-modified", _utc(booking.updated))
    event.add("created", _utc(booking.created))
    event.add("dtstart", _local(booking.starts_at))
    event.add("dtend", _local(booking.ends_at))
    event.add("summary", f"{room.name}（{facility.name}）")
    event.add("location", location_of(facility))
    status = STATUS.get(booking.state, "TENTATIVE")
    event.add("status", status)
    event.add("sequence", 1 if status == "CANCELLED" else 0)
    event.add("transp", "TRANSPARENT" if status == "CANCELLED" else "OPAQUE")
    lines = [str(booking.get_state_display())]
    if booking.purpose:
        lines.append(_("利用目的: %(purpose)s") % {"purpose": booking.purpose})
    if facility.phone:
        lines.append(_("お問い合わせ: %(phone)s") % {"phone": facility.phone})
    event.add("description", "\n".join(lines))
    return event


def user_feed(registration: UserRegistration, bookings: Iterable[Booking]) -> bytes:
    """The personal feed of ``registration`` with ``bookings`` (from
    :func:`yakuba.facilities.queries.waitlist.calendar_bookings_for`)."""
    calendar = _calendar(_("施設の予約"))
    return _finish(calendar, (booking_event(booking) for booking in bookings))


def facility_feed(
    facility: Facility,
    busy: Iterable[tuple[int, str, datetime.datetime, datetime.datetime, datetime.datetime]],
) -> bytes:
    """The public busy-times feed of ``facility`` (rows from
    :func:`yakuba.facilities.queries.waitlist.busy_times_of`)."""
    calendar = _calendar(_("%(facility)sの予約状況") % {"facility": facility.name})
    host = site_host()
    location_base = location_of(facility)
    events = []
    for pk, room_name, starts_at, ends_at, updated in busy:
        event = icalendar.Event()
        event.add("uid", f"busy-{pk}@{host}")
        event.add("dtstamp", _utc(updated))
        event.add("dtstart", _local(starts_at))
        event.add("dtend", _local(ends_at))
        event.add("summary", _("予約済み"))
        event.add("location", f"{room_name}、{location_base}")
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        event.add("class", "PUBLIC")
        events.append(event)
    return _finish(calendar, events)


def last_modified(
    moments: Iterable[datetime.datetime | None],
) -> datetime.datetime | None:
    found = [moment for moment in moments if moment is not None]
    return max(found) if found else None


@transaction.atomic
def rotate_calendar_token(registration: UserRegistration) -> UserRegistration:
    """A new secret for the personal feed URL; the old URL stops working at once."""
    registration.calendar_token = new_calendar_token()
    registration.updated = timezone.now()
    registration.save(update_fields=["calendar_token", "updated"])
    return registration
