"""Fee rules (使用料) as data: a schedule per date of effect, rates per room × frame ×
user class, equipment fees and reductions (減免).

A schedule is edited while it is a draft and becomes immutable once published; the
schedule in force on the day of use is the published one with the latest ``valid_from``
not after that day.  A booking stores the amounts it was charged, so publishing a new
schedule never changes an existing booking.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

from .facility import Equipment, Room, TimeFrame


class UserClass(models.TextChoices):
    """Who uses the room, as the fee table (条例別表) distinguishes them."""

    RESIDENT = "resident", _("市内・個人")
    RESIDENT_GROUP = "resident_group", _("市内・団体")
    NONRESIDENT = "nonresident", _("市外・個人")
    NONRESIDENT_GROUP = "nonresident_group", _("市外・団体")
    COMMERCIAL = "commercial", _("営利目的")


class FeeSchedule(TimeStampedModel):
    title = models.CharField(_("名称"), max_length=200)
    valid_from = models.DateField(_("適用開始日"))
    note = models.TextField(_("備考（条例・規則の根拠など）"), blank=True)
    published_at = models.DateTimeField(_("公開日時"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: Cancellation policy: free until this many days before the day of use; later, this
    #: percentage of the fee is charged (not refunded).
    free_cancellation_days = models.PositiveSmallIntegerField(
        _("無料で取り消せる期限（日前）"), default=7
    )
    late_cancellation_percent = models.PositiveSmallIntegerField(
        _("期限後の取消料（％）"), default=50
    )
    #: Payment: a held booking must be paid within this many days of booking, and at the
    #: latest this many days before the day of use; otherwise it expires.
    payment_days = models.PositiveSmallIntegerField(_("支払期限（予約から日数）"), default=7)
    payment_days_before_use = models.PositiveSmallIntegerField(
        _("支払期限（利用日の何日前まで）"), default=1
    )

    class Meta:
        verbose_name = _("料金表")
        verbose_name_plural = _("料金表")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["valid_from"],
                condition=Q(published_at__isnull=False),
                name="facilities_feeschedule_one_published_per_day",
            ),
            models.CheckConstraint(
                condition=Q(late_cancellation_percent__lte=100),
                name="facilities_feeschedule_cancellation_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.valid_from}〜）"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class FeeRate(models.Model):
    """The fee in yen for one frame of one room for one user class."""

    schedule = models.ForeignKey(FeeSchedule, on_delete=models.CASCADE, related_name="rates")
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="+")
    frame = models.ForeignKey(TimeFrame, on_delete=models.CASCADE, related_name="+")
    user_class = models.CharField(_("利用者区分"), max_length=20, choices=UserClass.choices)
    amount = models.PositiveIntegerField(_("金額（円）"))

    class Meta:
        verbose_name = _("使用料")
        verbose_name_plural = _("使用料")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "room", "frame", "user_class"], name="facilities_feerate_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.room_id}/{self.frame_id}/{self.user_class}: {self.amount}"


class EquipmentFee(models.Model):
    schedule = models.ForeignKey(
        FeeSchedule, on_delete=models.CASCADE, related_name="equipment_fees"
    )
    equipment = models.ForeignKey(Equipment, on_delete=models.CASCADE, related_name="+")
    #: Per unit and per frame used.
    amount = models.PositiveIntegerField(_("金額（円・1区分あたり）"))

    class Meta:
        verbose_name = _("備品使用料")
        verbose_name_plural = _("備品使用料")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "equipment"], name="facilities_equipmentfee_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.equipment_id}: {self.amount}"


class Reduction(models.Model):
    """A reduction (減免) with its reason: e.g. 市・教育委員会の主催 100%, 障害者団体 50%."""

    schedule = models.ForeignKey(FeeSchedule, on_delete=models.CASCADE, related_name="reductions")
    code = models.SlugField(_("コード"), max_length=40)
    reason = models.CharField(_("減免理由"), max_length=200)
    reason_en = models.CharField(_("減免理由（英語）"), max_length=200, blank=True)
    percent = models.PositiveSmallIntegerField(_("減免率（％）"))
    #: Granted only by staff (checked documents), never chosen by the citizen alone.
    staff_only = models.BooleanField(_("職員のみ適用可"), default=True)

    class Meta:
        verbose_name = _("減免")
        verbose_name_plural = _("減免")
        ordering = ["schedule", "code"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "code"], name="facilities_reduction_code"),
            models.CheckConstraint(
                condition=Q(percent__gte=1) & Q(percent__lte=100),
                name="facilities_reduction_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reason}（{self.percent}%）"
