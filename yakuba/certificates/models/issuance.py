"""Issuances: one row per certificate issued at a kiosk (the fee was charged once)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

# Crockford base32 without I, L, O, U: easy to read aloud and to type.
SERIAL_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SERIAL_LENGTH = 16
MAX_COPIES = 10


class CertificateKind(models.TextChoices):
    RESIDENCE = "residence", _("住民票の写し")
    RESIDENCE_ITEMS = "residence_items", _("住民票記載事項証明書")
    SEAL = "seal", _("印鑑登録証明書")
    TAX = "tax", _("課税・所得証明書")


class Issuance(TimeStampedModel):
    """A certificate issued at a kiosk.

    ``request_id`` is the kiosk's idempotency key: the confirm screen carries it, and a
    repeated request (crashed print, network error, double tap) finds this row instead
    of issuing and charging again. ``content_hash`` is the SHA-256 of the certificate's
    canonical content (printed in the QR code and shown by the public verification
    page); ``document_hash`` the SHA-256 of the signed PDF. The PDF itself is kept only
    for the reprint window (``document`` emptied by ``certificates_purge``).
    """

    serial = models.CharField(_("証明書番号"), max_length=SERIAL_LENGTH, unique=True)
    request_id = models.UUIDField(_("交付要求ID"), unique=True)
    kiosk = models.ForeignKey(
        "certificates.Kiosk",
        on_delete=models.PROTECT,
        related_name="issuances",
        verbose_name=_("キオスク端末"),
    )
    person = models.ForeignKey(
        "residents.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("請求者（カードの所有者）"),
    )
    printed_person_ids = models.JSONField(_("記載された人"), default=list)
    kind = models.CharField(_("証明書の種類"), max_length=20, choices=CertificateKind.choices)
    options = models.JSONField(_("選択した内容"), default=dict, blank=True)
    copies = models.PositiveSmallIntegerField(_("通数"))
    unit_fee = models.PositiveIntegerField(_("1通の手数料"))
    total_fee = models.PositiveIntegerField(_("手数料の合計"))
    issued_at = models.DateTimeField(_("交付日時"))
    content_hash = models.CharField(_("内容のハッシュ（SHA-256）"), max_length=64)
    document_hash = models.CharField(_("PDFのハッシュ（SHA-256）"), max_length=64)
    document = models.BinaryField(_("署名済みPDF"), null=True, blank=True)
    page_count = models.PositiveSmallIntegerField(_("ページ数"), default=1)
    card_certificate_serial = models.CharField(
        _("利用者証明用電子証明書のシリアル番号"), max_length=40
    )
    printed_at = models.DateTimeField(_("印刷完了日時"), null=True, blank=True)
    print_attempts = models.PositiveSmallIntegerField(_("印刷の回数"), default=0)
    language = models.CharField(_("画面の言語"), max_length=5, default="ja")

    class Meta:
        verbose_name = _("証明書の交付")
        verbose_name_plural = _("証明書の交付")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(serial__regex=r"^[0-9A-HJKMNP-TV-Z]{16}$"),
                name="certificates_issuance_serial_format",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CertificateKind.values), name="certificates_issuance_kind"
            ),
            models.CheckConstraint(
                condition=Q(copies__gte=1) & Q(copies__lte=MAX_COPIES),
                name="certificates_issuance_copies_range",
            ),
            models.CheckConstraint(
                condition=Q(total_fee=F("unit_fee") * F("copies")),
                name="certificates_issuance_fee_total",
            ),
            models.CheckConstraint(
                condition=Q(content_hash__regex=r"^[0-9a-f]{64}$")
                & Q(document_hash__regex=r"^[0-9a-f]{64}$"),
                name="certificates_issuance_hash_format",
            ),
        ]
        indexes = [
            models.Index(fields=["kiosk", "issued_at"], name="certificates_issuance_kiosk"),
            models.Index(fields=["person", "issued_at"], name="certificates_issuance_person"),
            models.Index(fields=["issued_at"], name="certificates_issuance_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.display_serial}"

    @property
    def display_serial(self) -> str:
        """The serial in groups of four, as printed: ``7K3M-9QX2-B4T8-ZP0R``."""
        return "-".join(self.serial[i : i + 4] for i in range(0, len(self.serial), 4))
