"""Reads of the lottery part: rounds for citizens and staff, a citizen's own entries, the
public result (no personal data), and the choices of the application form."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.http import Http404

from ..models import (
    EntryState,
    LotteryEntry,
    LotteryRound,
    LotteryWish,
    Room,
    RoundState,
    TimeFrame,
    UserRegistration,
)
from ..policies import may_operate, may_view
from ..services.lottery_results import month_label, wish_label
from ..services.lottery_rounds import drawn_entries, month_days
from ..services.slots import CLOSED, room_slots
from .registration import registration_for

# -- citizens -------------------------------------------------------------------------


def rounds_for_citizens() -> QuerySet[LotteryRound]:
    """Rounds taking applications or about to (open first, then scheduled)."""
    return (
        LotteryRound.objects.filter(
            state__in=(RoundState.OPEN, RoundState.SCHEDULED), facility__is_active=True
        )
        .select_related("facility")
        .annotate(taking=Case(When(state=RoundState.OPEN, then=Value(0)), default=Value(1)))
        .order_by("taking", "month", "facility__code")
    )


def recent_results() -> QuerySet[LotteryRound]:
    return (
        LotteryRound.objects.filter(state__in=(RoundState.CLOSED, RoundState.DRAWN))
        .select_related("facility")
        .order_by("-month", "facility__code")[:20]
    )


def get_open_round(pk: int) -> LotteryRound:
    lottery_round = (
        LotteryRound.objects.select_related("facility")
        .filter(pk=pk, state=RoundState.OPEN, facility__is_active=True)
        .first()
    )
    if lottery_round is None:
        raise Http404
    return lottery_round


def get_public_round(pk: int) -> LotteryRound:
    lottery_round = LotteryRound.objects.select_related("facility").filter(pk=pk).first()
    if lottery_round is None:
        raise Http404
    return lottery_round


def entries_for(user: Any) -> QuerySet[LotteryEntry]:
    """The citizen's own entries (newest round first), with wishes and bookings."""
    registration = registration_for(user)
    if registration is None:
        return LotteryEntry.objects.none()
    return (
        LotteryEntry.objects.filter(registration=registration)
        .select_related("round__facility", "group")
        .prefetch_related("wishes__room__facility__frames", "wishes__booking")
        .order_by("-round__month", "round__facility__code", "-created")
    )


def open_entry_in_round(user: Any, lottery_round: LotteryRound) -> LotteryEntry | None:
    """The citizen's own entry (not withdrawn) in this round, if any."""
    return entries_for(user).filter(round=lottery_round).exclude(state=EntryState.WITHDRAWN).first()


def get_entry_for_citizen(user: Any, receipt_number: str) -> LotteryEntry:
    entry = entries_for(user).filter(receipt_number=receipt_number).first()
    if entry is None:
        raise Http404
    return entry


@dataclass(frozen=True)
class FormChoices:
    rooms: list[Room]
    days: list[datetime.date]
    frames: list[TimeFrame]


def form_choices(lottery_round: LotteryRound) -> FormChoices:
    """Rooms, the month's open days (a day where some room is not closed) and frames."""
    facility = lottery_round.facility
    rooms = list(facility.rooms.filter(is_active=True).order_by("code"))
    frames = list(facility.frames.all())
    first, last = month_days(lottery_round.month)
    open_days: set[datetime.date] = set()
    for room in rooms:
        for day, slots in room_slots(room, first, last, frames=frames).items():
            if any(slot.status != CLOSED for slot in slots):
                open_days.add(day)
    return FormChoices(rooms=rooms, days=sorted(open_days), frames=frames)


# -- the public result ----------------------------------------------------------------


@dataclass(frozen=True)
class SlotResult:
    key: str
    label: str
    applications: int
    winner: str  # receipt number, "" when nobody won


@dataclass
class PublicResult:
    lottery_round: LotteryRound
    month: str
    commitment: str
    seed: str
    order: list[str]
    slots: list[SlotResult] = field(default_factory=list)
    entries: int = 0


def public_result(lottery_round: LotteryRound) -> PublicResult:
    """What anyone may see: the commitment from closing; the seed, the lottery order and
    the winner of each slot (receipt numbers) after the draw."""
    closed = lottery_round.state in (RoundState.CLOSED, RoundState.DRAWN)
    drawn = lottery_round.state == RoundState.DRAWN
    result = PublicResult(
        lottery_round=lottery_round,
        month=month_label(lottery_round.month),
        commitment=lottery_round.seed_commitment if closed else "",
        seed=lottery_round.seed if drawn else "",
        order=list(lottery_round.lottery_order) if drawn else [],
    )
    if not closed:
        return result
    frames = list(lottery_round.facility.frames.all())
    wishes = (
        LotteryWish.objects.filter(entry__in=drawn_entries(lottery_round))
        .select_related("room", "entry")
        .order_by("starts_at", "room__code")
    )
    counts: Counter[str] = Counter()
    labels: dict[str, str] = {}
    winners: dict[str, str] = {}
    receipts: set[str] = set()
    for wish in wishes:
        key = wish.slot_key()
        counts[key] += 1
        labels.setdefault(key, wish_label(wish, frames))
        receipts.add(wish.entry.receipt_number)
        if wish.won:
            winners[key] = wish.entry.receipt_number
    result.entries = len(receipts)
    result.slots = [
        SlotResult(key, labels[key], counts[key], winners.get(key, "")) for key in labels
    ]
    return result


# -- staff ----------------------------------------------------------------------------


def _require_view(user: Any) -> None:
    if not may_view(user):
        raise PermissionDenied


def rounds_for_staff(user: Any) -> QuerySet[LotteryRound]:
    _require_view(user)
    return (
        LotteryRound.objects.select_related("facility")
        .annotate(entry_count=Count("entries", filter=~Q(entries__state=EntryState.WITHDRAWN)))
        .order_by("-month", "facility__code")
    )


def get_round_for_staff(user: Any, pk: int) -> LotteryRound:
    _require_view(user)
    lottery_round = (
        LotteryRound.objects.select_related("facility", "drawn_by").filter(pk=pk).first()
    )
    if lottery_round is None:
        raise Http404
    return lottery_round


@dataclass(frozen=True)
class SlotDemand:
    label: str
    first_wishes: int
    applications: int
    winner: str

    @property
    def oversubscribed(self) -> bool:
        return self.applications > 1


def slot_demand(lottery_round: LotteryRound) -> list[SlotDemand]:
    """Per slot wished: applications (first wishes, all ranks) and the winner; most
    contested first."""
    frames = list(lottery_round.facility.frames.all())
    rows: dict[str, dict[str, Any]] = {}
    wishes = (
        LotteryWish.objects.filter(entry__in=drawn_entries(lottery_round))
        .select_related("room", "entry")
        .order_by("starts_at", "room__code")
    )
    for wish in wishes:
        row = rows.setdefault(
            wish.slot_key(),
            {"label": wish_label(wish, frames), "first": 0, "all": 0, "winner": ""},
        )
        row["all"] += 1
        row["first"] += wish.rank == 1
        if wish.won:
            row["winner"] = wish.entry.receipt_number
    demand = [
        SlotDemand(row["label"], row["first"], row["all"], row["winner"]) for row in rows.values()
    ]
    demand.sort(key=lambda item: -item.applications)
    return demand


def entries_for_staff(user: Any, lottery_round: LotteryRound) -> QuerySet[LotteryEntry]:
    """Every entry of the round with the applicant (personal data: the page records the
    read with :func:`yakuba.facilities.access.record_user_reads`)."""
    _require_view(user)
    return (
        LotteryEntry.objects.filter(round=lottery_round)
        .select_related("registration", "group", "entered_by")
        .prefetch_related("wishes__room")
        .order_by("created", "pk")
    )


def registration_by_number(user: Any, number: str) -> UserRegistration | None:
    """The registration with this 利用者番号 (counter entry, operator)."""
    if not may_operate(user):
        raise PermissionDenied
    number = (number or "").strip().upper()
    if not number:
        return None
    return UserRegistration.objects.filter(number=number).first()


def group_by_number(user: Any, number: str) -> Any:
    from ..models import Group

    if not may_operate(user):
        raise PermissionDenied
    number = (number or "").strip().upper()
    if not number:
        return None
    return Group.objects.filter(number=number).first()


__all__ = [
    "FormChoices",
    "PublicResult",
    "SlotDemand",
    "SlotResult",
    "entries_for",
    "entries_for_staff",
    "form_choices",
    "get_entry_for_citizen",
    "get_open_round",
    "get_public_round",
    "get_round_for_staff",
    "open_entry_in_round",
    "group_by_number",
    "public_result",
    "recent_results",
    "registration_by_number",
    "rounds_for_citizens",
    "rounds_for_staff",
    "slot_demand",
]
