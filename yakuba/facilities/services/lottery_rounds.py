"""The monthly lottery (抽選) rounds: periods, applications, and the draw.

* :func:`ensure_rounds` (periodic job ``lottery_rounds``) creates, for every active
  facility with the lottery, the round of the month after next with the facility's
  default periods, and moves rounds ``scheduled → open → closed`` by time.  When a round
  closes, its seed is generated and its SHA-256 (the commitment) is stored; the
  commitment is public from then on, the seed only after the draw.
* :func:`apply_to_lottery`, :func:`change_entry`, :func:`withdraw_entry`: one entry per
  registration and per group and round, 1 to ``max_wishes`` ranked wishes, each one room
  + one day + one time frame of the round's month.
* :func:`draw_round` (approver, once): runs the published procedure
  (:func:`yakuba.facilities.lottery.draw`) on :func:`draw_input`, books every win
  (kind ``lottery``, with the fee) and e-mails the results after commit.

A wish is a slot ``(room, frame on a day)`` with capacity 1: frames of a facility do not
overlap, so two slots never overlap each other.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import lottery
from ..events import lottery_drawn
from ..models import (
    BookingKind,
    EntryState,
    Facility,
    Group,
    LotteryEntry,
    LotteryRound,
    LotteryWish,
    Room,
    RoundState,
    TimeFrame,
    UserRegistration,
)
from ..policies import may_approve, may_operate
from .booking import book_room
from .fees import quote_fee, schedule_on, user_class_for
from .reservations import booking_fields, initial_state, require_valid_registration
from .slots import CLOSED, FREE, NOT_YET, PAST, add_months, at, lottery_window, room_slots

logger = logging.getLogger(__name__)

#: A wish as the caller gives it: (room, day, frame code).
WishChoice = tuple[Room, datetime.date, str]

ENTRY_CONSTRAINTS = {
    "facilities_entry_one_per_registration": "registration",
    "facilities_entry_one_per_group": "group",
}


# -- rounds ---------------------------------------------------------------------------


def month_of(now: datetime.datetime) -> datetime.date:
    return timezone.localtime(now).date().replace(day=1)


def ensure_rounds(now: datetime.datetime | None = None) -> int:
    """Create the rounds of the month after next and move rounds on by time.  Idempotent;
    returns how many rounds were created or changed state."""
    now = now or timezone.now()
    changed = 0
    month = add_months(month_of(now), 2)
    for facility in Facility.objects.filter(is_active=True, lottery_enabled=True):
        window = lottery_window(facility, month)
        _round, created = LotteryRound.objects.get_or_create(
            facility=facility,
            month=month,
            defaults={
                "opens_at": window.opens_at,
                "closes_at": window.closes_at,
                "draw_at": window.draw_at,
                "first_come_opens_at": window.first_come_opens_at,
            },
        )
        changed += created
    changed += LotteryRound.objects.filter(
        state=RoundState.SCHEDULED, opens_at__lte=now, closes_at__gt=now
    ).update(state=RoundState.OPEN, updated=now)
    due = LotteryRound.objects.filter(
        state__in=(RoundState.SCHEDULED, RoundState.OPEN), closes_at__lte=now
    ).values_list("pk", flat=True)
    for pk in list(due):
        changed += close_round(pk, now=now)
    return changed


def close_round(round_id: int, *, now: datetime.datetime | None = None) -> int:
    """Close applications of one round and commit to a fresh seed (1 if it closed now)."""
    now = now or timezone.now()
    with transaction.atomic():
        lottery_round = (
            LotteryRound.objects.select_for_update()
            .filter(pk=round_id, state__in=(RoundState.SCHEDULED, RoundState.OPEN))
            .first()
        )
        if lottery_round is None:
            return 0
        seed = lottery.new_seed()
        lottery_round.state = RoundState.CLOSED
        lottery_round.seed = seed
        lottery_round.seed_commitment = lottery.seed_commitment(seed)
        lottery_round.save(update_fields=["state", "seed", "seed_commitment", "updated"])
    return 1


def update_round_periods(
    lottery_round: LotteryRound,
    staff: Any,
    *,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    draw_at: datetime.datetime,
    first_come_opens_at: datetime.datetime,
    max_wishes: int,
    max_wins_per_applicant: int,
    max_wins_per_group: int | None,
) -> LotteryRound:
    """Change a round's periods and limits; only before applications open (approver)."""
    if not may_approve(staff):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not opens_at < closes_at:
        errors["closes_at"] = _("申込締切は申込開始より後にしてください。")
    elif not closes_at <= draw_at:
        errors["draw_at"] = _("抽選日時は申込締切以後にしてください。")
    elif not draw_at <= first_come_opens_at:
        errors["first_come_opens_at"] = _("先着順の受付開始は抽選日時以後にしてください。")
    if opens_at <= timezone.now():
        errors["opens_at"] = _("申込開始は現在より後の日時にしてください。")
    if max_wishes < 1:
        errors["max_wishes"] = _("希望の数は1以上にしてください。")
    if max_wins_per_applicant < 1:
        errors["max_wins_per_applicant"] = _("当選上限は1以上にしてください。")
    if max_wins_per_group is not None and max_wins_per_group < 1:
        errors["max_wins_per_group"] = _("団体の当選上限は1以上にするか、空欄にしてください。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = LotteryRound.objects.select_for_update().get(pk=lottery_round.pk)
        if locked.state != RoundState.SCHEDULED:
            raise ValidationError(_("申込の受付が始まった抽選の期間は変更できません。"))
        locked.opens_at = opens_at
        locked.closes_at = closes_at
        locked.draw_at = draw_at
        locked.first_come_opens_at = first_come_opens_at
        locked.max_wishes = max_wishes
        locked.max_wins_per_applicant = max_wins_per_applicant
        locked.max_wins_per_group = max_wins_per_group
        locked.save()
    return locked


# -- applications ---------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedWish:
    rank: int
    room: Room
    day: datetime.date
    frame: TimeFrame
    starts_at: datetime.datetime
    ends_at: datetime.datetime


def month_days(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    return month, add_months(month, 1) - datetime.timedelta(days=1)


def _check_wishes(
    lottery_round: LotteryRound, wishes: Sequence[WishChoice], attendees: int, now: Any
) -> list[CheckedWish]:
    if not wishes:
        raise ValidationError({"wishes": _("希望を1つ以上選んでください。")})
    if len(wishes) > lottery_round.max_wishes:
        raise ValidationError(
            {"wishes": _("希望は%(count)d件までです。") % {"count": lottery_round.max_wishes}}
        )
    facility = lottery_round.facility
    frames = {frame.code: frame for frame in facility.frames.all()}
    first, last = month_days(lottery_round.month)
    errors: dict[str, str] = {}
    checked: list[CheckedWish] = []
    seen: dict[tuple[int, datetime.date, str], int] = {}
    for rank, (room, day, frame_code) in enumerate(wishes, start=1):
        values = {"rank": rank}
        if room.facility_id != facility.pk:
            errors[f"room_{rank}"] = (
                _("第%(rank)d希望の部屋はこの施設のものではありません。") % values
            )
            continue
        if not (first <= day <= last):
            errors[f"day_{rank}"] = _("第%(rank)d希望の日付が抽選の対象月ではありません。") % values
            continue
        frame = frames.get(frame_code)
        if frame is None:
            errors[f"frame_{rank}"] = _("第%(rank)d希望の時間帯はこの施設にありません。") % values
            continue
        key = (room.pk, day, frame_code)
        if key in seen:
            errors[f"frame_{rank}"] = _(
                "第%(rank)d希望は第%(other)d希望と同じです。別の希望を選んでください。"
            ) % {"rank": rank, "other": seen[key]}
            continue
        seen[key] = rank
        if attendees > room.capacity:
            errors[f"room_{rank}"] = _(
                "利用人数が第%(rank)d希望の部屋の定員（%(capacity)d人）を超えています。"
            ) % {"rank": rank, "capacity": room.capacity}
            continue
        checked.append(
            CheckedWish(rank, room, day, frame, at(day, frame.starts), at(day, frame.ends))
        )
    if errors:
        raise ValidationError(errors)
    # Slot statuses: one room_slots call per room over the days wished.
    by_room: dict[int, list[CheckedWish]] = {}
    for wish in checked:
        by_room.setdefault(wish.room.pk, []).append(wish)
    for items in by_room.values():
        room = items[0].room
        days = [wish.day for wish in items]
        slots = room_slots(room, min(days), max(days), now=now)
        for wish in items:
            slot = next(s for s in slots[wish.day] if s.frame.pk == wish.frame.pk)
            values = {"rank": wish.rank}
            if slot.status == CLOSED:
                errors[f"day_{wish.rank}"] = (
                    _("第%(rank)d希望の日は休館日のため申し込めません。") % values
                )
            elif slot.status == PAST:
                errors[f"day_{wish.rank}"] = _("第%(rank)d希望の日時は過ぎています。") % values
            elif slot.status not in (NOT_YET, FREE):
                errors[f"frame_{wish.rank}"] = (
                    _("第%(rank)d希望の時間帯は既に予約されているため申し込めません。") % values
                )
    if errors:
        raise ValidationError(errors)
    return checked


def _check_entry(
    registration: UserRegistration | None,
    lottery_round: LotteryRound,
    *,
    wishes: Sequence[WishChoice],
    purpose: str,
    attendees: int,
    group: Group | None,
    staff: Any,
    now: datetime.datetime,
) -> list[CheckedWish]:
    if staff is not None and not may_operate(staff):
        raise PermissionDenied
    if lottery_round.state != RoundState.OPEN or not (
        lottery_round.opens_at <= now < lottery_round.closes_at
    ):
        raise ValidationError(_("この抽選は申込の受付期間ではありません。"))
    errors: dict[str, str] = {}
    if not purpose.strip():
        errors["purpose"] = _("利用目的を入力してください。")
    if attendees < 1:
        errors["attendees"] = _("利用人数は1人以上にしてください。")
    if errors:
        raise ValidationError(errors)
    require_valid_registration(registration, group, on=lottery_round.month)
    return _check_wishes(lottery_round, wishes, attendees, now)


def _save_wishes(entry: LotteryEntry, checked: Sequence[CheckedWish]) -> None:
    LotteryWish.objects.bulk_create(
        LotteryWish(
            entry=entry,
            rank=wish.rank,
            room=wish.room,
            starts_at=wish.starts_at,
            ends_at=wish.ends_at,
        )
        for wish in checked
    )


def apply_to_lottery(
    registration: UserRegistration | None,
    lottery_round: LotteryRound,
    *,
    wishes: Sequence[WishChoice],
    purpose: str,
    attendees: int,
    group: Group | None = None,
    entered_by: Any = None,
    now: datetime.datetime | None = None,
) -> LotteryEntry:
    """Apply to an open round with ranked ``wishes`` (first = most wanted).  Staff at the
    counter or on the phone pass ``entered_by`` (operator).  One entry per registration
    and per group and round (the database guarantees it)."""
    now = now or timezone.now()
    checked = _check_entry(
        registration,
        lottery_round,
        wishes=wishes,
        purpose=purpose,
        attendees=attendees,
        group=group,
        staff=entered_by,
        now=now,
    )
    try:
        with transaction.atomic():
            entry = LotteryEntry.objects.create(
                round=lottery_round,
                registration=registration,
                group=group,
                purpose=purpose.strip(),
                attendees=attendees,
                entered_by=entered_by,
            )
            _save_wishes(entry, checked)
    except IntegrityError as error:
        text = str(error)
        if "facilities_entry_one_per_group" in text:
            raise ValidationError(
                {"group": _("この団体は既にこの抽選に申し込んでいます。")},
                code="duplicate_group",
            ) from error
        if "facilities_entry_one_per_registration" in text:
            raise ValidationError(
                _(
                    "この抽選には既に申し込んでいます。申込内容は「抽選の申込状況」から変更できます。"
                ),
                code="duplicate_registration",
            ) from error
        raise
    return entry


def _lock_open_entry(entry: LotteryEntry, now: datetime.datetime) -> LotteryEntry:
    locked = (
        LotteryEntry.objects.select_for_update(of=("self",))
        .select_related("round", "round__facility", "registration", "group")
        .get(pk=entry.pk)
    )
    lottery_round = locked.round
    if locked.state != EntryState.APPLIED:
        raise ValidationError(_("この申込は取り下げ済みか、抽選が済んでいます。"))
    if lottery_round.state != RoundState.OPEN or not (
        lottery_round.opens_at <= now < lottery_round.closes_at
    ):
        raise ValidationError(_("申込の受付期間が終わったため、変更・取下げはできません。"))
    return locked


def change_entry(
    entry: LotteryEntry,
    *,
    wishes: Sequence[WishChoice],
    purpose: str,
    attendees: int,
    changed_by: Any = None,
    now: datetime.datetime | None = None,
) -> LotteryEntry:
    """Replace the wishes, purpose and attendees of an entry while the round is open."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_open_entry(entry, now)
        checked = _check_entry(
            locked.registration,
            locked.round,
            wishes=wishes,
            purpose=purpose,
            attendees=attendees,
            group=locked.group,
            staff=changed_by,
            now=now,
        )
        locked.wishes.all().delete()
        _save_wishes(locked, checked)
        locked.purpose = purpose.strip()
        locked.attendees = attendees
        locked.save(update_fields=["purpose", "attendees", "updated"])
    return locked


def withdraw_entry(
    entry: LotteryEntry, *, by: Any = None, now: datetime.datetime | None = None
) -> LotteryEntry:
    """Withdraw (取下げ) an entry while the round is open; the applicant may apply again."""
    now = now or timezone.now()
    if by is not None and getattr(by, "kind", None) == "staff" and not may_operate(by):
        raise PermissionDenied
    with transaction.atomic():
        locked = _lock_open_entry(entry, now)
        locked.state = EntryState.WITHDRAWN
        locked.save(update_fields=["state", "updated"])
    return locked


# -- the draw -------------------------------------------------------------------------


def drawn_entries(lottery_round: LotteryRound) -> Any:
    """The entries that take part in the draw (every one not withdrawn)."""
    return (
        LotteryEntry.objects.filter(round=lottery_round)
        .exclude(state=EntryState.WITHDRAWN)
        .order_by("receipt_number")
    )


def draw_input(lottery_round: LotteryRound) -> dict[str, Any]:
    """Exactly the input of the published procedure, as published with the result: the
    slots wished (capacity 1), the applications by receipt number with their ranked slot
    keys and the group as an opaque id, the limits and the seed.  Nothing identifies a
    person."""
    entries = list(drawn_entries(lottery_round).prefetch_related("wishes"))
    keys: set[str] = set()
    applications = []
    for entry in entries:
        wishes = sorted(entry.wishes.all(), key=lambda wish: wish.rank)
        slot_keys = [wish.slot_key() for wish in wishes]
        keys.update(slot_keys)
        applications.append(
            {
                "applicant": entry.receipt_number,
                "group": str(entry.group_id) if entry.group_id is not None else None,
                "wishes": slot_keys,
            }
        )
    return {
        "slots": [{"key": key, "capacity": 1} for key in sorted(keys)],
        "applications": applications,
        "limits": {
            "max_wins_per_applicant": lottery_round.max_wins_per_applicant,
            "max_wins_per_group": lottery_round.max_wins_per_group,
        },
        "seed": lottery_round.seed,
    }


def run_draw(data: dict[str, Any]) -> lottery.Result:
    """Run the published procedure on :func:`draw_input`'s data (also a downloaded copy)."""
    limits = data["limits"]
    return lottery.draw(
        [lottery.Slot(slot["key"], slot["capacity"]) for slot in data["slots"]],
        [
            lottery.Application(item["applicant"], item["group"], tuple(item["wishes"]))
            for item in data["applications"]
        ],
        data["seed"],
        lottery.Limits(
            max_wins_per_applicant=limits["max_wins_per_applicant"],
            max_wins_per_group=limits["max_wins_per_group"],
        ),
    )


@dataclass(frozen=True)
class DrawSummary:
    entries: int
    slots: int
    won_entries: int
    bookings: int
    lost_to_booking: int


def _frame_of(frames: Sequence[TimeFrame], wish: LotteryWish) -> TimeFrame | None:
    local = timezone.localtime(wish.starts_at)
    return next((frame for frame in frames if frame.starts == local.time()), None)


def _book_win(entry: LotteryEntry, wish: LotteryWish, frames: Sequence[TimeFrame]) -> Any:
    """Book one won wish; ``None`` when the slot was blocked meanwhile (the wish is lost)."""
    frame = _frame_of(frames, wish)
    if frame is None:
        return None
    registration = entry.registration
    day = timezone.localtime(wish.starts_at).date()
    try:
        with transaction.atomic():
            quote = quote_fee(
                room=wish.room,
                frames=[frame],
                user_class=user_class_for(registration, entry.group),
                day=day,
            )
            fields = booking_fields(quote, room=wish.room, starts_at=wish.starts_at)
            return book_room(
                room=wish.room,
                starts_at=wish.starts_at,
                ends_at=wish.ends_at,
                holder=registration.user,
                holder_name="" if registration.user_id else registration.name,
                purpose=entry.purpose,
                state=initial_state(fields),
                kind=BookingKind.LOTTERY,
                registration=registration,
                group=entry.group,
                attendees=entry.attendees,
                **fields,
            )
    except ValidationError:
        logger.info("lottery win not booked", extra={"entry": entry.pk, "wish": wish.pk})
        return None


def draw_round(lottery_round: LotteryRound, staff: Any) -> DrawSummary:
    """Draw a closed round once (approver): the published procedure on
    :func:`draw_input`, a booking for every win, wishes and entries marked won or lost,
    then ``lottery_drawn`` and the result e-mails after commit."""
    if not may_approve(staff):
        raise PermissionDenied
    from .lottery_results import send_results

    with transaction.atomic():
        locked = (
            LotteryRound.objects.select_for_update()
            .select_related("facility")
            .get(pk=lottery_round.pk)
        )
        if locked.state == RoundState.DRAWN:
            raise ValidationError(_("この抽選は既に実施しました。"), code="already_drawn")
        if locked.state != RoundState.CLOSED or not locked.seed:
            raise ValidationError(
                _("申込の受付が終わっていないため、まだ抽選できません。"), code="not_closed"
            )
        schedule_on(locked.month)  # FeeNotSet before anything is drawn
        data = draw_input(locked)
        result = run_draw(data)
        frames = list(locked.facility.frames.all())
        entries = {
            entry.receipt_number: entry
            for entry in drawn_entries(locked)
            .select_related("registration", "group")
            .prefetch_related("wishes__room__facility")
        }
        won_entries = bookings = lost_to_booking = 0
        for receipt, entry in entries.items():
            won_keys = {win.slot for win in result.outcomes[receipt].wins}
            entry_won = False
            for wish in entry.wishes.all():
                booking = None
                if wish.slot_key() in won_keys:
                    booking = _book_win(entry, wish, frames)
                    if booking is None:
                        lost_to_booking += 1
                    else:
                        bookings += 1
                wish.won = booking is not None
                wish.booking = booking
                wish.save(update_fields=["won", "booking"])
                entry_won = entry_won or booking is not None
            entry.state = EntryState.WON if entry_won else EntryState.LOST
            entry.save(update_fields=["state", "updated"])
            won_entries += entry_won
        now = timezone.now()
        locked.state = RoundState.DRAWN
        locked.lottery_order = list(result.order)
        locked.drawn_at = now
        locked.drawn_by = staff
        locked.save(update_fields=["state", "lottery_order", "drawn_at", "drawn_by", "updated"])
        round_id = locked.pk
        transaction.on_commit(lambda: lottery_drawn.send(LotteryRound, round_id=round_id))
        send_results(locked)
    lottery_round.refresh_from_db()
    return DrawSummary(
        entries=len(entries),
        slots=len(data["slots"]),
        won_entries=won_entries,
        bookings=bookings,
        lost_to_booking=lost_to_booking,
    )
