"""Payment of the fee of a held booking, and the expiry of bookings left unpaid.

**The counter** (窓口) is the built-in way to pay: staff take the money, give a receipt
and record it with :func:`mark_paid`.  A later issue brings electronic payment through a
:class:`PaymentProvider`; whatever the provider, the payment is written by
:func:`record_payment`, the single write path for a payment.

Rules:

* only a **held** booking with a fee above 0 and not yet paid can be paid;
* once paid the booking is **confirmed**, unless its usage approval (使用許可) is still
  pending: then it stays held (paid) until staff approve it;
* a held booking whose ``payment_due_at`` has passed unpaid **expires**
  (:func:`expire_unpaid_bookings`, a periodic job): the slot is free again and the
  holder gets an e-mail.  Waitlist offers not yet accepted are left alone (they lapse on
  their own ``offer_expires_at``, and cannot be paid before they are accepted); an
  accepted offer has a payment deadline like any booking and expires the same way.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yakuba.core.japanese import format_date_both
from yakuba.core.tasks import send_mail_task

from ..models import Approval, Booking, BookingKind, BookingState, PaymentMethod
from ..policies import may_operate
from .booking import cancel_booking
from .slots import local_zone

logger = logging.getLogger(__name__)


# ------------------------------------------------------------------ provider interface


@dataclass(frozen=True)
class PaymentStart:
    """What a provider answers when a payment is started: where to send the payer
    (``redirect_url``, empty for a code paid at a convenience store) and the provider's
    reference for this payment (stored on the booking once paid)."""

    reference: str
    redirect_url: str = ""


@runtime_checkable
class PaymentProvider(Protocol):
    """An electronic payment service (the later electronic-payment issue).

    ``code``                          short name, e.g. ``"paypay"``;
    ``start_payment(booking)``        register the amount ``booking.fee`` with the
                                      provider and return a :class:`PaymentStart`;
    ``handle_notification(payload)``  verify the provider's (signed) notification and,
                                      when it reports a completed payment, call
                                      :func:`record_payment` with
                                      ``method=PaymentMethod.PROVIDER`` and the
                                      provider's reference; return the booking it
                                      confirmed, or ``None`` for anything else.
                                      Must be idempotent: providers resend.
    """

    code: str

    def start_payment(self, booking: Booking) -> PaymentStart: ...

    def handle_notification(self, payload: Mapping[str, Any]) -> Booking | None: ...


_providers: dict[str, PaymentProvider] = {}


def register_provider(provider: PaymentProvider) -> PaymentProvider:
    _providers[provider.code] = provider
    return provider


def providers() -> dict[str, PaymentProvider]:
    """Registered electronic providers (none yet: the counter is built in)."""
    return dict(_providers)


# ------------------------------------------------------------------ recording a payment


def is_open_offer(booking: Booking) -> bool:
    """A waitlist offer the person has not accepted yet (it lapses on its own)."""
    return booking.kind == BookingKind.WAITLIST and booking.offer_expires_at is not None


#: Bookings the expiry job leaves alone: open waitlist offers.
OPEN_OFFERS = Q(kind=BookingKind.WAITLIST, offer_expires_at__isnull=False)


def record_payment(
    booking: Booking,
    *,
    method: str,
    reference: str = "",
    now: datetime.datetime | None = None,
) -> Booking:
    """Record that the fee of ``booking`` was paid; the only write of a payment.

    Raises ValidationError when the booking is not a held, unpaid booking with a fee."""
    if method not in (PaymentMethod.COUNTER, PaymentMethod.PROVIDER):
        raise ValueError(f"unknown payment method {method!r}")
    now = now or timezone.now()
    with transaction.atomic():
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if locked.paid_at is not None:
            raise ValidationError(_("この予約の使用料は既に支払われています。"), code="paid")
        if locked.state != BookingState.HELD:
            raise ValidationError(
                _("支払いを受け付けられるのは仮予約（支払い待ち）の予約だけです。"),
                code="not_held",
            )
        if locked.fee <= 0:
            raise ValidationError(_("この予約には支払う使用料がありません。"), code="no_fee")
        if is_open_offer(locked):
            raise ValidationError(
                _("キャンセル待ちからの繰上げのご案内に、まだ回答がありません。"),
                code="open_offer",
            )
        locked.paid_at = now
        locked.payment_method = method
        locked.payment_reference = reference.strip()[:64]
        if locked.approval != Approval.PENDING:
            locked.state = BookingState.CONFIRMED
        locked.save(
            update_fields=[
                "paid_at",
                "payment_method",
                "payment_reference",
                "state",
                "updated",
            ]
        )
    return locked


def mark_paid(
    staff: Any,
    booking: Booking,
    *,
    method: str = PaymentMethod.COUNTER,
    reference: str = "",
) -> Booking:
    """Staff took the fee at the counter (窓口) and gave receipt ``reference``."""
    if not may_operate(staff):
        raise PermissionDenied
    if method == PaymentMethod.COUNTER and not reference.strip():
        raise ValidationError({"reference": _("領収書番号を入力してください。")})
    return record_payment(booking, method=method, reference=reference)


# ------------------------------------------------------------------ mail to the holder


def holder_email(booking: Booking) -> str:
    """The address to write to about a booking: the account's, else the registration's."""
    if booking.holder_id and getattr(booking.holder, "email", ""):
        return booking.holder.email
    if booking.registration_id and booking.registration.email:
        return booking.registration.email
    return ""


def booking_summary(booking: Booking) -> str:
    """「中央公民館 第1会議室 令和8年12月4日（2026年12月4日）9:00〜12:00」."""
    starts = booking.starts_at.astimezone(local_zone())
    ends = booking.ends_at.astimezone(local_zone())
    return _("%(facility)s %(room)s %(day)s %(starts)s〜%(ends)s") % {
        "facility": booking.room.facility.name,
        "room": booking.room.name,
        "day": format_date_both(starts.date()),
        "starts": f"{starts:%H:%M}",
        "ends": f"{ends:%H:%M}",
    }


def mail_holder(booking: Booking, subject: str, body: str) -> bool:
    """Queue an e-mail to the booking's holder after commit (no address: nothing sent)."""
    address = holder_email(booking)
    if not address:
        return False
    transaction.on_commit(lambda: send_mail_task.enqueue(subject, body, [address]))
    return True


# ------------------------------------------------------------------ expiry


def _expired_mail(booking: Booking) -> tuple[str, str]:
    subject = _("【施設予約】お支払い期限を過ぎたため予約が取り消されました")
    body = _(
        "次の予約は、お支払い期限までに使用料のお支払いが確認できなかったため、"
        "取り消されました。\n\n%(summary)s\nお支払い額: %(fee)s円\n\n"
        "引き続き利用を希望される場合は、改めて予約してください。"
        "ご不明な点は施設または文化振興課にお問い合わせください。\n"
    ) % {"summary": booking_summary(booking), "fee": f"{booking.fee:,}"}
    return subject, body


def _expire_one(pk: int, now: datetime.datetime) -> bool:
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("room__facility", "holder", "registration")
            .filter(
                pk=pk,
                state=BookingState.HELD,
                paid_at__isnull=True,
                payment_due_at__lt=now,
            )
            .exclude(OPEN_OFFERS)
            .first()
        )
        if booking is None:
            return False
        cancel_booking(booking, state=BookingState.EXPIRED)
        mail_holder(booking, *_expired_mail(booking))
    return True


def expire_unpaid_bookings(now: datetime.datetime) -> int:
    """Expire held bookings whose payment is overdue, one per transaction; returns how
    many expired.  Idempotent: an expired booking is no longer held."""
    candidates = list(
        Booking.objects.filter(
            state=BookingState.HELD, paid_at__isnull=True, payment_due_at__lt=now
        )
        .exclude(OPEN_OFFERS)
        .order_by("payment_due_at", "pk")
        .values_list("pk", flat=True)
    )
    count = 0
    for pk in candidates:
        try:
            if _expire_one(pk, now):
                count += 1
        except ValidationError:  # freed meanwhile by someone else
            continue
    return count
