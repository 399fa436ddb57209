"""A long transfer job (import, export, sync run) with its progress and its report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

#: Problems stored per job; beyond this only ``problem_count`` grows.
MAX_STORED_PROBLEMS = 1000


class JobKind(models.TextChoices):
    IMPORT = "import", _("CSV取込")
    EXPORT = "export", _("CSV出力")
    SYNC = "sync", _("外部システム連携")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("待機中")
    RUNNING = "running", _("処理中")
    VALID = "valid", _("検査済（取込の確認待ち）")
    INVALID = "invalid", _("エラーあり")
    SUCCEEDED = "succeeded", _("完了")
    FAILED = "failed", _("失敗")
    CANCELLED = "cancelled", _("取消")


FINISHED_STATUSES = (
    JobStatus.VALID,
    JobStatus.INVALID,
    JobStatus.SUCCEEDED,
    JobStatus.FAILED,
    JobStatus.CANCELLED,
)


class TransferJob(TimeStampedModel):
    """One import, export or sync run: who started it, its progress and its outcome.

    A person waiting on a long job watches this row (HOUSE_STYLE §5):
    ``bytes_done`` of ``bytes_total`` is the progress, ``status`` the phase.
    The per-line report is in :class:`TransferProblem` (at most
    :data:`MAX_STORED_PROBLEMS` rows; ``problem_count`` is the true total).
    An import's ``file_sha256`` is its idempotency key: the movement it writes
    carries it as ``external_id``, which the database keeps unique.
    """

    kind = models.CharField(_("種類"), max_length=10, choices=JobKind.choices)
    status = models.CharField(
        _("状態"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    dry_run = models.BooleanField(_("検査のみ"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("実行した職員"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("取込を確定した職員"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    purpose = models.CharField(_("利用目的"), max_length=60, blank=True)
    file_name = models.CharField(_("ファイル名"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("ファイルのSHA-256"), max_length=64, blank=True)
    encoding = models.CharField(_("文字コード"), max_length=20, blank=True)
    bytes_total = models.BigIntegerField(_("全体のバイト数"), default=0)
    bytes_done = models.BigIntegerField(_("処理済みのバイト数"), default=0)
    lines_done = models.BigIntegerField(_("処理済みの行数"), default=0)
    people = models.BigIntegerField(_("人数"), default=0)
    households = models.BigIntegerField(_("世帯数"), default=0)
    counts = models.JSONField(_("種類別の件数"), default=dict, blank=True)
    problem_count = models.IntegerField(_("エラー件数"), default=0)
    message = models.TextField(_("メッセージ"), blank=True)
    message_params = models.JSONField(_("メッセージの値"), default=dict, blank=True)
    started_at = models.DateTimeField(_("開始日時"), null=True, blank=True)
    finished_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    movement = models.ForeignKey(
        "residents.Movement",
        verbose_name=_("記録した異動"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sync_source = models.ForeignKey(
        "residents_transfer.SyncSource",
        verbose_name=_("連携元"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jobs",
    )
    audit_sequence = models.BigIntegerField(_("アクセス記録の通番"), null=True, blank=True)

    class Meta:
        verbose_name = _("移行・連携の処理")
        verbose_name_plural = _("移行・連携の処理")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["kind", "file_sha256"], name="transferjob_kind_sha_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["import", "export", "sync"]), name="transferjob_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "queued",
                        "running",
                        "valid",
                        "invalid",
                        "succeeded",
                        "failed",
                        "cancelled",
                    ]
                ),
                name="transferjob_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(file_sha256="") | Q(file_sha256__regex=r"^[0-9a-f]{64}$"),
                name="transferjob_sha256_format",
            ),
            models.CheckConstraint(
                condition=Q(bytes_done__gte=0)
                & Q(bytes_total__gte=0)
                & Q(lines_done__gte=0)
                & Q(people__gte=0)
                & Q(households__gte=0)
                & Q(problem_count__gte=0),
                name="transferjob_counts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True)
                | Q(started_at__isnull=True)
                | Q(finished_at__gte=F("started_at")),
                name="transferjob_times_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def message_text(self) -> str:
        """The outcome message in the active language."""
        if not self.message:
            return ""
        text = gettext(self.message)
        return text % self.message_params if self.message_params else text


class TransferProblem(models.Model):
    """One line of a job's report: where (line, column) and what is wrong.

    ``message`` is the Japanese source text of a translatable message and
    ``params`` its named values, so the report shows in the reader's language.
    Messages never carry the values of a record (names, codes): the report can
    be read without reading anyone's personal data.
    """

    job = models.ForeignKey(
        TransferJob, verbose_name=_("処理"), on_delete=models.CASCADE, related_name="problems"
    )
    line = models.PositiveIntegerField(_("行"))
    column = models.CharField(_("項目"), max_length=40, blank=True)
    code = models.CharField(_("コード"), max_length=40)
    message = models.TextField(_("メッセージ"))
    params = models.JSONField(_("メッセージの値"), default=dict, blank=True)
    created = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("取込・連携のエラー")
        verbose_name_plural = _("取込・連携のエラー")
        ordering = ["job", "line", "pk"]
        indexes = [models.Index(fields=["job", "line"], name="transferproblem_job_line_idx")]
        constraints = [models.CheckConstraint(condition=~Q(code=""), name="transferproblem_code")]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.line} {self.code}"

    @property
    def text(self) -> str:
        """The message in the active language."""
        text = gettext(self.message)
        return text % self.params if self.params else text


class TransferChunk(models.Model):
    """One piece (at most 1 MiB) of an uploaded file, kept until the job is done.

    Kept in the database, not on disk, so the web process and the task worker
    need not share a file system (三層分離: they may run on different hosts).
    Deleted when the import finishes, fails or is cancelled.
    """

    job = models.ForeignKey(
        TransferJob, verbose_name=_("処理"), on_delete=models.CASCADE, related_name="chunks"
    )
    index = models.PositiveIntegerField(_("順番"))
    data = models.BinaryField(_("内容"))
    created = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("取込ファイルの断片")
        verbose_name_plural = _("取込ファイルの断片")
        ordering = ["job", "index"]
        constraints = [
            models.UniqueConstraint(fields=["job", "index"], name="transferchunk_once"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id}#{self.index}"
