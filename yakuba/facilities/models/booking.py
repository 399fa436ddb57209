"""Bookings of a room for a time range.

**Never a double booking**, guaranteed by the database, not by a check-then-insert:
on PostgreSQL an exclusion constraint (``room WITH =, tstzrange(starts_at, ends_at) WITH &&``
over held and confirmed bookings, btree_gist); on SQLite triggers that abort an insert or
update overlapping an active booking of the same room (SQLite serialises writers, so the
trigger's check and the write are one atomic step).  Both are created by migration 0002.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

from .facility import Equipment, Room
from .fees import FeeSchedule, Reduction, UserClass
from .registration import Group, UserRegistration

#: The name of the database guarantee; both backends report it in the error message.
OVERLAP_CONSTRAINT = "facilities_booking_no_overlap"


class BookingState(models.TextChoices):
    HELD = "held", _("仮予約（支払い待ち）")
    CONFIRMED = "confirmed", _("予約確定")
    CANCELLED = "cancelled", _("取消し")
    EXPIRED = "expired", _("期限切れ")


#: States that occupy the room.
ACTIVE_STATES = (BookingState.HELD, BookingState.CONFIRMED)


class BookingKind(models.TextChoices):
    ONLINE = "online", _("インターネット予約")
    COUNTER = "counter", _("窓口・電話予約")
    LOTTERY = "lottery", _("抽選")
    WAITLIST = "waitlist", _("キャンセル待ちからの繰上げ")
    COURSE = "course", _("講座")
    STAFF = "staff", _("市の使用")
    BLACKOUT = "blackout", _("利用停止（点検・行事）")


class Approval(models.TextChoices):
    NOT_REQUIRED = "not_required", _("許可不要")
    PENDING = "pending", _("許可審査中")
    APPROVED = "approved", _("使用許可")
    REJECTED = "rejected", _("不許可")


class PaymentMethod(models.TextChoices):
    COUNTER = "counter", _("窓口")
    PROVIDER = "provider", _("電子決済")
    EXEMPT = "exempt", _("全額減免")


class BookingSeries(TimeStampedModel):
    """A recurring staff reservation (毎週火曜の午前, …) that created several bookings."""

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("種別"), max_length=10, choices=BookingKind.choices)
    purpose = models.CharField(_("利用目的"), max_length=200)
    rule = models.JSONField(_("繰り返し"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("繰り返し予約")
        verbose_name_plural = _("繰り返し予約")


class Booking(TimeStampedModel):
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="bookings")
    starts_at = models.DateTimeField(_("開始日時"))
    ends_at = models.DateTimeField(_("終了日時"))
    state = models.CharField(
        _("状態"), max_length=10, choices=BookingState.choices, default=BookingState.HELD
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="facility_bookings",
        verbose_name=_("利用者"),
    )
    holder_name = models.CharField(_("利用者名（窓口・電話受付）"), max_length=100, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("受付職員"),
    )
    purpose = models.CharField(_("利用目的"), max_length=200, blank=True)
    kind = models.CharField(
        _("種別"), max_length=10, choices=BookingKind.choices, default=BookingKind.ONLINE
    )
    registration = models.ForeignKey(
        UserRegistration,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("利用者登録"),
    )
    group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("団体"),
    )
    attendees = models.PositiveIntegerField(_("利用人数"), null=True, blank=True)
    # The fee, computed when booking with the schedule then in force and kept as charged.
    user_class = models.CharField(
        _("利用者区分"), max_length=20, choices=UserClass.choices, blank=True
    )
    fee_schedule = models.ForeignKey(
        FeeSchedule, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    room_fee = models.PositiveIntegerField(_("使用料（円）"), default=0)
    equipment_fee = models.PositiveIntegerField(_("備品使用料（円）"), default=0)
    reduction = models.ForeignKey(
        Reduction,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("減免"),
    )
    reduction_amount = models.PositiveIntegerField(_("減免額（円）"), default=0)
    fee = models.PositiveIntegerField(_("お支払い額（円）"), default=0)
    payment_due_at = models.DateTimeField(_("支払期限"), null=True, blank=True)
    paid_at = models.DateTimeField(_("支払日時"), null=True, blank=True)
    payment_method = models.CharField(
        _("支払方法"), max_length=10, choices=PaymentMethod.choices, blank=True
    )
    payment_reference = models.CharField(_("決済番号・領収書番号"), max_length=64, blank=True)
    approval = models.CharField(
        _("使用許可"), max_length=12, choices=Approval.choices, default=Approval.NOT_REQUIRED
    )
    approval_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approval_decided_at = models.DateTimeField(_("許可審査日時"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消日時"), null=True, blank=True)
    cancellation_fee = models.PositiveIntegerField(_("取消料（円）"), default=0)
    #: Why staff cancelled the booking or refused its use (shown to the holder).
    cancellation_reason = models.CharField(_("取消し・不許可の理由"), max_length=300, blank=True)
    series = models.ForeignKey(
        BookingSeries, null=True, blank=True, on_delete=models.PROTECT, related_name="bookings"
    )
    #: For a waitlist offer: the offer lapses (the booking expires) at this time unless accepted.
    offer_expires_at = models.DateTimeField(_("繰上げの回答期限"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("前日通知の送信日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("予約")
        verbose_name_plural = _("予約")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="facilities_booking_range"
            ),
            models.CheckConstraint(
                condition=Q(holder__isnull=False) | ~Q(holder_name=""),
                name="facilities_booking_has_holder",
            ),
        ]
        indexes = [
            models.Index(fields=["room", "starts_at"]),
            models.Index(fields=["state", "payment_due_at"], name="facilities_booking_due_idx"),
            models.Index(fields=["registration", "starts_at"], name="facilities_booking_reg_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.room_id} {self.starts_at:%Y-%m-%d %H:%M}"


class BookingEquipment(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="lendables")
    equipment = models.ForeignKey(Equipment, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveSmallIntegerField(_("数量"), default=1)
    fee = models.PositiveIntegerField(_("金額（円）"), default=0)

    class Meta:
        verbose_name = _("貸出備品の予約")
        verbose_name_plural = _("貸出備品の予約")
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "equipment"], name="facilities_bookingequipment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.equipment_id} × {self.quantity}"
