"""世帯: people living together under one head of household."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

_BANCHI_WORDS = (
    ("番地の", "-"),
    ("番地", "-"),
    ("番の", "-"),
    ("丁目", "-"),
    ("番", "-"),
    ("号室", "-"),
    ("号棟", "-"),
    ("号", "-"),
    ("の", "-"),
)


def banchi_search_key(text: str) -> str:
    """A key for matching 番地 and 方書 however they are written.

    ``1番地の1``, ``1-1`` and ``１－１`` all become ``1-1``; ``村山団地 12号棟305号室``
    becomes ``村山団地-12-305``: width folded, spaces dropped, the words 番地/番/号/の
    turned into hyphens, repeated hyphens merged and trimmed.
    """
    from yakuba.core.japanese import normalize_width

    key = "".join(normalize_width(text or "").split())
    for word, replacement in _BANCHI_WORDS:
        key = key.replace(word, replacement)
    while "--" in key:
        key = key.replace("--", "-")
    return key.strip("-")


class Household(TimeStampedModel):
    """A household (世帯) at one address in the city.

    The address is the town area plus ``banchi`` (番地, written as the registry
    writes it: "1番地の1", "2-3-4", "1460番地") and ``katagaki`` (方書: building
    and room, e.g. "村山団地 12号棟 305号室").  Exactly one current member is the
    head (世帯主): the database refuses a second one (see
    :class:`~yakuba.residents.models.Person`) and the services refuse a household
    without one.
    """

    household_number = models.CharField(_("世帯番号"), max_length=12, unique=True)
    town_area = models.ForeignKey(
        "residents.TownArea",
        verbose_name=_("町丁目"),
        on_delete=models.PROTECT,
        related_name="households",
    )
    banchi = models.CharField(_("番地"), max_length=40)
    katagaki = models.CharField(_("方書"), max_length=100, blank=True)
    dissolved_on = models.DateField(_("世帯消滅日"), null=True, blank=True)
    address_search_key = models.CharField(
        _("番地検索キー"), max_length=200, editable=False, default=""
    )

    class Meta:
        verbose_name = _("世帯")
        verbose_name_plural = _("世帯")
        ordering = ["household_number"]
        indexes = [
            models.Index(fields=["town_area", "address_search_key"], name="household_address_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(household_number__regex=r"^[0-9]{1,12}$"),
                name="household_number_format",
            ),
            models.CheckConstraint(condition=~Q(banchi=""), name="household_banchi_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.household_number} {self.address}"

    def save(self, *args, **kwargs) -> None:
        self.address_search_key = banchi_search_key(f"{self.banchi} {self.katagaki}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"banchi", "katagaki"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "address_search_key"}
        super().save(*args, **kwargs)

    @property
    def address(self) -> str:
        """Address within the city: 町丁目 + 番地 (+ 方書 after a space)."""
        text = f"{self.town_area.name}{self.banchi}"
        return f"{text} {self.katagaki}" if self.katagaki else text
