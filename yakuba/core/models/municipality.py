"""The municipality this installation serves (one row)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel


def validate_municipality_code(value: str) -> None:
    """Model-field validator wrapping the 全国地方公共団体コード check."""
    from yakuba.core.japanese import JapaneseInputError, validate_local_government_code

    try:
        validate_local_government_code(value)
    except JapaneseInputError as error:
        raise ValidationError(error.message, code=error.code, params=error.params) from error


class MunicipalityProfile(TimeStampedModel):
    """Name, 地方公共団体コード and contact details of the city running yakuba.

    Exactly one row exists (enforced by a constraint on ``singleton``); read it
    through :func:`yakuba.core.services.get_municipality`.
    """

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    code = models.CharField(
        _("全国地方公共団体コード"), max_length=6, validators=[validate_municipality_code]
    )
    name = models.CharField(_("名称"), max_length=50)
    name_kana = models.CharField(_("名称（かな）"), max_length=100)
    name_en = models.CharField(_("名称（英語）"), max_length=100)
    prefecture = models.CharField(_("都道府県"), max_length=10)
    postal_code = models.CharField(_("郵便番号"), max_length=8)
    address = models.CharField(_("所在地"), max_length=200)
    phone = models.CharField(_("代表電話"), max_length=20)
    mayor_name = models.CharField(_("市区町村長名"), max_length=50, blank=True)
    website = models.URLField(_("ウェブサイト"), blank=True)
    logo = models.FileField(_("ロゴ"), upload_to="municipality/", blank=True)
    latitude = models.DecimalField(_("緯度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("経度"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        verbose_name = _("自治体情報")
        verbose_name_plural = _("自治体情報")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(singleton=True), name="municipality_single_row"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefecture}{self.name} ({self.code})"
