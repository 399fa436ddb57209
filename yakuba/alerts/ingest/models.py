"""What the national-warning link remembers: feed caching, every message received, the rules.

* :class:`FeedState` — per Atom feed URL the validators of the last response, so the
  next poll is a conditional GET (JMA blocks clients that re-download).
* :class:`ReceivedMessage` — one row per message file (JMA URL) or CAP document
  (``cap:`` + sender + identifier); the unique ``key`` is what stops a file from being
  fetched or applied twice.  ``outcome`` tells staff what the rules did with it.
* :class:`WarningState` — per (area, subject) the level last announced to residents,
  which is how the same warning arriving in the legacy and the R06 formats (or again in
  a later 継続 report) is merged instead of sent twice.
* :class:`IngestRule` — editable data: which level of which phenomenon is sent at once,
  drafted for approval, or ignored.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel


class FeedState(TimeStampedModel):
    """One polled Atom feed and the validators of its last ``200`` response."""

    url = models.URLField(_("フィードURL"), max_length=500, unique=True)
    etag = models.CharField("ETag", max_length=200, blank=True)
    last_modified = models.CharField("Last-Modified", max_length=100, blank=True)
    last_fetched_at = models.DateTimeField(_("最終取得日時"), null=True, blank=True)
    last_status = models.CharField(_("最終取得結果"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("取得中のフィード")
        verbose_name_plural = _("取得中のフィード")

    def __str__(self) -> str:
        return self.url


class MessageSource(models.TextChoices):
    JMA = "jma", _("気象庁防災情報XML")
    CAP = "cap", _("CAP 1.2")


class Outcome(models.TextChoices):
    SENT = "sent", _("自動配信")
    PENDING = "pending", _("承認待ちで作成")
    MERGED = "merged", _("既存の配信に統合")
    NO_CHANGE = "no_change", _("変化なし")
    IGNORED = "ignored", _("規則により対象外")
    OTHER_AREA = "other_area", _("市外のため対象外")
    EXERCISE = "exercise", _("訓練・試験（配信しない）")
    ERROR = "error", _("読み取りエラー")


class ReceivedMessage(models.Model):
    """One received JMA message file or CAP document and what became of it."""

    key = models.CharField(_("電文URL・CAP識別子"), max_length=500, unique=True)
    source = models.CharField(_("受信元"), max_length=4, choices=MessageSource.choices)
    received_at = models.DateTimeField(_("受信日時"), auto_now_add=True)
    type_code = models.CharField(_("電文種別"), max_length=16, blank=True)
    title = models.CharField(_("標題"), max_length=200, blank=True)
    event_id = models.CharField("EventID", max_length=200, blank=True)
    report_datetime = models.DateTimeField(_("発表日時"), null=True, blank=True)
    info_type = models.CharField(_("情報形態"), max_length=8, blank=True)
    control_status = models.CharField(_("運用種別"), max_length=16, blank=True)
    summary = models.JSONField(_("解析結果"), default=dict, blank=True)
    alert = models.ForeignKey(
        "alerts.Alert",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("作成した配信"),
    )
    outcome_code = models.CharField(_("処理結果"), max_length=12, choices=Outcome.choices)
    outcome = models.CharField(_("処理内容"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("受信電文")
        verbose_name_plural = _("受信電文")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["source", "type_code", "event_id"])]

    def __str__(self) -> str:
        return self.key


class WarningState(TimeStampedModel):
    """The level last announced for one subject (phenomenon or earthquake) in one area."""

    area_code = models.CharField(_("地域コード"), max_length=16)
    subject = models.CharField(_("対象"), max_length=120)
    #: Empty: nothing in force (never announced, or 取消).
    level = models.CharField(_("段階"), max_length=12, blank=True)
    legacy = models.BooleanField(_("従来形式の電文から"), default=False)
    report_datetime = models.DateTimeField(_("発表日時"), null=True, blank=True)
    alert = models.ForeignKey(
        "alerts.Alert", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("発表中の警報等")
        verbose_name_plural = _("発表中の警報等")
        constraints = [
            models.UniqueConstraint(
                fields=["area_code", "subject"], name="alerts_ingest_state_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_code}:{self.subject}:{self.level}"


class RuleKind(models.TextChoices):
    WEATHER = "weather", _("気象警報・注意報")
    QUAKE = "quake", _("地震（震度）")


class Level(models.TextChoices):
    SPECIAL = "special", _("特別警報")
    DANGER = "danger", _("危険警報")
    WARNING = "warning", _("警報")
    ADVISORY = "advisory", _("注意報")
    CLEAR = "clear", _("解除")


class Action(models.TextChoices):
    SEND_NOW = "send_now", _("直ちに自動配信")
    DRAFT = "draft", _("承認待ちで作成")
    IGNORE = "ignore", _("配信しない")


class IngestRule(TimeStampedModel):
    """Weather: (phenomenon or any, level) → action.  Quake: 震度 threshold → action.

    ``phenomenon`` empty = every phenomenon; a rule naming the phenomenon wins.
    For earthquakes ``level`` holds the threshold intensity (``3``, ``4``, ``5-`` …) and
    the highest threshold not above the observed intensity applies.
    """

    kind = models.CharField(_("種類"), max_length=8, choices=RuleKind.choices)
    phenomenon = models.CharField(_("現象"), max_length=20, blank=True)
    level = models.CharField(_("段階・震度"), max_length=10)
    action = models.CharField(_("処理"), max_length=10, choices=Action.choices)

    class Meta:
        verbose_name = _("自動連携の規則")
        verbose_name_plural = _("自動連携の規則")
        ordering = ["kind", "phenomenon", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "phenomenon", "level"], name="alerts_ingest_rule_unique"
            ),
            models.CheckConstraint(
                condition=Q(action__in=["send_now", "draft", "ignore"]),
                name="alerts_ingest_rule_action",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.phenomenon or '*'}:{self.level}→{self.action}"
