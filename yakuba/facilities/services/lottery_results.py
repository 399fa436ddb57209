"""The result e-mails of a lottery draw (won wishes with fee and payment deadline, or
lost), sent after commit through :func:`yakuba.core.tasks.send_mail_task`."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yakuba.core.japanese import format_wareki, format_yen, to_wareki
from yakuba.core.services import get_municipality
from yakuba.core.tasks import send_mail_task

from ..models import EntryState, LotteryEntry, LotteryRound, LotteryWish, TimeFrame


def month_label(month: datetime.date) -> str:
    """令和9年2月 (和暦の年月)."""
    wareki = to_wareki(month)
    return f"{wareki.era}{wareki.year_label}年{wareki.month}月"


def when_label(moment: datetime.datetime | None) -> str:
    """令和9年1月12日 10:00 in the city's time zone ("" for none)."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{format_wareki(local.date())} {local:%H:%M}"


def wish_label(wish: LotteryWish, frames: list[TimeFrame] | None = None) -> str:
    """第1会議室 令和9年2月3日 午前（9:00–12:00）."""
    starts = timezone.localtime(wish.starts_at)
    ends = timezone.localtime(wish.ends_at)
    frames = frames if frames is not None else list(wish.room.facility.frames.all())
    frame = next((f for f in frames if f.starts == starts.time()), None)
    label = frame.label if frame is not None else ""
    return f"{wish.room.name} {format_wareki(starts.date())} {label}（{starts:%H:%M}–{ends:%H:%M}）"


def address_of(entry: LotteryEntry) -> str:
    registration = entry.registration
    if registration.email:
        return registration.email
    user = registration.user
    return getattr(user, "email", "") if user is not None else ""


def result_mail(entry: LotteryEntry, frames: list[TimeFrame]) -> tuple[str, str]:
    lottery_round = entry.round
    wishes = []
    for wish in sorted(entry.wishes.all(), key=lambda item: item.rank):
        booking = wish.booking
        wishes.append(
            {
                "rank": wish.rank,
                "label": wish_label(wish, frames),
                "won": bool(wish.won),
                "fee": format_yen(booking.fee) if booking is not None else "",
                "payment_due": when_label(booking.payment_due_at) if booking is not None else "",
                "needs_approval": booking is not None and booking.approval == "pending",
            }
        )
    context = {
        "entry": entry,
        "won": entry.state == EntryState.WON,
        "facility": lottery_round.facility.name,
        "month": month_label(lottery_round.month),
        "wishes": wishes,
        "first_come": when_label(lottery_round.first_come_opens_at),
        "mine_url": settings.YAKUBA_SITE_URL + reverse("portal:facilities:lottery_my_entries"),
        "result_url": settings.YAKUBA_SITE_URL
        + reverse("portal:facilities:lottery_result", args=[lottery_round.pk]),
    }
    subject = _("【抽選結果】%(facility)s %(month)s（受付番号 %(receipt)s）") % {
        "facility": context["facility"],
        "month": context["month"],
        "receipt": entry.receipt_number,
    }
    return subject, render_to_string("facilities/lottery/result_mail.txt", context)


def send_results(lottery_round: LotteryRound) -> int:
    """Queue one result e-mail per drawn entry with an address (after commit) and mark
    it notified; returns how many were queued.  Entries without an address (phone
    applicants) are left un-notified for staff to call."""
    municipality = get_municipality()
    sender = getattr(municipality, "name", "") or ""
    frames = list(lottery_round.facility.frames.all())
    entries = (
        LotteryEntry.objects.filter(
            round=lottery_round, state__in=(EntryState.WON, EntryState.LOST), notified_at=None
        )
        .select_related("round__facility", "registration__user")
        .prefetch_related("wishes__room", "wishes__booking")
    )
    count = 0
    now = timezone.now()
    for entry in entries:
        address = address_of(entry)
        if not address:
            continue
        subject, body = result_mail(entry, frames)
        transaction.on_commit(
            lambda subject=subject, body=body, address=address: send_mail_task.enqueue(
                subject, body, [address], sender_name=sender
            )
        )
        LotteryEntry.objects.filter(pk=entry.pk).update(notified_at=now, updated=now)
        count += 1
    return count
