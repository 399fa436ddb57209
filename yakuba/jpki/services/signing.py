"""Signing documents with the 署名用電子証明書 and verifying such signatures (CMS, detached).

:func:`sign_document` asks the card (through the reader) to sign the CMS
signed attributes — contentType, signingTime and the SHA-256 of the document —
and returns the DER ``ContentInfo``.  :func:`verify_document_signature` returns
a :class:`SignatureVerdict`: valid, or why not (``tampered``, ``bad_signature``,
``untrusted``, ``wrong_kind``, ``expired``, ``revoked``, …), with the signer's
resident id, name as written in the certificate and the certificate serial.
Other modules (online applications) call these two functions.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import cms
from ..authority import verify_with
from ..models import CardCertificate, CertificateKind
from ..readers import CardReader, get_reader
from .verification import CertificateRefusedError, check_certificate, serial_hex


def sign_document(
    card: str,
    pin: str,
    data: bytes,
    *,
    reader: CardReader | None = None,
    now: datetime.datetime | None = None,
) -> bytes:
    """A detached CMS signature of ``data`` by the card ``card`` (a reader handle) after its signing PIN.

    Raises the reader's errors (:class:`~yakuba.jpki.readers.WrongPinError` with
    the tries left, :class:`~yakuba.jpki.readers.PinLockedError`, …).  The card
    signs even with a revoked or expired certificate, as a real one does; the
    verifier refuses such signatures.
    """
    reader = reader or get_reader()
    certificate = x509.load_der_x509_certificate(
        reader.read_certificate(card, CertificateKind.SIGNING)
    )
    attributes = cms.signed_attributes(
        hashlib.sha256(data).digest(), (now or timezone.now()).replace(microsecond=0)
    )
    signature = reader.sign(card, CertificateKind.SIGNING, pin, attributes)
    return cms.assemble(certificate, attributes, signature)


@dataclass(frozen=True)
class SignatureVerdict:
    """The outcome of verifying a signature; ``reason`` is ``valid`` when ``valid`` is true."""

    valid: bool
    reason: str
    message: str
    person_id: int | None = None
    signer_name: str = ""
    certificate_serial: str = ""
    signed_at: datetime.datetime | None = None
    revoked_on: datetime.date | None = None


def _signer_certificate(parsed: cms.ParsedSignature) -> tuple[bytes, x509.Certificate] | None:
    for candidate in parsed.certificates:
        try:
            certificate = x509.load_der_x509_certificate(candidate)
        except ValueError:
            continue
        if (
            certificate.serial_number == parsed.serial_number
            and certificate.issuer.public_bytes() == parsed.issuer
        ):
            return candidate, certificate
    return None


#: Refusals of a certificate that did chain to the CA: its holder is still known.
TRUSTED_REFUSALS = frozenset({"expired", "not_yet_valid", "revoked"})


def _holder(certificate_der: bytes) -> int | None:
    """The resident holding this (CA-issued) signing certificate."""
    for der_bytes, person_id in CardCertificate.objects.filter(
        serial_number=serial_hex(x509.load_der_x509_certificate(certificate_der).serial_number),
        kind=CertificateKind.SIGNING,
    ).values_list("certificate_der", "card__person_id"):
        if bytes(der_bytes) == certificate_der:
            return person_id
    return None


def _name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


def verify_document_signature(
    data: bytes, signature: bytes, *, now: datetime.datetime | None = None
) -> SignatureVerdict:
    """Whether ``signature`` (detached CMS, DER) is a valid signing-certificate signature of ``data``."""
    now = now or timezone.now()
    try:
        parsed = cms.parse(signature)
    except cms.CmsError:
        return SignatureVerdict(False, "malformed", str(_("署名の形式が正しくありません。")))
    found = _signer_certificate(parsed)
    if found is None:
        return SignatureVerdict(
            False, "malformed", str(_("署名に署名者の電子証明書が含まれていません。"))
        )
    certificate_der, certificate = found
    identity = {
        "signer_name": _name(certificate),
        "certificate_serial": serial_hex(certificate.serial_number),
        "signed_at": parsed.signing_time,
    }
    if parsed.signed_attributes is not None:
        digest = hashlib.sha256(data).digest()
        if parsed.message_digest is None or not hmac.compare_digest(digest, parsed.message_digest):
            return SignatureVerdict(
                False,
                "tampered",
                str(_("署名の後で文書が変更されています（改ざんの可能性があります）。")),
                **identity,
            )
        signed = parsed.signed_attributes
    else:
        signed = data
    key = certificate.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey) != (
            parsed.signature_algorithm in cms.RSA_SIGNATURE_ALGORITHMS
        ):
            raise TypeError("signature algorithm does not fit the key")
        verify_with(key, parsed.signature, signed)
    except (InvalidSignature, TypeError, ValueError):
        return SignatureVerdict(
            False,
            "bad_signature",
            str(_("署名値が電子証明書の鍵と一致しません（改ざんの可能性があります）。")),
            **identity,
        )
    try:
        checked = check_certificate(certificate_der, kind=CertificateKind.SIGNING, now=now)
    except CertificateRefusedError as error:
        return SignatureVerdict(
            False,
            error.code,
            error.message,
            person_id=_holder(certificate_der) if error.code in TRUSTED_REFUSALS else None,
            revoked_on=error.details.get("revoked_on"),  # type: ignore[arg-type]
            **identity,
        )
    return SignatureVerdict(
        True,
        "valid",
        str(_("有効な署名です。")),
        person_id=checked.row.card.person_id,
        **identity,
    )
