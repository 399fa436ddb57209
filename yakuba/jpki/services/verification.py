"""Checks shared by login and signature verification: chain, purpose, validity, revocation, holder.

:func:`check_certificate` takes a DER certificate as presented by a card (or
carried in a signature) and either returns the certificate with the card it
belongs to, or raises :class:`CertificateRefusedError` whose ``code`` says why and
whose ``message`` tells the person in Japanese.  Revocation is read from the
published, CA-signed CRL (not from the card table), as a relying party would.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.x509.oid import ExtendedKeyUsageOID
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import format_date_both

from ..authority import CRL_REASONS, AuthorityUnavailableError, load_authority
from ..models import CardCertificate, CertificateKind, RevocationReason
from .crl import current_crl_object


class CertificateRefusedError(Exception):
    """A certificate that must not be relied on; ``code`` and a Japanese ``message``."""

    def __init__(self, code: str, message: str, **details: object) -> None:
        self.code = code
        self.message = str(message)
        self.details = details
        super().__init__(f"{code}: {self.message}")


@dataclass(frozen=True)
class CheckedCertificate:
    certificate: x509.Certificate
    row: CardCertificate  # with ``card`` selected

    @property
    def serial_hex(self) -> str:
        return self.row.serial_number


def serial_hex(number: int) -> str:
    return format(number, "x")


def _is_signing(certificate: x509.Certificate) -> bool:
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return False
    return usage.digital_signature and usage.content_commitment


def _is_authentication(certificate: x509.Certificate) -> bool:
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        purposes = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return False
    return (
        usage.digital_signature
        and not usage.content_commitment
        and ExtendedKeyUsageOID.CLIENT_AUTH in purposes
    )


def _reason_label(crl_reason: x509.ReasonFlags | None) -> str:
    """The label of our reason for a CRL reason code (several share a code: the first wins)."""
    for reason, flag in CRL_REASONS.items():
        if flag == crl_reason:
            return str(RevocationReason(reason).label)
    return str(RevocationReason.OTHER.label)


def parse_certificate(certificate_der: bytes) -> x509.Certificate:
    try:
        return x509.load_der_x509_certificate(certificate_der)
    except ValueError:
        raise CertificateRefusedError(
            "malformed", _("電子証明書を読み取れませんでした。")
        ) from None


def check_certificate(
    certificate_der: bytes, *, kind: str, now: datetime.datetime | None = None
) -> CheckedCertificate:
    """The certificate and its card, if it may be relied on for ``kind`` at ``now``."""
    now = now or timezone.now()
    certificate = parse_certificate(certificate_der)
    try:
        authority = load_authority()
        certificate.verify_directly_issued_by(authority.certificate)
    except (AuthorityUnavailableError, ValueError, TypeError, InvalidSignature):
        raise CertificateRefusedError(
            "untrusted",
            _("信頼できる認証局が発行した電子証明書ではありません。"),
        ) from None
    expected = _is_authentication if kind == CertificateKind.AUTHENTICATION else _is_signing
    if not expected(certificate):
        raise CertificateRefusedError(
            "wrong_kind",
            _("%(certificate)sではありません。") % {"certificate": CertificateKind(kind).label},
        )
    local_end = timezone.localtime(certificate.not_valid_after_utc).date()
    if now < certificate.not_valid_before_utc:
        raise CertificateRefusedError(
            "not_yet_valid", _("この電子証明書はまだ有効期間に入っていません。")
        )
    if now > certificate.not_valid_after_utc:
        raise CertificateRefusedError(
            "expired",
            _(
                "電子証明書の有効期限（%(date)s）が過ぎています。市役所の窓口で更新の手続きをしてください。"
            )
            % {"date": format_date_both(local_end)},
            expired_on=local_end,
        )
    crl = current_crl_object(now=now)
    if not crl.is_signature_valid(authority.certificate.public_key()):
        raise CertificateRefusedError(
            "crl_invalid",
            _("失効情報を確認できませんでした。しばらくしてから、もう一度お試しください。"),
        )
    entry = crl.get_revoked_certificate_by_serial_number(certificate.serial_number)
    if entry is not None:
        try:
            reason_flag = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
        except x509.ExtensionNotFound:
            reason_flag = None
        revoked_on = timezone.localtime(entry.revocation_date_utc).date()
        raise CertificateRefusedError(
            "revoked",
            _("この電子証明書は失効しています（%(date)s、理由：%(reason)s）。")
            % {"date": format_date_both(revoked_on), "reason": _reason_label(reason_flag)},
            revoked_on=revoked_on,
            crl_reason=reason_flag,
        )
    row = (
        CardCertificate.objects.select_related("card")
        .filter(serial_number=serial_hex(certificate.serial_number), kind=kind)
        .first()
    )
    if row is None or bytes(row.certificate_der) != certificate_der:
        raise CertificateRefusedError(
            "unknown_certificate", _("この電子証明書は登録されていません。")
        )
    return CheckedCertificate(certificate, row)
