"""Kiosks (the multifunction copiers of convenience stores) and maintenance windows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel


class Kiosk(TimeStampedModel):
    """A registered kiosk (one copier in one store); every issuance records its kiosk.

    A device proves it is this kiosk with an enrolment token: staff create the token,
    the device opens the enrolment link once and keeps a signed cookie; only the
    SHA-256 of the token is stored.
    """

    code = models.CharField(_("キオスクID"), max_length=20, unique=True)
    name = models.CharField(_("設置店舗"), max_length=100)
    operator = models.CharField(_("事業者"), max_length=100, blank=True)
    address = models.CharField(_("所在地"), max_length=200, blank=True)
    latitude = models.DecimalField(_("緯度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("経度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    is_active = models.BooleanField(_("稼働中"), default=True)
    enrolment_token_hash = models.CharField(_("登録トークン（SHA-256）"), max_length=64, blank=True)
    enrolment_expires_at = models.DateTimeField(_("登録トークンの期限"), null=True, blank=True)
    enrolled_at = models.DateTimeField(_("端末登録日時"), null=True, blank=True)
    device_generation = models.PositiveIntegerField(
        _("端末の世代"),
        default=0,
        help_text=_("登録し直すと増え、古い端末のクッキーは使えなくなります。"),
    )

    class Meta:
        verbose_name = _("キオスク端末")
        verbose_name_plural = _("キオスク端末")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z0-9][A-Z0-9-]{1,19}$"),
                name="certificates_kiosk_code_format",
            ),
            models.CheckConstraint(
                condition=Q(enrolment_token_hash="")
                | Q(enrolment_token_hash__regex=r"^[0-9a-f]{64}$"),
                name="certificates_kiosk_token_hash_format",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class MaintenanceWindow(TimeStampedModel):
    """A period when no kiosk issues certificates (system maintenance, register updates)."""

    starts_at = models.DateTimeField(_("開始日時"))
    ends_at = models.DateTimeField(_("終了日時"))
    reason = models.CharField(_("理由"), max_length=200)
    reason_en = models.CharField(_("理由（英語）"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登録者"),
    )

    class Meta:
        verbose_name = _("休止期間")
        verbose_name_plural = _("休止期間")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="certificates_maintenance_ordered"
            ),
        ]
        indexes = [models.Index(fields=["ends_at", "starts_at"], name="certificates_maint_period")]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%Y-%m-%d %H:%M} {self.reason}"
