"""Alerts: what is sent, to which categories × areas, who composed and approved it, its progress.

An update or a cancellation is a new :class:`Alert` (``msg_type`` Update/Cancel) whose
``references`` is the alert it revises (CAP ``<references>``).  Automatic alerts from
national warnings carry ``source`` and a ``source_key`` unique per source, so an updated
report updates and never duplicates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

from .category import Category


class AlertStatus(models.TextChoices):
    DRAFT = "draft", _("下書き")
    PENDING = "pending", _("承認待ち")
    SCHEDULED = "scheduled", _("配信予約")
    SENDING = "sending", _("配信中")
    SENT = "sent", _("配信済み")
    REJECTED = "rejected", _("差戻し")
    WITHDRAWN = "withdrawn", _("取りやめ")


class MsgType(models.TextChoices):
    ALERT = "Alert", _("新規")
    UPDATE = "Update", _("更新")
    CANCEL = "Cancel", _("取消し")


class CapStatus(models.TextChoices):
    ACTUAL = "Actual", _("実配信")
    EXERCISE = "Exercise", _("訓練")
    TEST = "Test", _("試験")


class Source(models.TextChoices):
    STAFF = "staff", _("職員作成")
    JMA = "jma", _("気象庁防災情報XML")
    CAP = "cap", _("CAP受信")


SEVERITIES = [(v, v) for v in ("Extreme", "Severe", "Moderate", "Minor", "Unknown")]
URGENCIES = [(v, v) for v in ("Immediate", "Expected", "Future", "Past", "Unknown")]
CERTAINTIES = [(v, v) for v in ("Observed", "Likely", "Possible", "Unlikely", "Unknown")]


class Alert(TimeStampedModel):
    """One message to residents, in up to three languages (日本語 is required)."""

    identifier = models.CharField(_("識別子"), max_length=200, unique=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="alerts", verbose_name=_("配信分類")
    )
    msg_type = models.CharField(
        _("種別"), max_length=8, choices=MsgType.choices, default=MsgType.ALERT
    )
    references = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
        verbose_name=_("更新・取消し対象"),
    )
    status = models.CharField(
        _("状態"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.DRAFT
    )
    cap_status = models.CharField(
        _("配信区分"), max_length=10, choices=CapStatus.choices, default=CapStatus.ACTUAL
    )
    event = models.CharField(_("事象"), max_length=80)
    severity = models.CharField(_("深刻度"), max_length=10, choices=SEVERITIES, default="Moderate")
    urgency = models.CharField(_("緊急度"), max_length=10, choices=URGENCIES, default="Expected")
    certainty = models.CharField(_("確実度"), max_length=10, choices=CERTAINTIES, default="Likely")
    title_ja = models.CharField(_("件名"), max_length=120)
    body_ja = models.TextField(_("本文"))
    title_en = models.CharField(_("件名（英語）"), max_length=120, blank=True)
    body_en = models.TextField(_("本文（英語）"), blank=True)
    title_easy = models.CharField(_("件名（やさしい日本語）"), max_length=120, blank=True)
    body_easy = models.TextField(_("本文（やさしい日本語）"), blank=True)
    #: 町字コード of the targeted 町丁目; empty = the whole city.
    area_codes = models.JSONField(_("対象地域"), default=list, blank=True)
    expires_at = models.DateTimeField(_("有効期限"), null=True, blank=True)
    scheduled_for = models.DateTimeField(_("配信予定日時"), null=True, blank=True)
    source = models.CharField(
        _("作成元"), max_length=8, choices=Source.choices, default=Source.STAFF
    )
    source_key = models.CharField(_("作成元の識別子"), max_length=200, blank=True)
    composed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("作成者"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("承認者"),
    )
    submitted_at = models.DateTimeField(_("申請日時"), null=True, blank=True)
    approved_at = models.DateTimeField(_("承認日時"), null=True, blank=True)
    sent_at = models.DateTimeField(_("配信開始日時"), null=True, blank=True)
    completed_at = models.DateTimeField(_("配信完了日時"), null=True, blank=True)
    #: Fan-out progress, maintained by the delivery engine.
    targets_total = models.PositiveIntegerField(_("配信対象数"), default=0)
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("配信")
        verbose_name_plural = _("配信")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_key"],
                condition=~Q(source_key=""),
                name="alerts_alert_unique_source_key",
            ),
            models.CheckConstraint(
                condition=Q(msg_type="Alert", references__isnull=True)
                | (~Q(msg_type="Alert") & Q(references__isnull=False)),
                name="alerts_alert_references_iff_revision",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(composed_by__isnull=True)
                | ~Q(approved_by=models.F("composed_by")),
                name="alerts_alert_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(chunks_done__lte=models.F("chunks_total")),
                name="alerts_alert_chunks_progress",
            ),
        ]
        indexes = [models.Index(fields=["status", "scheduled_for"])]

    def __str__(self) -> str:
        return self.title_ja

    def title_in(self, language: str) -> str:
        return {"en": self.title_en, "easy": self.title_easy}.get(language) or self.title_ja

    def body_in(self, language: str) -> str:
        return {"en": self.body_en, "easy": self.body_easy}.get(language) or self.body_ja

    @property
    def languages(self) -> list[str]:
        """The languages this alert is written in (日本語 always)."""
        present = ["ja"]
        if self.title_en and self.body_en:
            present.append("en")
        if self.title_easy and self.body_easy:
            present.append("easy")
        return present

    @property
    def whole_city(self) -> bool:
        return not self.area_codes


class AlertEvent(models.Model):
    """The per-alert audit: who composed, submitted, approved, rejected, sent, retried, cancelled."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("日時"), auto_now_add=True)
    action = models.CharField(_("操作"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("職員"),
    )
    note = models.CharField(_("備考"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("配信の操作記録")
        verbose_name_plural = _("配信の操作記録")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.alert_id}"
