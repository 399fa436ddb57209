"""Alert categories (防災・気象, 防犯, …) and the staff's message templates per category."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

#: CAP 1.2 ``<info><category>`` values.
CAP_CATEGORIES = [
    ("Geo", "Geo"),
    ("Met", "Met"),
    ("Safety", "Safety"),
    ("Security", "Security"),
    ("Rescue", "Rescue"),
    ("Fire", "Fire"),
    ("Health", "Health"),
    ("Env", "Env"),
    ("Transport", "Transport"),
    ("Infra", "Infra"),
    ("CBRNE", "CBRNE"),
    ("Other", "Other"),
]


class Category(TimeStampedModel):
    """A subject residents subscribe to.  ``bit`` places it in a subscriber's category mask.

    ``requires_approval``: the city marks the categories whose alerts a second staff
    member must approve before they go out.
    """

    code = models.SlugField(_("コード"), max_length=32, unique=True)
    bit = models.PositiveSmallIntegerField(_("ビット位置"), unique=True)
    name_ja = models.CharField(_("名称"), max_length=40)
    name_en = models.CharField(_("名称（英語）"), max_length=60)
    name_easy = models.CharField(_("名称（やさしい日本語）"), max_length=60)
    cap_category = models.CharField(_("CAP分類"), max_length=10, choices=CAP_CATEGORIES)
    requires_approval = models.BooleanField(_("配信前に承認が必要"), default=True)
    department_code = models.CharField(_("担当課コード"), max_length=32, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=100)

    class Meta:
        verbose_name = _("配信分類")
        verbose_name_plural = _("配信分類")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(bit__lt=62), name="alerts_category_bit_range"),
        ]

    def __str__(self) -> str:
        return self.name_ja

    @property
    def mask(self) -> int:
        return 1 << self.bit

    def name_in(self, language: str) -> str:
        return {"en": self.name_en, "easy": self.name_easy}.get(language, self.name_ja)


class AlertTemplate(TimeStampedModel):
    """A starting text for composing an alert of one category, in the three languages."""

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="templates", verbose_name=_("配信分類")
    )
    name = models.CharField(_("テンプレート名"), max_length=80)
    event = models.CharField(_("事象"), max_length=80, blank=True)
    severity = models.CharField(_("深刻度"), max_length=10, default="Moderate")
    urgency = models.CharField(_("緊急度"), max_length=10, default="Expected")
    certainty = models.CharField(_("確実度"), max_length=10, default="Likely")
    title_ja = models.CharField(_("件名"), max_length=120)
    body_ja = models.TextField(_("本文"))
    title_en = models.CharField(_("件名（英語）"), max_length=120, blank=True)
    body_en = models.TextField(_("本文（英語）"), blank=True)
    title_easy = models.CharField(_("件名（やさしい日本語）"), max_length=120, blank=True)
    body_easy = models.TextField(_("本文（やさしい日本語）"), blank=True)

    class Meta:
        verbose_name = _("配信テンプレート")
        verbose_name_plural = _("配信テンプレート")
        ordering = ["category__sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "name"], name="alerts_template_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name
