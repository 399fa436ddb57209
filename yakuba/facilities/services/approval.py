"""Usage approval (使用許可) for facilities that require it (``requires_approval``).

A booking of such a facility is made with ``approval = pending`` and stays held.  An
approver of the facility's department decides:

* :func:`approve_usage` — approval ``approved``; when the fee is paid (or there is
  none) the booking is confirmed, otherwise it stays held until paid;
* :func:`reject_usage` — approval ``rejected`` and the booking is cancelled (the slot is
  free again); the reason goes to the holder by e-mail.

Either way the holder gets an e-mail (after commit).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ACTIVE_STATES, Approval, Booking, BookingState
from ..policies import may_approve
from .booking import cancel_booking
from .payments import booking_summary, mail_holder


def _locked_pending(booking: Booking) -> Booking:
    locked = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("room__facility", "holder", "registration")
        .get(pk=booking.pk)
    )
    if locked.approval != Approval.PENDING:
        raise ValidationError(_("この予約は使用許可の審査待ちではありません。"), code="not_pending")
    if locked.state not in ACTIVE_STATES:
        raise ValidationError(_("この予約は既に取り消されているか、期限が切れています。"))
    return locked


def approve_usage(staff: Any, booking: Booking) -> Booking:
    """Grant the usage approval (使用許可) of a pending booking."""
    if not may_approve(staff):
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked_pending(booking)
        locked.approval = Approval.APPROVED
        locked.approval_decided_by = staff
        locked.approval_decided_at = timezone.now()
        paid = locked.fee == 0 or locked.paid_at is not None
        if paid:
            locked.state = BookingState.CONFIRMED
        locked.save(
            update_fields=[
                "approval",
                "approval_decided_by",
                "approval_decided_at",
                "state",
                "updated",
            ]
        )
        if paid:
            next_step = _("予約は確定しました。")
        else:
            next_step = _(
                "お支払い期限までに使用料（%(fee)s円）をお支払いください。"
                "お支払いを確認した時点で予約が確定します。"
            ) % {"fee": f"{locked.fee:,}"}
        mail_holder(
            locked,
            _("【施設予約】使用を許可しました"),
            _("次の施設の使用を許可しました。\n\n%(summary)s\n\n%(next)s\n")
            % {"summary": booking_summary(locked), "next": next_step},
        )
    return locked


def reject_usage(staff: Any, booking: Booking, reason: str) -> Booking:
    """Refuse the usage approval; the booking is cancelled and the slot freed."""
    if not may_approve(staff):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("不許可の理由を入力してください。")})
    with transaction.atomic():
        locked = _locked_pending(booking)
        Booking.objects.filter(pk=locked.pk).update(
            approval=Approval.REJECTED,
            approval_decided_by=staff,
            approval_decided_at=timezone.now(),
        )
        cancelled = cancel_booking(locked, state=BookingState.CANCELLED, reason=reason)
        refund = ""
        if cancelled.paid_at is not None and cancelled.fee > 0:
            refund = _("お支払いいただいた使用料（%(fee)s円）は全額還付します。") % {
                "fee": f"{cancelled.fee:,}"
            }
        mail_holder(
            cancelled,
            _("【施設予約】使用を許可できませんでした"),
            _(
                "次の施設の使用は、次の理由により許可できませんでした。"
                "予約は取り消しました。\n\n%(summary)s\n\n理由: %(reason)s\n%(refund)s\n"
            )
            % {"summary": booking_summary(cancelled), "reason": reason.strip(), "refund": refund},
        )
    return cancelled
