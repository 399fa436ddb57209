"""支援措置: DV, stalking, abuse — no certificate of this person is issued at a kiosk."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel


class SupportMeasure(TimeStampedModel):
    """A DV等支援措置 flagged by 市民課 staff. While in force, the kiosk refuses every
    certificate that would show this person (their own and a household certificate
    listing them) with "please visit the counter" and never says why."""

    person = models.ForeignKey(
        "residents.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("対象者"),
    )
    starts_on = models.DateField(_("開始日"))
    ends_on = models.DateField(_("終了予定日"), null=True, blank=True)
    note = models.TextField(_("メモ（職員のみ）"), blank=True)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登録した職員"),
    )
    lifted_at = models.DateTimeField(_("解除日時"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("解除した職員"),
    )

    class Meta:
        verbose_name = _("支援措置")
        verbose_name_plural = _("支援措置")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="certificates_support_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["person", "lifted_at"], name="certificates_support_person")]

    def __str__(self) -> str:
        return f"支援措置 {self.starts_on}"
