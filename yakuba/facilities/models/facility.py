"""Facilities (公民館, 体育館, ホール, …) and their bookable rooms or courts."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel


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
    name_en = models.CharField(_("名称（英語）"), max_length=120, blank=True)
    kind = models.CharField(_("種類"), max_length=10, choices=FacilityKind.choices)
    address = models.CharField(_("所在地"), max_length=200, blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    accessibility = models.TextField(_("バリアフリー情報"), blank=True)
    latitude = models.DecimalField(_("緯度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("経度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    requires_approval = models.BooleanField(_("使用許可が必要"), default=False)

    class Meta:
        verbose_name = _("施設")
        verbose_name_plural = _("施設")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Room(TimeStampedModel):
    """A bookable unit of a facility: a room, a hall, a court, a ground."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="rooms")
    code = models.SlugField(_("コード"), max_length=40)
    name = models.CharField(_("名称"), max_length=100)
    capacity = models.PositiveIntegerField(_("定員"))
    equipment = models.JSONField(_("設備"), default=list, blank=True)

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
