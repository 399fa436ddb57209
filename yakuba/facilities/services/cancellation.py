"""Cancellation of a booking by its holder or by staff, with the cancellation policy of
the fee schedule the booking was charged under.

The policy (as the city's 条例施行規則 words it):

* **free cancellation** until ``free_cancellation_days`` calendar days before the day of
  use, counted in the city's time zone (7 days: a booking for the 20th can be cancelled
  free up to and including the 13th);
* after that, **late cancellation**: ``late_cancellation_percent`` of the fee is kept
  (取消料, rounded down to the yen) and the rest is refunded;
* an **unpaid** booking (held, or free of charge) owes nothing whenever it is cancelled:
  nothing was paid, and the slot is freed for others;
* a **paid** booking cancelled in time is refunded in full (還付).

A booking that has started cannot be cancelled by its holder; staff can still cancel it
(e.g. a closure on the day) and may waive the fee.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ACTIVE_STATES, Booking
from ..policies import may_operate
from .booking import cancel_booking
from .slots import local_zone

logger = logging.getLogger(__name__)

#: When a booking has no fee schedule (a staff or blackout booking): nothing to charge.
DEFAULT_FREE_DAYS = 0


@dataclass(frozen=True)
class CancellationTerms:
    """What cancelling a booking now costs.

    ``fee_kept``      the cancellation fee (取消料) the city keeps, in yen;
    ``refund``        what is paid back (還付), in yen;
    ``free_until``    the last day of free cancellation (local date), or None;
    ``late``          whether the free period is over;
    ``paid``          whether the fee had been paid.
    """

    fee_kept: int
    refund: int
    free_until: datetime.date | None
    late: bool
    paid: bool
    percent: int


def day_of_use(booking: Booking) -> datetime.date:
    return booking.starts_at.astimezone(local_zone()).date()


def free_cancellation_until(booking: Booking) -> datetime.date | None:
    schedule = booking.fee_schedule
    if schedule is None:
        return None
    return day_of_use(booking) - datetime.timedelta(days=schedule.free_cancellation_days)


def cancellation_fee_for(
    booking: Booking, now: datetime.datetime | None = None
) -> CancellationTerms:
    """The cancellation fee and refund if ``booking`` were cancelled at ``now``."""
    now = now or timezone.now()
    today = now.astimezone(local_zone()).date()
    schedule = booking.fee_schedule
    free_until = free_cancellation_until(booking)
    late = free_until is not None and today > free_until
    paid = booking.paid_at is not None and booking.fee > 0
    percent = schedule.late_cancellation_percent if schedule is not None else 0
    if not paid:
        return CancellationTerms(0, 0, free_until, late, False, percent)
    fee_kept = booking.fee * percent // 100 if late else 0
    return CancellationTerms(fee_kept, booking.fee - fee_kept, free_until, late, True, percent)


def may_cancel_online(booking: Booking, user: Any, now: datetime.datetime | None = None) -> bool:
    """Whether the holder can cancel this booking on the web now."""
    now = now or timezone.now()
    return (
        booking.holder_id is not None
        and booking.holder_id == getattr(user, "pk", None)
        and booking.state in ACTIVE_STATES
        and booking.starts_at > now
    )


def _locked(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("fee_schedule")
        .get(pk=booking.pk)
    )


def cancel_by_citizen(
    user: Any, booking: Booking, *, now: datetime.datetime | None = None
) -> tuple[Booking, CancellationTerms]:
    """The holder cancels their own booking before it starts; the fee follows the policy."""
    now = now or timezone.now()
    if booking.holder_id is None or booking.holder_id != getattr(user, "pk", None):
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked(booking)
        if locked.state not in ACTIVE_STATES:
            raise ValidationError(_("この予約は既に取り消されているか、期限が切れています。"))
        if locked.starts_at <= now:
            raise ValidationError(
                _("利用開始時刻を過ぎた予約は取り消せません。施設にお問い合わせください。")
            )
        terms = cancellation_fee_for(locked, now)
        cancelled = cancel_booking(locked, cancellation_fee=terms.fee_kept)
    return cancelled, terms


def cancel_by_staff(
    staff: Any,
    booking: Booking,
    reason: str,
    *,
    waive_fee: bool = False,
    now: datetime.datetime | None = None,
) -> tuple[Booking, CancellationTerms]:
    """Staff (operator of the facility's department) cancel a booking with a reason; with
    ``waive_fee`` nothing is kept (a closure, the city's own reason) and a paid fee is
    refunded in full."""
    now = now or timezone.now()
    if not may_operate(staff):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("取消しの理由を入力してください。")})
    with transaction.atomic():
        locked = _locked(booking)
        if locked.state not in ACTIVE_STATES:
            raise ValidationError(_("この予約は既に取り消されているか、期限が切れています。"))
        if locked.ends_at <= now:
            raise ValidationError(_("利用が終わった予約は取り消せません。"))
        terms = cancellation_fee_for(locked, now)
        if waive_fee:
            terms = CancellationTerms(
                0, locked.fee if terms.paid else 0, terms.free_until, terms.late, terms.paid, 0
            )
        cancelled = cancel_booking(locked, cancellation_fee=terms.fee_kept, reason=reason)
    logger.info(
        "facilities booking cancelled by staff",
        extra={
            "booking_id": cancelled.pk,
            "staff_id": getattr(staff, "pk", None),
            "reason": reason.strip(),
            "waived": waive_fee,
        },
    )
    return cancelled, terms
