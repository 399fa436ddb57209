"""印鑑登録: a registered seal (its image and registration number) of a resident."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel


class AbolitionReason(models.TextChoices):
    HOLDER_REQUEST = "holder_request", _("本人の申請（廃止届）")
    LOST = "lost", _("亡失")
    MOVE_OUT = "move_out", _("転出")
    DEATH = "death", _("死亡")
    OTHER = "other", _("職権")


class SealRegistration(TimeStampedModel):
    """One 印鑑登録. A person has at most one registration in force; an abolished one stays
    (abolition date and reason) so old certificates can still be explained."""

    person = models.ForeignKey(
        "residents.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登録者"),
    )
    registration_number = models.CharField(_("登録番号"), max_length=10, unique=True)
    seal_image = models.BinaryField(_("印影（PNG）"))
    registered_on = models.DateField(_("登録日"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登録した職員"),
    )
    abolished_on = models.DateField(_("廃止日"), null=True, blank=True)
    abolition_reason = models.CharField(
        _("廃止の理由"), max_length=20, choices=AbolitionReason.choices, blank=True
    )
    abolished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("廃止した職員"),
    )

    class Meta:
        verbose_name = _("印鑑登録")
        verbose_name_plural = _("印鑑登録")
        ordering = ["-registered_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_number__regex=r"^[0-9]{1,10}$"),
                name="certificates_seal_number_format",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(abolished_on__isnull=True),
                name="certificates_one_seal_in_force",
            ),
            models.CheckConstraint(
                condition=(Q(abolished_on__isnull=True) & Q(abolition_reason=""))
                | (
                    Q(abolished_on__isnull=False)
                    & Q(abolition_reason__in=AbolitionReason.values)
                    & Q(abolished_on__gte=F("registered_on"))
                ),
                name="certificates_seal_abolition_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"印鑑登録 {self.registration_number}"

    @property
    def in_force(self) -> bool:
        return self.abolished_on is None
