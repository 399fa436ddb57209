"""The monthly lottery (抽選) of one facility for one month: its periods, the
applications with their ranked wishes, and the published result (seed included).

The draw itself is :mod:`yakuba.facilities.lottery` (database-free, published procedure).
The applicant id in the draw is the entry's receipt number, so the published list of
applications identifies nobody.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

from .facility import Facility, Room
from .registration import Group, UserRegistration


class RoundState(models.TextChoices):
    SCHEDULED = "scheduled", _("受付前")
    OPEN = "open", _("申込受付中")
    CLOSED = "closed", _("締切（抽選待ち）")
    DRAWN = "drawn", _("抽選済み")


class LotteryRound(TimeStampedModel):
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="lottery_rounds")
    #: First day of the month being allotted.
    month = models.DateField(_("対象月"))
    opens_at = models.DateTimeField(_("申込開始"))
    closes_at = models.DateTimeField(_("申込締切"))
    draw_at = models.DateTimeField(_("抽選日時"))
    first_come_opens_at = models.DateTimeField(_("先着順受付開始"))
    state = models.CharField(
        _("状態"), max_length=10, choices=RoundState.choices, default=RoundState.SCHEDULED
    )
    max_wishes = models.PositiveSmallIntegerField(_("希望の数（上限）"), default=3)
    max_wins_per_applicant = models.PositiveSmallIntegerField(_("1申込の当選上限"), default=2)
    max_wins_per_group = models.PositiveSmallIntegerField(
        _("1団体の当選上限"), null=True, blank=True, default=4
    )
    #: SHA-256 of the seed, published when applications close; the seed after the draw.
    seed_commitment = models.CharField(_("シードのハッシュ値"), max_length=64, blank=True)
    seed = models.CharField(_("シード"), max_length=64, blank=True)
    drawn_at = models.DateTimeField(_("抽選実施日時"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: The published lottery order (receipt numbers), for anyone re-running the draw.
    lottery_order = models.JSONField(_("抽選順"), default=list, blank=True)

    class Meta:
        verbose_name = _("抽選")
        verbose_name_plural = _("抽選")
        ordering = ["-month", "facility"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "month"], name="facilities_round_unique"),
            models.CheckConstraint(
                condition=Q(opens_at__lt=F("closes_at"))
                & Q(closes_at__lte=F("draw_at"))
                & Q(draw_at__lte=F("first_come_opens_at")),
                name="facilities_round_periods",
            ),
            models.CheckConstraint(
                condition=~Q(state="drawn") | ~Q(seed=""), name="facilities_round_drawn_has_seed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility.name} {self.month:%Y-%m}"


def new_receipt_number() -> str:
    # 10 characters from an unambiguous alphabet (no 0/O, 1/I/L).
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class EntryState(models.TextChoices):
    APPLIED = "applied", _("申込済み")
    WITHDRAWN = "withdrawn", _("取下げ")
    WON = "won", _("当選")
    LOST = "lost", _("落選")


class LotteryEntry(TimeStampedModel):
    round = models.ForeignKey(LotteryRound, on_delete=models.PROTECT, related_name="entries")
    receipt_number = models.CharField(
        _("受付番号"), max_length=12, unique=True, default=new_receipt_number
    )
    registration = models.ForeignKey(
        UserRegistration, on_delete=models.PROTECT, related_name="lottery_entries"
    )
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.PROTECT, related_name="lottery_entries"
    )
    purpose = models.CharField(_("利用目的"), max_length=200)
    attendees = models.PositiveIntegerField(_("利用人数"))
    state = models.CharField(
        _("状態"), max_length=10, choices=EntryState.choices, default=EntryState.APPLIED
    )
    notified_at = models.DateTimeField(_("結果通知日時"), null=True, blank=True)
    #: Staff member who entered it for a phone or counter applicant.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("抽選申込")
        verbose_name_plural = _("抽選申込")
        ordering = ["round", "created"]
        constraints = [
            # One application per person (and per group) per round; withdrawn ones don't count.
            models.UniqueConstraint(
                fields=["round", "registration"],
                condition=~Q(state="withdrawn"),
                name="facilities_entry_one_per_registration",
            ),
            models.UniqueConstraint(
                fields=["round", "group"],
                condition=Q(group__isnull=False) & ~Q(state="withdrawn"),
                name="facilities_entry_one_per_group",
            ),
        ]

    def __str__(self) -> str:
        return self.receipt_number


class LotteryWish(models.Model):
    entry = models.ForeignKey(LotteryEntry, on_delete=models.CASCADE, related_name="wishes")
    rank = models.PositiveSmallIntegerField(_("希望順位"))
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("開始日時"))
    ends_at = models.DateTimeField(_("終了日時"))
    #: Null before the draw; then whether this wish won.
    won = models.BooleanField(_("当選"), null=True, blank=True)
    booking = models.OneToOneField(
        "facilities.Booking", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("抽選の希望")
        verbose_name_plural = _("抽選の希望")
        ordering = ["entry", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "rank"], name="facilities_wish_rank"),
            models.UniqueConstraint(
                fields=["entry", "room", "starts_at"], name="facilities_wish_distinct"
            ),
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="facilities_wish_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} #{self.rank}"

    def slot_key(self) -> str:
        """The slot's key in the draw (see :mod:`yakuba.facilities.lottery`)."""
        return f"{self.room_id}/{self.starts_at.isoformat()}/{self.ends_at.isoformat()}"
