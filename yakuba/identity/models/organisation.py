"""The organisation (部/課) and staff assignments, both dated.

The organisation changes every 1 April.  A unit is never edited in place when
it is renamed, merged or split: the old row gets ``valid_to`` and a new row
starts the next day with ``predecessors`` pointing back, so history and audit
records keep the organisation as it was at the time.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel


class Role(models.TextChoices):
    """Department roles in increasing order of power."""

    VIEWER = "viewer", _("閲覧")
    OPERATOR = "operator", _("担当")
    APPROVER = "approver", _("承認")
    ADMIN = "admin", _("所属管理者")


ROLE_RANK = {Role.VIEWER: 1, Role.OPERATOR: 2, Role.APPROVER: 3, Role.ADMIN: 4}


class OrgUnitQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> OrgUnitQuerySet:
        return self.filter(
            Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        )


class OrgUnit(TimeStampedModel):
    """A 部 or 課 valid over a date range.

    ``code`` is the stable functional key that modules' policies use ("shimin"
    for 市民課).  A rename keeps the code on a new row; a merge gives the new row
    a new code (or one of the old ones) and lists the merged units as predecessors.
    """

    class Kind(models.TextChoices):
        BUREAU = "bureau", _("部")
        DIVISION = "division", _("課")

    code = models.SlugField(_("組織コード"), max_length=40)
    kind = models.CharField(_("種別"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("名称（英語）"), max_length=150)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上位組織"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("設置日"))
    valid_to = models.DateField(_("廃止日"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self", verbose_name=_("前身組織"), symmetrical=False, blank=True, related_name="successors"
    )
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("組織")
        verbose_name_plural = _("組織")
        ordering = ["code", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="orgunit_dates_ordered",
            ),
            models.UniqueConstraint(fields=["code", "valid_from"], name="orgunit_code_from_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class AssignmentQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> AssignmentQuerySet:
        return self.filter(
            Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day)),
            org_unit__valid_from__lte=day,
        ).filter(Q(org_unit__valid_to__isnull=True) | Q(org_unit__valid_to__gte=day))


class Assignment(TimeStampedModel):
    """A staff member's role in one unit over a date range (人事異動 = new row)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("職員"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("所属"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("役割"), max_length=10, choices=Role.choices)
    valid_from = models.DateField(_("開始日"))
    valid_to = models.DateField(_("終了日"), null=True, blank=True)
    is_primary = models.BooleanField(_("本務"), default=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("配属")
        verbose_name_plural = _("配属")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="assignment_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["viewer", "operator", "approver", "admin"]),
                name="assignment_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.org_unit} ({self.get_role_display()})"
