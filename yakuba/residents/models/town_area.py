"""町丁目: the town areas addresses in the city are written against."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel


class TownArea(TimeStampedModel):
    """One 町丁目 (e.g. 本町一丁目) or 大字 (e.g. 大字三ツ木) of the city.

    Reference data, loaded from a CSV (``yakuba/residents/data/town_areas.csv``
    for the demo city) through :func:`yakuba.residents.services.import_town_areas`.
    Dated like the organisation: a renamed or re-divided area gets ``valid_to``
    and a new row, so old addresses keep pointing at the area as it was.
    """

    code = models.CharField(_("町字コード"), max_length=7, unique=True)
    town_name = models.CharField(_("町名"), max_length=40)
    chome = models.PositiveSmallIntegerField(_("丁目"), null=True, blank=True)
    name = models.CharField(_("町丁目名"), max_length=50)
    name_kana = models.CharField(_("町丁目名（カナ）"), max_length=100)
    postal_code = models.CharField(_("郵便番号"), max_length=8)
    valid_from = models.DateField(_("設定日"))
    valid_to = models.DateField(_("廃止日"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("町丁目")
        verbose_name_plural = _("町丁目")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{7}$"), name="townarea_code_format"
            ),
            models.CheckConstraint(
                condition=Q(postal_code__regex=r"^[0-9]{3}-[0-9]{4}$"),
                name="townarea_postal_code_format",
            ),
            models.CheckConstraint(
                condition=Q(chome__isnull=True) | Q(chome__gte=1, chome__lte=99),
                name="townarea_chome_range",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="townarea_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name
