"""異動: one recorded change of the register, dated and attributed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel
from yakuba.residents import events


class MovementKind(models.TextChoices):
    """The kinds of 異動 (values are the constants of :mod:`yakuba.residents.events`)."""

    MOVE_IN = events.MOVE_IN, _("転入")
    MOVE_OUT = events.MOVE_OUT, _("転出")
    MOVE_WITHIN = events.MOVE_WITHIN, _("転居")
    BIRTH = events.BIRTH, _("出生")
    DEATH = events.DEATH, _("死亡")
    HOUSEHOLD_CHANGE = events.HOUSEHOLD_CHANGE, _("世帯変更")
    NAME_CHANGE = events.NAME_CHANGE, _("氏名変更")
    CORRECTION = events.CORRECTION, _("職権修正")
    INITIAL = events.INITIAL, _("初期記載")


class MovementSource(models.TextChoices):
    """Where a movement came from."""

    COUNTER = "counter", _("窓口")
    IMPORT = "import", _("データ取込")
    SYNC = "sync", _("外部システム連携")
    DEMO = "demo", _("デモデータ")


class Movement(TimeStampedModel):
    """One 異動 (転入, 転出, 転居, 出生, 死亡, 世帯変更, 氏名変更, 職権修正, or an initial record).

    A movement never changes once written (database triggers refuse UPDATE and
    DELETE, see migration ``0003``).  What it did to each person is in its
    :class:`~yakuba.residents.models.PersonVersion` rows (``people`` lists the
    people affected), and what it did to a household's address in its
    :class:`~yakuba.residents.models.HouseholdVersion` rows.

    ``effective_on`` is the 異動日 (the day the change happened in the
    resident's life: moving day, birth, death; for a correction, the first day
    the corrected value applies); ``notified_on`` the 届出日 (absent for
    changes made 職権 or taken over from another system); ``recorded_at`` when
    it was entered here.  ``external_id`` identifies the change in the system
    it came from (a sync adapter uses it to stay idempotent).
    """

    kind = models.CharField(_("異動の種類"), max_length=20, choices=MovementKind.choices)
    effective_on = models.DateField(_("異動日"))
    notified_on = models.DateField(_("届出日"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("記録日時"), default=timezone.now, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("記録した職員"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(
        _("記録の経路"), max_length=10, choices=MovementSource.choices, default="counter"
    )
    reason = models.CharField(_("事由"), max_length=200, blank=True)
    note = models.TextField(_("備考"), blank=True)
    external_id = models.CharField(_("連携元の識別子"), max_length=64, blank=True)
    people = models.ManyToManyField(
        "residents.Person",
        through="residents.PersonVersion",
        verbose_name=_("対象者"),
        related_name="movements",
    )

    class Meta:
        verbose_name = _("異動")
        verbose_name_plural = _("異動")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=events.ALL_MOVEMENT_KINDS), name="movement_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=["counter", "import", "sync", "demo"]),
                name="movement_source_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind=events.CORRECTION) | ~Q(reason=""),
                name="movement_correction_has_reason",
            ),
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="movement_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on.isoformat()}"
