"""キャンセル待ち (waitlist) with automatic offers.

A registered user joins the waitlist for a time of a room that is **taken now** (a free
time is booked, not waited for).  When a booking is cancelled or expires,
:data:`~yakuba.facilities.events.slot_freed` reaches :func:`offer_next` (through
:mod:`yakuba.facilities.handlers`): the earliest waiting entry whose time lies within the
freed range (or overlaps it, the rest being free), and is still free, gets an **offer** —
a held booking of kind ``waitlist`` with the fee computed as first-come booking computes
it, open until ``Booking.offer_expires_at`` (``YAKUBA_FACILITY_OFFER_HOURS`` later), and
an e-mail.

* :func:`accept_offer`: the booking stays held for payment (or is confirmed at once when it
  is free of charge and needs no approval); the payment deadline starts then.
* :func:`decline_offer`, or the offer lapses (:func:`lapse_offers`, periodic job
  ``lapse_waitlist_offers``): the booking is freed, which offers it to the next one.
* :func:`withdraw`: leave the waitlist.

Offering is idempotent: an entry is locked and must still be waiting; the offer itself is
inserted through :func:`~yakuba.facilities.services.booking.book_room`, so if someone else
booked the time first the database refuses it (:class:`SlotTaken`) and the entries stay
waiting.  While an offer is open its ``payment_due_at`` is empty, so the unpaid-expiry job
does not touch it.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yakuba.core.japanese import format_wareki, format_yen
from yakuba.core.services import get_municipality
from yakuba.core.tasks import send_mail_task

from ..models import (
    ACTIVE_STATES,
    Booking,
    BookingKind,
    BookingState,
    Group,
    Room,
    TimeFrame,
    UserRegistration,
    WaitlistEntry,
    WaitState,
)
from .booking import SlotTaken, book_room, cancel_booking
from .fees import quote_fee, user_class_for
from .reservations import booking_fields, initial_state, payment_due, require_valid_registration
from .slots import (
    CLOSED,
    FREE,
    PAST,
    TAKEN,
    at,
    day_slots,
    first_come_opens_at,
    frames_range,
    local_zone,
)

logger = logging.getLogger(__name__)

WEEKDAYS = (
    gettext_lazy("月"),
    gettext_lazy("火"),
    gettext_lazy("水"),
    gettext_lazy("木"),
    gettext_lazy("金"),
    gettext_lazy("土"),
    gettext_lazy("日"),
)


#: Nothing is booked further ahead than this; a later time is refused before computing slots.
MAX_AHEAD = datetime.timedelta(days=800)


def offer_hours() -> int:
    return settings.YAKUBA_FACILITY_OFFER_HOURS


def offer_deadline(starts_at: datetime.datetime, now: datetime.datetime) -> datetime.datetime:
    """``OFFER_HOURS`` from now, but never after the time of use starts."""
    return min(now + datetime.timedelta(hours=offer_hours()), starts_at)


# ------------------------------------------------------------------ time ranges


def frames_for_range(
    room: Room, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> tuple[datetime.date, list[TimeFrame]]:
    """The day and the consecutive frames of ``room``'s facility that make up exactly
    ``[starts_at, ends_at)``; ValidationError when the range is not made of frames."""
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at) or ends_at <= starts_at:
        raise ValidationError(_("時間帯の指定が正しくありません。"), code="range")
    day = starts_at.astimezone(local_zone()).date()
    codes = [
        frame.code
        for frame in room.facility.frames.all()
        if at(day, frame.starts) >= starts_at and at(day, frame.ends) <= ends_at
    ]
    if not codes:
        raise ValidationError(_("この施設の利用区分に合う時間帯を選んでください。"), code="range")
    try:
        first, last, frames = frames_range(room.facility, day, codes)
    except ValidationError:
        raise ValidationError(
            _("この施設の利用区分に合う時間帯を選んでください。"), code="range"
        ) from None
    if (first, last) != (starts_at, ends_at):
        raise ValidationError(_("この施設の利用区分に合う時間帯を選んでください。"), code="range")
    return day, frames


def range_statuses(
    room: Room,
    day: datetime.date,
    frames: list[TimeFrame],
    *,
    now: datetime.datetime | None = None,
) -> set[str]:
    codes = {frame.code for frame in frames}
    return {slot.status for slot in day_slots(room, day, now=now) if slot.frame.code in codes}


# ------------------------------------------------------------------ joining


def check_waitlist_time(
    room: Room,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    *,
    now: datetime.datetime | None = None,
) -> datetime.date:
    """The day of a time one may wait for (made of frames, taken now, first-come open);
    ValidationError otherwise, with code ``free`` when it can simply be booked."""
    now = now or timezone.now()
    if timezone.is_aware(starts_at) and starts_at <= now:
        raise ValidationError(_("過去の日時はキャンセル待ちできません。"), code="past")
    if timezone.is_aware(starts_at) and starts_at > now + MAX_AHEAD:
        raise ValidationError(_("この日時はまだ予約の受付前です。"), code="not_yet")
    day, frames = frames_for_range(room, starts_at, ends_at)
    statuses = range_statuses(room, day, frames, now=now)
    if PAST in statuses:
        raise ValidationError(_("過去の日時はキャンセル待ちできません。"), code="past")
    if CLOSED in statuses:
        raise ValidationError(_("休館・休止の時間帯はキャンセル待ちできません。"), code="closed")
    if TAKEN not in statuses:
        if statuses == {FREE}:
            raise ValidationError(
                _("この時間帯は空いています。キャンセル待ちではなく、予約してください。"),
                code="free",
            )
        raise ValidationError(
            _("この時間帯はまだ予約の受付前のため、キャンセル待ちできません。"), code="not_yet"
        )
    if room.lottery_only or now < first_come_opens_at(room.facility, day):
        raise ValidationError(
            _("この時間帯はまだ先着順の受付前のため、キャンセル待ちできません。"), code="not_yet"
        )
    return day


def join_waitlist(
    registration: UserRegistration | None,
    room: Room,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    *,
    purpose: str,
    attendees: int,
    group: Group | None = None,
    now: datetime.datetime | None = None,
) -> WaitlistEntry:
    """Put the user on the waitlist for a time that is taken now (once per person and
    time).  A free time is refused with code ``free``: book it instead."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    if not purpose.strip():
        errors["purpose"] = _("利用目的を入力してください。")
    if attendees is None or attendees < 1:
        errors["attendees"] = _("利用人数は1人以上にしてください。")
    elif attendees > room.capacity:
        errors["attendees"] = _("利用人数が定員（%(capacity)d人）を超えています。") % {
            "capacity": room.capacity
        }
    if errors:
        raise ValidationError(errors)
    day = check_waitlist_time(room, starts_at, ends_at, now=now)
    require_valid_registration(registration, group, on=day)
    assert registration is not None
    own = Booking.objects.filter(
        Q(registration=registration) | Q(holder_id=registration.user_id, holder__isnull=False),
        room=room,
        state__in=ACTIVE_STATES,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )
    if own.exists():
        raise ValidationError(_("この時間帯はご自身で予約済みです。"), code="own")
    entry = WaitlistEntry(
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        registration=registration,
        group=group,
        purpose=purpose.strip(),
        attendees=attendees,
    )
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as error:
        # PostgreSQL names the constraint; SQLite names its columns: ask the table.
        duplicate = WaitlistEntry.objects.filter(
            room=room,
            starts_at=starts_at,
            registration=registration,
            state__in=[WaitState.WAITING, WaitState.OFFERED],
        ).exists()
        if duplicate or "facilities_wait_once" in str(error):
            raise ValidationError(
                _("この時間帯には既にキャンセル待ちをしています。"), code="duplicate"
            ) from error
        raise
    return entry


# ------------------------------------------------------------------ offering


def offer_next(
    room: Room,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    *,
    now: datetime.datetime | None = None,
) -> list[WaitlistEntry]:
    """Offer the freed range ``[starts_at, ends_at)`` of ``room`` to those waiting, in the
    order they joined: each waiting entry whose time lies within the range — or overlaps
    it, when the rest of its time is free too — gets an offer if its whole time is free
    (so two entries for the morning and the afternoon of a freed day both get one, and an
    entry for the whole day gets one when the morning frees and the afternoon was free).
    Safe to run twice: an entry already offered is skipped, and a taken time (the
    database refuses the offer: :class:`SlotTaken`) leaves the entry waiting."""
    now = now or timezone.now()
    candidates = list(
        WaitlistEntry.objects.filter(
            room=room,
            state=WaitState.WAITING,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
            starts_at__gt=now,
        )
        .order_by("created", "id")
        .values_list("pk", flat=True)
    )
    offered = []
    for pk in candidates:
        entry = _offer(pk, now)
        if entry is not None:
            offered.append(entry)
    return offered


def _offer(pk: int, now: datetime.datetime) -> WaitlistEntry | None:
    with transaction.atomic():
        entry = (
            WaitlistEntry.objects.select_for_update(of=("self",))
            .select_related("room__facility", "registration__user", "group")
            .filter(pk=pk, state=WaitState.WAITING)
            .first()
        )
        if entry is None:
            return None
        try:
            booking = _offer_booking(entry, now)
        except SlotTaken:
            return None
        except ValidationError as error:
            logger.info(
                "facilities waitlist entry not offered",
                extra={"entry_id": entry.pk, "reason": error.messages[0]},
            )
            return None
        if booking is None:
            return None
        entry.state = WaitState.OFFERED
        entry.offer = booking
        entry.save(update_fields=["state", "offer", "updated"])
        send_offer_mail(entry)
    return entry


def _offer_booking(entry: WaitlistEntry, now: datetime.datetime) -> Booking | None:
    room = entry.room
    day, frames = frames_for_range(room, entry.starts_at, entry.ends_at)
    # Closed, past or not yet open: no offer.  Taken is left to the database: book_room
    # raises SlotTaken when someone else holds (part of) the time.
    if range_statuses(room, day, frames, now=now) - {FREE, TAKEN}:
        return None
    registration = entry.registration
    require_valid_registration(registration, entry.group, on=day)
    quote = quote_fee(
        room=room, frames=frames, user_class=user_class_for(registration, entry.group), day=day
    )
    fields = booking_fields(quote, room=room, starts_at=entry.starts_at)
    fields["payment_due_at"] = None  # the payment period starts on acceptance
    return book_room(
        room=room,
        starts_at=entry.starts_at,
        ends_at=entry.ends_at,
        holder=registration.user,
        holder_name="" if registration.user_id else registration.name,
        purpose=entry.purpose or _("キャンセル待ちからの繰上げ"),
        state=BookingState.HELD,
        kind=BookingKind.WAITLIST,
        registration=registration,
        group=entry.group,
        attendees=entry.attendees,
        offer_expires_at=offer_deadline(entry.starts_at, now),
        **fields,
    )


def offer_freed_slots(now: datetime.datetime | None = None) -> int:
    """Safety net (periodic job ``offer_waitlist_slots``): offer every waited-for time
    that is free although no ``slot_freed`` reached the waitlist (a handler that failed)."""
    now = now or timezone.now()
    waited = (
        WaitlistEntry.objects.filter(state=WaitState.WAITING, starts_at__gt=now)
        .values_list("room_id", "starts_at", "ends_at")
        .distinct()
    )
    count = 0
    rooms: dict[int, Room] = {}
    for room_id, starts_at, ends_at in waited:
        busy = Booking.objects.filter(
            room_id=room_id, state__in=ACTIVE_STATES, starts_at__lt=ends_at, ends_at__gt=starts_at
        ).exists()
        if busy:
            continue
        if room_id not in rooms:
            rooms[room_id] = Room.objects.select_related("facility").get(pk=room_id)
        count += len(offer_next(rooms[room_id], starts_at, ends_at, now=now))
    return count


def settle_freed_offer(booking_id: int) -> int:
    """An open offer whose booking was freed some other way (the holder cancelled it from
    the booking pages, staff cancelled it): the entry is no longer offered."""
    return WaitlistEntry.objects.filter(
        offer_id=booking_id, state=WaitState.OFFERED, offer__state__in=["cancelled", "expired"]
    ).update(state=WaitState.WITHDRAWN, updated=timezone.now())


# ------------------------------------------------------------------ answering


def _locked_own(user: Any, entry: WaitlistEntry) -> WaitlistEntry:
    locked = (
        WaitlistEntry.objects.select_for_update(of=("self",))
        .select_related("registration")
        .get(pk=entry.pk)
    )
    if locked.registration.user_id is None or locked.registration.user_id != getattr(
        user, "pk", None
    ):
        raise PermissionDenied
    return locked


def accept_offer(
    user: Any, entry: WaitlistEntry, *, now: datetime.datetime | None = None
) -> Booking:
    """Take the offered booking: held for payment from now (or confirmed at once when free
    of charge and needing no approval)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_own(user, entry)
        if locked.state != WaitState.OFFERED or locked.offer_id is None:
            raise ValidationError(_("このご案内には既に回答済みか、期限が過ぎています。"))
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("fee_schedule")
            .get(pk=locked.offer_id)
        )
        if (
            booking.state != BookingState.HELD
            or booking.offer_expires_at is None
            or booking.offer_expires_at <= now
        ):
            raise ValidationError(_("回答期限を過ぎたため、このご案内は無効になりました。"))
        booking.offer_expires_at = None
        if booking.fee and booking.fee_schedule is not None:
            booking.payment_due_at = payment_due(
                booking.fee, booking.starts_at, booking.fee_schedule
            )
        booking.state = initial_state({"fee": booking.fee, "approval": booking.approval})
        booking.save(update_fields=["offer_expires_at", "payment_due_at", "state", "updated"])
        locked.state = WaitState.ACCEPTED
        locked.save(update_fields=["state", "updated"])
    entry.refresh_from_db()
    return booking


def decline_offer(user: Any, entry: WaitlistEntry) -> WaitlistEntry:
    """Decline an open offer: the booking is freed and offered to the next one waiting."""
    with transaction.atomic():
        locked = _locked_own(user, entry)
        if locked.state != WaitState.OFFERED or locked.offer_id is None:
            raise ValidationError(_("このご案内には既に回答済みか、期限が過ぎています。"))
        booking = Booking.objects.select_for_update(of=("self",)).get(pk=locked.offer_id)
        locked.state = WaitState.WITHDRAWN
        locked.save(update_fields=["state", "updated"])
        if booking.state in ACTIVE_STATES:
            cancel_booking(booking, state=BookingState.CANCELLED)
    return locked


def withdraw(user: Any, entry: WaitlistEntry) -> WaitlistEntry:
    """Leave the waitlist (an open offer is declined)."""
    with transaction.atomic():
        locked = _locked_own(user, entry)
        if locked.state == WaitState.OFFERED:
            return decline_offer(user, locked)
        if locked.state != WaitState.WAITING:
            raise ValidationError(_("このキャンセル待ちは既に終了しています。"))
        locked.state = WaitState.WITHDRAWN
        locked.save(update_fields=["state", "updated"])
    return locked


def lapse_offers(now: datetime.datetime | None = None) -> int:
    """Periodic job ``lapse_waitlist_offers``: offers past their deadline expire; freeing
    the booking offers the time to the next one waiting.  Idempotent."""
    now = now or timezone.now()
    due = list(
        WaitlistEntry.objects.filter(
            state=WaitState.OFFERED,
            offer__state=BookingState.HELD,
            offer__offer_expires_at__lte=now,
        ).values_list("pk", flat=True)
    )
    count = 0
    for pk in due:
        with transaction.atomic():
            entry = (
                WaitlistEntry.objects.select_for_update(of=("self",))
                .filter(pk=pk, state=WaitState.OFFERED)
                .first()
            )
            if entry is None:
                continue
            booking = (
                Booking.objects.select_for_update(of=("self",))
                .filter(pk=entry.offer_id, state=BookingState.HELD, offer_expires_at__lte=now)
                .first()
            )
            if booking is None:
                continue
            entry.state = WaitState.LAPSED
            entry.save(update_fields=["state", "updated"])
            cancel_booking(booking, state=BookingState.EXPIRED)
            send_lapsed_mail(entry)
            count += 1
    return count


# ------------------------------------------------------------------ e-mail


def address_of(registration: UserRegistration) -> str:
    user = registration.user
    return (getattr(user, "email", "") if user is not None else "") or registration.email


def when_text(starts_at: datetime.datetime, ends_at: datetime.datetime) -> str:
    """令和8年12月20日（日）9:00〜12:00."""
    start = starts_at.astimezone(local_zone())
    end = ends_at.astimezone(local_zone())
    weekday = WEEKDAYS[start.weekday()]
    times = f"{start.hour}:{start:%M}〜{end.hour}:{end:%M}"
    return f"{format_wareki(start.date())}（{weekday}）{times}"


def moment_text(moment: datetime.datetime) -> str:
    local = moment.astimezone(local_zone())
    return f"{format_wareki(local.date())}（{WEEKDAYS[local.weekday()]}）{local.hour}:{local:%M}"


def city_name() -> str:
    profile = get_municipality()
    return profile.name if profile is not None else ""


def site_url(path: str) -> str:
    return f"{settings.YAKUBA_SITE_URL}{path}"


def send_offer_mail(entry: WaitlistEntry) -> None:
    """The offer e-mail, enqueued after commit: what, when, fee, deadline and the page
    (sign-in required) with the accept and decline buttons."""
    address = address_of(entry.registration)
    booking = entry.offer
    if not address or booking is None:
        return
    city = city_name()
    context = {
        "name": entry.registration.name,
        "facility": entry.room.facility,
        "room": entry.room,
        "when": when_text(entry.starts_at, entry.ends_at),
        "fee": format_yen(booking.fee),
        "deadline": moment_text(booking.offer_expires_at) if booking.offer_expires_at else "",
        "offer_url": site_url(reverse("portal:facilities:waitlist_offer", args=[entry.pk])),
        "list_url": site_url(reverse("portal:facilities:waitlist_list")),
        "city": city,
    }
    subject = _("キャンセル待ちの繰上げのご案内")
    if city:
        subject = f"【{city}】{subject}"
    text = render_to_string("facilities/mail/waitlist_offer.txt", context)
    headers = {"Auto-Submitted": "auto-generated"}
    transaction.on_commit(
        lambda: send_mail_task.enqueue(subject, text, [address], "", city, headers)
    )


def send_lapsed_mail(entry: WaitlistEntry) -> None:
    """The offer was not answered in time: say so, after commit."""
    address = address_of(entry.registration)
    if not address:
        return
    city = city_name()
    context = {
        "name": entry.registration.name,
        "facility": entry.room.facility,
        "room": entry.room,
        "when": when_text(entry.starts_at, entry.ends_at),
        "list_url": site_url(reverse("portal:facilities:waitlist_list")),
        "city": city,
    }
    subject = _("キャンセル待ちのご案内の回答期限が過ぎました")
    if city:
        subject = f"【{city}】{subject}"
    text = render_to_string("facilities/mail/waitlist_lapsed.txt", context)
    headers = {"Auto-Submitted": "auto-generated"}
    transaction.on_commit(
        lambda: send_mail_task.enqueue(subject, text, [address], "", city, headers)
    )
