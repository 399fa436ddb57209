"""Facilities (公民館, 体育館, ホール, …), their bookable rooms or courts, the fixed time
frames they are let in, their equipment and their closures."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

DAY_OF_MONTH = [MinValueValidator(1), MaxValueValidator(28)]


class FacilityKind(models.TextChoices):
    COMMUNITY_CENTRE = "kominkan", _("公民館・地区会館")
    GYMNASIUM = "gym", _("体育館")
    HALL = "hall", _("市民会館ホール")
    SPORTS_GROUND = "ground", _("運動場")
    TENNIS = "tennis", _("テニスコート")
    MEETING = "meeting", _("会議室")


class Facility(TimeStampedModel):
    code = models.SlugField(_("コード"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_kana = models.CharField(_("名称（カナ）"), max_length=100, blank=True)
    name_en = models.CharField(_("名称（英語）"), max_length=120, blank=True)
    kind = models.CharField(_("種類"), max_length=10, choices=FacilityKind.choices)
    description = models.TextField(_("紹介"), blank=True)
    description_en = models.TextField(_("紹介（英語）"), blank=True)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("所在地"), max_length=200, blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    accessibility = models.TextField(_("バリアフリー情報"), blank=True)
    accessibility_en = models.TextField(_("バリアフリー情報（英語）"), blank=True)
    #: Static path or absolute URL of a photo, and its text alternative.
    photo = models.CharField(_("写真"), max_length=300, blank=True)
    photo_alt = models.CharField(_("写真の説明"), max_length=200, blank=True)
    latitude = models.DecimalField(_("緯度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("経度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    opens_at = models.TimeField(_("開館時刻"), default="09:00")
    closes_at = models.TimeField(_("閉館時刻"), default="21:30")
    #: Weekly closing days, ISO weekday numbers (1 = Monday … 7 = Sunday); a closing day
    #: that is a national holiday is shown as closed too unless a Closure says otherwise.
    closed_weekdays = models.JSONField(_("定休日（曜日）"), default=list, blank=True)
    requires_approval = models.BooleanField(_("使用許可が必要"), default=False)
    #: Department (課) code that runs the facility; its staff see its bookings.
    department = models.CharField(_("所管課"), max_length=40, default="bunka")
    #: How far ahead first-come booking is possible (months, counting the current one).
    booking_horizon_months = models.PositiveSmallIntegerField(_("予約受付期間（月）"), default=2)
    #: The monthly lottery for the month after next: in month M-2 applications run from
    #: ``lottery_opens_day`` to ``lottery_closes_day``, the draw is on ``lottery_draw_day``
    #: and first-come booking for what remains opens on ``first_come_opens_day``.
    lottery_enabled = models.BooleanField(_("抽選を行う"), default=True)
    lottery_opens_day = models.PositiveSmallIntegerField(
        _("抽選申込開始日"), default=1, validators=DAY_OF_MONTH
    )
    lottery_closes_day = models.PositiveSmallIntegerField(
        _("抽選申込締切日"), default=10, validators=DAY_OF_MONTH
    )
    lottery_draw_day = models.PositiveSmallIntegerField(
        _("抽選日"), default=12, validators=DAY_OF_MONTH
    )
    first_come_opens_day = models.PositiveSmallIntegerField(
        _("先着順受付開始日"), default=15, validators=DAY_OF_MONTH
    )
    is_active = models.BooleanField(_("公開中"), default=True)

    class Meta:
        verbose_name = _("施設")
        verbose_name_plural = _("施設")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=F("closes_at")), name="facilities_facility_hours"
            ),
            models.CheckConstraint(
                condition=Q(lottery_opens_day__lte=F("lottery_closes_day"))
                & Q(lottery_closes_day__lt=F("lottery_draw_day"))
                & Q(lottery_draw_day__lt=F("first_come_opens_day")),
                name="facilities_facility_lottery_days",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Room(TimeStampedModel):
    """A bookable unit of a facility: a room, a hall, a court, a ground."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="rooms")
    code = models.SlugField(_("コード"), max_length=40)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("名称（英語）"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(_("定員"))
    floor_area = models.DecimalField(
        _("面積（㎡）"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    #: Fixed fittings shown to users (e.g. ["ホワイトボード", "流し台"]); lendable
    #: equipment with a fee is :class:`Equipment`.
    equipment = models.JSONField(_("設備"), default=list, blank=True)
    #: Only through the lottery (e.g. the hall) or also first-come.
    lottery_only = models.BooleanField(_("抽選のみ"), default=False)
    is_active = models.BooleanField(_("予約受付中"), default=True)

    class Meta:
        verbose_name = _("部屋・コート")
        verbose_name_plural = _("部屋・コート")
        ordering = ["facility__code", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "code"], name="facilities_room_unique_code"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="facilities_room_capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.facility.name} {self.name}"


class TimeFrame(TimeStampedModel):
    """A fixed frame a facility is let in (午前 9:00–12:00, 午後 13:00–17:00, 夜間
    18:00–21:30, or one hour).  A booking covers one frame or several consecutive ones;
    the fee is per frame."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="frames")
    code = models.SlugField(_("コード"), max_length=20)
    label = models.CharField(_("区分名"), max_length=40)
    label_en = models.CharField(_("区分名（英語）"), max_length=40, blank=True)
    starts = models.TimeField(_("開始時刻"))
    ends = models.TimeField(_("終了時刻"))

    class Meta:
        verbose_name = _("利用区分")
        verbose_name_plural = _("利用区分")
        ordering = ["facility", "starts"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "code"], name="facilities_frame_code"),
            models.CheckConstraint(
                condition=Q(starts__lt=F("ends")), name="facilities_frame_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.starts:%H:%M}–{self.ends:%H:%M}"


class Equipment(TimeStampedModel):
    """Lendable equipment (プロジェクター, ピアノ, 照明, 音響…) with a fee per use."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="lendables")
    code = models.SlugField(_("コード"), max_length=40)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("名称（英語）"), max_length=120, blank=True)
    quantity = models.PositiveSmallIntegerField(_("数量"), default=1)

    class Meta:
        verbose_name = _("貸出備品")
        verbose_name_plural = _("貸出備品")
        ordering = ["facility", "code"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "code"], name="facilities_equipment_code")
        ]

    def __str__(self) -> str:
        return self.name


class ClosureKind(models.TextChoices):
    HOLIDAY = "holiday", _("休館日")
    MAINTENANCE = "maintenance", _("保守点検・工事")


class Closure(TimeStampedModel):
    """Days a facility (or one room) cannot be booked: 年末年始, 保守点検, 工事."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="closures")
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.CASCADE, related_name="closures"
    )
    kind = models.CharField(_("種別"), max_length=12, choices=ClosureKind.choices)
    first_day = models.DateField(_("開始日"))
    last_day = models.DateField(_("終了日"))
    reason = models.CharField(_("理由"), max_length=200)
    reason_en = models.CharField(_("理由（英語）"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("休館・休止")
        verbose_name_plural = _("休館・休止")
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_day__lte=F("last_day")), name="facilities_closure_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.facility.name} {self.first_day}–{self.last_day}"
