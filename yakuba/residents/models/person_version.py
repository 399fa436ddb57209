"""A person's registry entry from a date on: the append-only history behind ``Person``."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

from .person import (
    REGISTRY_FIELDS,
    Relationship,
    RemovalReason,
    Sex,
    Status,
    registry_constraints,
)


class PersonVersion(TimeStampedModel):
    """Every registry field of one person, valid from ``valid_from``, written by one movement.

    Rows are only ever appended (database triggers refuse UPDATE and DELETE).
    **As of a day D** a person's entry is the version with the greatest
    ``valid_from`` ≤ D; among versions with the same ``valid_from`` the latest
    recorded wins (``recorded_at``, then id).  A 職権修正 of a past value appends
    corrected copies for the periods it affects, so as-of reads return the
    corrected value while the old rows stay: filtering ``recorded_at`` ≤ T first
    answers "as it was known at time T".

    The address is snapshot too (``town_area``, ``banchi``, ``katagaki`` of the
    household at the time), so one row answers "where did they live on D".
    """

    person = models.ForeignKey(
        "residents.Person",
        verbose_name=_("住民"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    movement = models.ForeignKey(
        "residents.Movement",
        verbose_name=_("異動"),
        on_delete=models.PROTECT,
        related_name="person_versions",
    )
    valid_from = models.DateField(_("適用開始日"))
    recorded_at = models.DateTimeField(_("記録日時"))

    resident_code = models.CharField(_("住民票コード"), max_length=11)
    family_name = models.CharField(_("氏"), max_length=50)
    given_name = models.CharField(_("名"), max_length=50)
    family_name_kana = models.CharField(_("氏（カナ）"), max_length=100)
    given_name_kana = models.CharField(_("名（カナ）"), max_length=100)
    former_family_name = models.CharField(_("旧氏"), max_length=50, blank=True)
    birth_date = models.DateField(_("生年月日"))
    sex = models.CharField(_("性別"), max_length=6, choices=Sex.choices)
    household = models.ForeignKey(
        "residents.Household",
        verbose_name=_("世帯"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    town_area = models.ForeignKey(
        "residents.TownArea",
        verbose_name=_("町丁目"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    banchi = models.CharField(_("番地"), max_length=40)
    katagaki = models.CharField(_("方書"), max_length=100, blank=True)
    relationship = models.CharField(_("続柄"), max_length=12, choices=Relationship.choices)
    became_resident_on = models.DateField(_("住民となった年月日"))
    address_set_on = models.DateField(_("住所を定めた年月日"))
    previous_address = models.CharField(_("従前の住所"), max_length=200, blank=True)
    registered_domicile = models.CharField(_("本籍"), max_length=200, blank=True)
    domicile_head = models.CharField(_("筆頭者"), max_length=100, blank=True)
    status = models.CharField(
        _("状態"), max_length=8, choices=Status.choices, default=Status.RESIDENT
    )
    removed_on = models.DateField(_("消除日"), null=True, blank=True)
    removal_reason = models.CharField(
        _("消除事由"), max_length=10, choices=RemovalReason.choices, blank=True
    )
    next_address = models.CharField(_("転出先"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("住民票の履歴")
        verbose_name_plural = _("住民票の履歴")
        ordering = ["person", "valid_from", "recorded_at", "pk"]
        indexes = [
            # As-of lookup: WHERE person_id = ? AND valid_from <= ? ORDER BY valid_from DESC, recorded_at DESC
            models.Index(
                fields=["person", "-valid_from", "-recorded_at"], name="person_version_asof_idx"
            ),
            # Who belonged to a household on a day (candidates, then checked as of the day).
            models.Index(fields=["household", "valid_from"], name="person_version_household_idx"),
            # Statistics by town area as of a day (candidates by area).
            models.Index(fields=["town_area", "valid_from"], name="person_version_area_idx"),
        ]
        constraints = [
            *registry_constraints("personversion"),
            models.CheckConstraint(condition=~models.Q(banchi=""), name="personversion_banchi"),
            models.UniqueConstraint(
                fields=["person", "movement", "valid_from"],
                name="personversion_once_per_movement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.valid_from.isoformat()}"

    @property
    def full_name(self) -> str:
        return f"{self.family_name} {self.given_name}"

    @property
    def address(self) -> str:
        text = f"{self.town_area.name}{self.banchi}"
        return f"{text} {self.katagaki}" if self.katagaki else text

    def registry_values(self) -> dict[str, Any]:
        """The registry fields of this version (``household`` and address as ids and text)."""
        values = {name: getattr(self, name) for name in REGISTRY_FIELDS if name != "household"}
        values.update(
            household_id=self.household_id,
            town_area_id=self.town_area_id,
            banchi=self.banchi,
            katagaki=self.katagaki,
        )
        return values

    def as_person(self):
        """An unsaved :class:`Person` (pk = the person's) showing this version, for display.

        Its ``household`` is an unsaved copy with this version's address, so
        ``person.household.address`` reads the address as it was.
        """
        from .household import Household
        from .person import Person

        household = Household(
            pk=self.household_id,
            household_number=self.household.household_number,
            town_area=self.town_area,
            banchi=self.banchi,
            katagaki=self.katagaki,
        )
        person = Person(
            pk=self.person_id,
            **{name: getattr(self, name) for name in REGISTRY_FIELDS if name != "household"},
        )
        person.household = household
        return person
