"""The address of a household over time (append-only)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel


class HouseholdVersion(TimeStampedModel):
    """A household's address from ``valid_from`` on, as recorded by one movement.

    Never updated nor deleted (database triggers).  The address of a household
    on a day D is the version with the greatest ``valid_from`` ≤ D, ties broken
    by the latest ``recorded_at`` (then the greatest id): a correction appends
    a corrected copy instead of changing a row, so "as known at time T" stays
    answerable.  ``dissolved`` marks the day the household ceased (its last
    member left or joined another household).
    """

    household = models.ForeignKey(
        "residents.Household",
        verbose_name=_("世帯"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    movement = models.ForeignKey(
        "residents.Movement",
        verbose_name=_("異動"),
        on_delete=models.PROTECT,
        related_name="household_versions",
    )
    valid_from = models.DateField(_("適用開始日"))
    recorded_at = models.DateTimeField(_("記録日時"))
    town_area = models.ForeignKey(
        "residents.TownArea",
        verbose_name=_("町丁目"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    banchi = models.CharField(_("番地"), max_length=40)
    katagaki = models.CharField(_("方書"), max_length=100, blank=True)
    dissolved = models.BooleanField(_("世帯消滅"), default=False)

    class Meta:
        verbose_name = _("世帯の履歴")
        verbose_name_plural = _("世帯の履歴")
        ordering = ["household", "valid_from", "recorded_at", "pk"]
        indexes = [
            models.Index(
                fields=["household", "valid_from", "recorded_at"],
                name="household_version_asof_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(banchi=""), name="householdversion_banchi"),
            models.UniqueConstraint(
                fields=["household", "movement", "valid_from"],
                name="householdversion_once_per_movement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} @ {self.valid_from.isoformat()}"

    @property
    def address(self) -> str:
        text = f"{self.town_area.name}{self.banchi}"
        return f"{text} {self.katagaki}" if self.katagaki else text
