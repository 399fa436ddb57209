"""An emulated マイナンバーカード and the two electronic certificates on it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

CARD_NUMBER_REGEX = r"^[0-9]{12}$"
SERIAL_REGEX = r"^[0-9a-f]{1,40}$"


class CertificateKind(models.TextChoices):
    """The two certificates of the card, each with its own key pair and PIN."""

    AUTHENTICATION = "auth", _("利用者証明用電子証明書")
    SIGNING = "sign", _("署名用電子証明書")


#: Consecutive wrong PINs that lock a certificate (STANDARDS.md §4).
PIN_LIMITS = {CertificateKind.AUTHENTICATION: 3, CertificateKind.SIGNING: 5}


class KeyAlgorithm(models.TextChoices):
    RSA_2048 = "rsa2048", _("RSA 2048ビット")
    P256 = "p256", _("ECDSA P-256")


class RevocationReason(models.TextChoices):
    """Why a certificate was revoked; each maps to an X.509 CRL reason code (see ``authority``)."""

    LOST = "lost", _("カードの紛失・盗難")
    HOLDER_REQUEST = "holder_request", _("本人からの失効の申請")
    ADDRESS_CHANGE = "address_change", _("住所の変更（転居）")
    MOVE_OUT = "move_out", _("転出")
    NAME_CHANGE = "name_change", _("氏名の変更")
    DEATH = "death", _("死亡")
    REISSUE = "reissue", _("カードの再発行・更新")
    OTHER = "other", _("その他（職権）")


class Card(TimeStampedModel):
    """One emulated card of a resident: a number, and up to two certificates with their keys.

    At most one card per person is in use (``retired_at`` empty); issuing a new
    card retires the old one and revokes its certificates.  The keys live only
    sealed in :class:`CardCertificate` (the emulated card's secure element).
    Write through :mod:`yakuba.jpki.services` only.
    """

    card_number = models.CharField(_("カード番号"), max_length=12, unique=True)
    person = models.ForeignKey(
        "residents.Person", verbose_name=_("住民"), on_delete=models.CASCADE, related_name="+"
    )
    issued_on = models.DateField(_("交付日"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("交付した職員"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    retired_at = models.DateTimeField(_("廃止日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("マイナンバーカード（エミュレーション）")
        verbose_name_plural = _("マイナンバーカード（エミュレーション）")
        constraints = [
            models.CheckConstraint(
                condition=Q(card_number__regex=CARD_NUMBER_REGEX), name="jpki_card_number_format"
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(retired_at__isnull=True),
                name="jpki_one_card_in_use_per_person",
            ),
        ]

    def __str__(self) -> str:
        return str(_("カード %(number)s") % {"number": self.masked_number})

    @property
    def masked_number(self) -> str:
        """``****-****-1234``: the last four digits only."""
        return f"****-****-{self.card_number[-4:]}"

    @property
    def in_use(self) -> bool:
        return self.retired_at is None


class CardCertificate(TimeStampedModel):
    """A certificate on a card, its sealed private key, its PIN and the PIN's failure counter.

    ``pin_failures`` counts consecutive wrong PINs; at the kind's limit (3 for
    authentication, 5 for signing) the certificate is locked until staff reset
    the PIN.  A correct PIN sets it back to 0.  The private key is stored only
    sealed (AES-256-GCM under the secure-element key outside the database, bound
    to this certificate's serial number).
    """

    card = models.ForeignKey(
        Card, verbose_name=_("カード"), on_delete=models.CASCADE, related_name="certificates"
    )
    kind = models.CharField(_("種類"), max_length=4, choices=CertificateKind.choices)
    serial_number = models.CharField(_("シリアル番号"), max_length=40, unique=True)
    certificate_der = models.BinaryField(_("証明書（DER）"))
    key_algorithm = models.CharField(_("鍵の方式"), max_length=8, choices=KeyAlgorithm.choices)
    sealed_private_key = models.BinaryField(_("秘密鍵（封印済み）"))
    not_before = models.DateTimeField(_("有効期間の開始"))
    not_after = models.DateTimeField(_("有効期間の満了"))
    pin_hash = models.CharField(_("暗証番号（ハッシュ）"), max_length=255)
    pin_failures = models.PositiveSmallIntegerField(_("暗証番号の連続誤り回数"), default=0)
    revoked_at = models.DateTimeField(_("失効日時"), null=True, blank=True)
    revocation_reason = models.CharField(
        _("失効の理由"), max_length=16, choices=RevocationReason.choices, blank=True
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("失効させた職員"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("電子証明書")
        verbose_name_plural = _("電子証明書")
        constraints = [
            models.UniqueConstraint(fields=["card", "kind"], name="jpki_one_certificate_per_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=CertificateKind.values), name="jpki_certificate_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(key_algorithm__in=KeyAlgorithm.values),
                name="jpki_certificate_key_algorithm_valid",
            ),
            models.CheckConstraint(
                condition=Q(serial_number__regex=SERIAL_REGEX), name="jpki_serial_format"
            ),
            models.CheckConstraint(
                condition=Q(not_before__lt=models.F("not_after")), name="jpki_validity_ordered"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=CertificateKind.AUTHENTICATION)
                    & Q(pin_failures__lte=PIN_LIMITS[CertificateKind.AUTHENTICATION])
                )
                | (
                    Q(kind=CertificateKind.SIGNING)
                    & Q(pin_failures__lte=PIN_LIMITS[CertificateKind.SIGNING])
                ),
                name="jpki_pin_failures_within_limit",
            ),
            models.CheckConstraint(
                condition=(Q(revoked_at__isnull=True) & Q(revocation_reason=""))
                | (Q(revoked_at__isnull=False) & Q(revocation_reason__in=RevocationReason.values)),
                name="jpki_revocation_has_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["revoked_at"],
                condition=Q(revoked_at__isnull=False),
                name="jpki_certificate_revoked",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.serial_number}"

    @property
    def pin_limit(self) -> int:
        return PIN_LIMITS[CertificateKind(self.kind)]

    @property
    def is_locked(self) -> bool:
        return self.pin_failures >= self.pin_limit

    @property
    def remaining_tries(self) -> int:
        return max(0, self.pin_limit - self.pin_failures)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) > self.not_after

    def status(self, now=None) -> str:
        """``revoked``, ``expired``, ``locked`` or ``valid`` (in that order of precedence)."""
        if self.is_revoked:
            return "revoked"
        if self.is_expired(now):
            return "expired"
        if self.is_locked:
            return "locked"
        return "valid"
