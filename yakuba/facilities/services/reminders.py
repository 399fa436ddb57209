"""Reminder e-mails before the day of use (periodic job ``send_booking_reminders``).

A booking that is held or confirmed, starts on the calendar day (Asia/Tokyo)
``YAKUBA_FACILITY_REMINDER_DAYS`` days after today and has no ``reminder_sent_at`` gets
one e-mail: the date in 和暦, the room and facility, the address, what to do to cancel
(the facility's telephone), and for a held booking the payment still due.  The job runs
from 8:00 local time (no mail at night) and 0 days turns it off.

**Once only**: each booking is claimed by ``UPDATE … SET reminder_sent_at = now WHERE
reminder_sent_at IS NULL`` before its mail is enqueued (after commit), so two workers
running the job at once send one mail.  Bookings whose holder has no e-mail address
(phone and counter users) are skipped: staff telephone them from the daily sheet.
Staff, blackout and course bookings, and waitlist offers not yet accepted, get none.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yakuba.core.japanese import format_yen
from yakuba.core.tasks import send_mail_task

from ..models import ACTIVE_STATES, Approval, Booking, BookingKind, BookingState
from .slots import at, local_zone
from .waitlist import city_name, moment_text, site_url, when_text

logger = logging.getLogger(__name__)

#: No reminder mail before this local time of day.
SEND_FROM = datetime.time(8, 0)

#: Kinds of booking no citizen needs reminding of.
NOT_REMINDED = (BookingKind.STAFF, BookingKind.BLACKOUT, BookingKind.COURSE)


def reminder_address(booking: Booking) -> str:
    holder = booking.holder
    address = getattr(holder, "email", "") if holder is not None else ""
    if not address and booking.registration is not None:
        address = booking.registration.email
    return address or ""


def reminder_day(now: datetime.datetime) -> datetime.date | None:
    days = settings.YAKUBA_FACILITY_REMINDER_DAYS
    local = now.astimezone(local_zone())
    if days <= 0 or local.time() < SEND_FROM:
        return None
    return local.date() + datetime.timedelta(days=days)


def due_reminders(now: datetime.datetime):
    day = reminder_day(now)
    if day is None:
        return Booking.objects.none()
    return (
        Booking.objects.filter(
            state__in=ACTIVE_STATES,
            starts_at__gte=max(at(day, datetime.time.min), now),
            starts_at__lt=at(day + datetime.timedelta(days=1), datetime.time.min),
            reminder_sent_at__isnull=True,
            offer_expires_at__isnull=True,
        )
        .exclude(kind__in=NOT_REMINDED)
        .select_related("room__facility", "holder", "registration")
        .order_by("starts_at", "pk")
    )


def send_booking_reminders(now: datetime.datetime | None = None) -> int:
    """Send the reminders due at ``now``; returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for booking in due_reminders(now):
        address = reminder_address(booking)
        if not address:
            continue
        with transaction.atomic():
            claimed = Booking.objects.filter(
                pk=booking.pk, reminder_sent_at__isnull=True, state__in=ACTIVE_STATES
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            subject, text = render_reminder(booking)
            _enqueue_after_commit(subject, text, address)
        sent += 1
    return sent


def _enqueue_after_commit(subject: str, text: str, address: str) -> None:
    city = city_name()
    headers = {"Auto-Submitted": "auto-generated"}
    transaction.on_commit(
        lambda: send_mail_task.enqueue(subject, text, [address], "", city, headers)
    )


def _booking_url(booking: Booking) -> str:
    for name, args in (
        ("portal:facilities:booking_detail", [booking.pk]),
        ("portal:mypage", []),
    ):
        try:
            return site_url(reverse(name, args=args))
        except NoReverseMatch:
            continue
    return settings.YAKUBA_SITE_URL


def render_reminder(booking: Booking) -> tuple[str, str]:
    facility = booking.room.facility
    city = city_name()
    unpaid = booking.state == BookingState.HELD and booking.fee > 0 and booking.paid_at is None
    context = {
        "name": booking.registration.name if booking.registration else booking.holder_name,
        "facility": facility,
        "room": booking.room,
        "when": when_text(booking.starts_at, booking.ends_at),
        "purpose": booking.purpose,
        "unpaid": unpaid,
        "fee": format_yen(booking.fee),
        "payment_due": moment_text(booking.payment_due_at) if booking.payment_due_at else "",
        "approval_pending": booking.approval == Approval.PENDING,
        "booking_url": _booking_url(booking),
        "city": city,
    }
    subject = _("施設のご利用日のお知らせ")
    if city:
        subject = f"【{city}】{subject}"
    return subject, render_to_string("facilities/mail/booking_reminder.txt", context)
