"""課税・所得: the assessed income and the individual inhabitant tax of a resident per fiscal year."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

AMOUNT_FIELDS = (
    "salary_income",
    "total_income",
    "deductions_total",
    "taxable_income",
    "municipal_income_levy",
    "municipal_per_capita",
    "prefectural_income_levy",
    "prefectural_per_capita",
)


class TaxAssessment(TimeStampedModel):
    """One resident's 課税・所得 for one 年度 (the fiscal year of the tax; income of the year
    before). Amounts are whole yen. Imported from the tax system's CSV or corrected by
    税務課 staff; the latest values are what a 課税証明書 prints."""

    person = models.ForeignKey(
        "residents.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("納税義務者"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    resident_code = models.CharField(
        _("住民票コード（取込時）"),
        max_length=11,
        blank=True,
        help_text=_("課税課の画面はこの番号で探します（住民記録を読まずに済むように）。"),
    )
    salary_income = models.BigIntegerField(_("給与収入"), default=0)
    total_income = models.BigIntegerField(_("合計所得金額"), default=0)
    deductions_total = models.BigIntegerField(_("所得控除額の合計"), default=0)
    taxable_income = models.BigIntegerField(_("課税標準額"), default=0)
    municipal_income_levy = models.BigIntegerField(_("市民税 所得割額"), default=0)
    municipal_per_capita = models.BigIntegerField(_("市民税 均等割額"), default=0)
    prefectural_income_levy = models.BigIntegerField(_("都民税 所得割額"), default=0)
    prefectural_per_capita = models.BigIntegerField(_("都民税 均等割額"), default=0)
    dependants = models.PositiveSmallIntegerField(_("扶養人数"), default=0)
    source = models.CharField(_("取得元"), max_length=20, default="csv")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("更新した職員"),
    )

    class Meta:
        verbose_name = _("課税・所得情報")
        verbose_name_plural = _("課税・所得情報")
        ordering = ["person", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "fiscal_year"], name="certificates_one_assessment_per_year"
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=1989) & Q(fiscal_year__lte=2200),
                name="certificates_assessment_year_range",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__gte": 0}),
                    name=f"certificates_assessment_{field}_not_negative",
                )
                for field in AMOUNT_FIELDS
            ],
        ]
        indexes = [models.Index(fields=["resident_code"], name="certificates_tax_code")]

    def __str__(self) -> str:
        return f"{self.fiscal_year}年度 課税・所得"

    @property
    def total_tax(self) -> int:
        return (
            self.municipal_income_levy
            + self.municipal_per_capita
            + self.prefectural_income_levy
            + self.prefectural_per_capita
        )
