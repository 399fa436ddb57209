"""The My Number card signature of a submission (identity level "card").

The applicant signs ``signed_data`` — the canonical bytes of the submission (procedure,
form version, answers, attachment digests; see ``services/signing.py``) — with the
署名用電子証明書; ``signature`` is the detached CMS SignedData (DER).  The verdict of
``yakuba.jpki.services.verify_document_signature`` at submission is stored, and staff
pages verify again when shown (a certificate revoked since then shows as such).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel


class SubmissionSignature(TimeStampedModel):
    submission = models.OneToOneField(
        "applications.Submission",
        on_delete=models.CASCADE,
        related_name="signature",
        verbose_name=_("申請"),
    )
    signed_data = models.BinaryField(_("署名対象データ"))
    signature = models.BinaryField(_("署名（CMS）"))
    is_valid = models.BooleanField(_("検証結果"))
    reason = models.CharField(_("検証結果の理由"), max_length=40)
    signer_name = models.CharField(_("署名者"), max_length=200, blank=True)
    certificate_serial = models.CharField(_("証明書のシリアル番号"), max_length=40, blank=True)
    signer_person_id = models.PositiveBigIntegerField(_("署名者の住民記録"), null=True, blank=True)
    signed_at = models.DateTimeField(_("署名日時"), null=True, blank=True)
    verified_at = models.DateTimeField(_("検証日時"))

    class Meta:
        verbose_name = _("申請の電子署名")
        verbose_name_plural = _("申請の電子署名")

    def __str__(self) -> str:
        return f"{self.submission} ({self.reason})"
