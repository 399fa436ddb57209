"""An uploaded attachment (添付書類) of a submission.

The file lives outside the web root, under ``YAKUBA_APPLICATIONS_FILES_DIR``, named by a
random ``storage_name`` (never the uploaded name).  Its type was detected from the
content, not the extension; ``scan_status`` is the virus scan's verdict (clamd when
configured).  Only staff allowed to see the submission can download it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel


class ScanStatus(models.TextChoices):
    NOT_SCANNED = "not_scanned", _("未検査（ウイルス検査の設定なし）")
    CLEAN = "clean", _("検査済み（問題なし）")
    INFECTED = "infected", _("ウイルスを検出")
    FAILED = "failed", _("検査できず")


class Attachment(TimeStampedModel):
    submission = models.ForeignKey(
        "applications.Submission",
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("申請"),
    )
    #: The form field (JSON pointer-like path: "documents" or "children/0/certificate").
    field_key = models.CharField(_("項目"), max_length=120)
    original_name = models.CharField(_("元のファイル名"), max_length=200)
    content_type = models.CharField(_("ファイルの種類"), max_length=100)
    size = models.PositiveIntegerField(_("サイズ（バイト）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    storage_name = models.CharField(_("保存名"), max_length=80, unique=True)
    scan_status = models.CharField(
        _("ウイルス検査"), max_length=12, choices=ScanStatus.choices, default=ScanStatus.NOT_SCANNED
    )
    scan_detail = models.CharField(_("検査結果の詳細"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("添付書類")
        verbose_name_plural = _("添付書類")
        ordering = ("submission", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(scan_status__in=ScanStatus.values),
                name="applications_attachment_scan_status_known",
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="applications_attachment_sha256_hex",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name
