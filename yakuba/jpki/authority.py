"""The emulated certificate authority: its key files, certificates, CRLs and the card-key seal.

Files in ``settings.YAKUBA_JPKI_DIR`` (default ``var/jpki/``; created on first
use with mode 700, files 600; never in the database or the repository):

* ``ca-key.pem`` — the root CA's RSA-2048 private key (PKCS #8);
* ``ca.pem`` — its self-signed certificate (CA, keyCertSign + cRLSign);
* ``card-seal.key`` — 32 random bytes (base64) sealing the emulated cards'
  private keys with AES-256-GCM: the cards' "secure element".

The real JPKI is run by J-LIS (地方公共団体情報システム機構); this CA stands in
for it in the demo and the tests (docs/modules/jpki.md explains what a real
installation replaces).  Two processes starting at once create the files only
once: creation runs under an exclusive ``flock`` on ``.lock``.
"""

from __future__ import annotations

import base64
import datetime
import fcntl
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings

from .models import CertificateKind, KeyAlgorithm, RevocationReason

CA_KEY_FILE = "ca-key.pem"
CA_CERT_FILE = "ca.pem"
SEAL_KEY_FILE = "card-seal.key"
CA_VALIDITY_YEARS = 20
SEAL_VERSION = b"\x01"

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey

#: X.509 CRL reason codes (RFC 5280 §5.3.1) for each revocation reason.
CRL_REASONS: dict[str, x509.ReasonFlags | None] = {
    RevocationReason.LOST: x509.ReasonFlags.key_compromise,
    RevocationReason.HOLDER_REQUEST: x509.ReasonFlags.cessation_of_operation,
    RevocationReason.ADDRESS_CHANGE: x509.ReasonFlags.affiliation_changed,
    RevocationReason.MOVE_OUT: x509.ReasonFlags.affiliation_changed,
    RevocationReason.NAME_CHANGE: x509.ReasonFlags.affiliation_changed,
    RevocationReason.DEATH: x509.ReasonFlags.cessation_of_operation,
    RevocationReason.REISSUE: x509.ReasonFlags.superseded,
    RevocationReason.OTHER: None,  # "unspecified": the extension is left out (RFC 5280)
}


class AuthorityUnavailableError(RuntimeError):
    """The CA's files are missing (and were not to be created) or cannot be read."""


@dataclass(frozen=True)
class Authority:
    """The CA as loaded from its directory."""

    directory: Path
    certificate: x509.Certificate
    private_key: rsa.RSAPrivateKey
    seal_key: bytes

    @property
    def certificate_der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)


_loaded: dict[tuple[str, float], Authority] = {}


def jpki_directory() -> Path:
    return Path(settings.YAKUBA_JPKI_DIR)


def _files_exist(directory: Path) -> bool:
    return all((directory / name).exists() for name in (CA_KEY_FILE, CA_CERT_FILE, SEAL_KEY_FILE))


def load_authority(*, create: bool = False) -> Authority:
    """The CA of the configured directory, created there first when ``create`` is true.

    Verifiers call it with ``create=False``: with no CA there is nothing to
    trust (``AuthorityUnavailableError``).  Issuing a card creates it.
    """
    directory = jpki_directory()
    if not _files_exist(directory):
        if not create:
            raise AuthorityUnavailableError(f"no CA in {directory}")
        _create(directory)
    stamp = (directory / CA_CERT_FILE).stat().st_mtime
    key = (str(directory), stamp)
    if key not in _loaded:
        _loaded[key] = _read(directory)
    return _loaded[key]


def _read(directory: Path) -> Authority:
    try:
        private_key = serialization.load_pem_private_key(
            (directory / CA_KEY_FILE).read_bytes(), password=None
        )
        certificate = x509.load_pem_x509_certificate((directory / CA_CERT_FILE).read_bytes())
        seal_key = base64.b64decode((directory / SEAL_KEY_FILE).read_text().strip(), validate=True)
    except (OSError, ValueError) as error:
        raise AuthorityUnavailableError(f"cannot read the CA in {directory}: {error}") from error
    if not isinstance(private_key, rsa.RSAPrivateKey) or len(seal_key) != 32:
        raise AuthorityUnavailableError(f"unexpected key material in {directory}")
    if private_key.public_key().public_numbers() != certificate.public_key().public_numbers():
        raise AuthorityUnavailableError(f"{CA_KEY_FILE} does not match {CA_CERT_FILE}")
    return Authority(directory, certificate, private_key, seal_key)


def _write_private(path: Path, content: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)


def _create(directory: Path) -> None:
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    with open(directory / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if _files_exist(directory):
                return  # another process was first
            for name in (CA_KEY_FILE, CA_CERT_FILE, SEAL_KEY_FILE):
                (directory / name).unlink(missing_ok=True)  # leftovers of an interrupted run
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            _write_private(
                directory / CA_KEY_FILE,
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                ),
            )
            _write_private(
                directory / SEAL_KEY_FILE, base64.b64encode(secrets.token_bytes(32)) + b"\n"
            )
            certificate = _self_signed(key)
            # The certificate is written last: its presence marks a complete CA.
            (directory / CA_CERT_FILE).write_bytes(
                certificate.public_bytes(serialization.Encoding.PEM)
            )
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _ca_name() -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "yakuba"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "JPKI emulation (demo)"),
            x509.NameAttribute(NameOID.COMMON_NAME, "yakuba demo JPKI CA"),
        ]
    )


def _self_signed(key: rsa.RSAPrivateKey) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    name = _ca_name()
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now.replace(year=now.year + CA_VALIDITY_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


# ----------------------------------------------------------------------------- card keys


def generate_key(algorithm: str) -> PrivateKey:
    if algorithm == KeyAlgorithm.RSA_2048:
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if algorithm == KeyAlgorithm.P256:
        return ec.generate_private_key(ec.SECP256R1())
    raise ValueError(f"unknown key algorithm {algorithm!r}")


def _seal_context(serial_number: str) -> bytes:
    return f"yakuba.jpki.card-key.v1|certificate:{serial_number}".encode("ascii")


def seal_private_key(authority: Authority, serial_number: str, key: PrivateKey) -> bytes:
    """``version ‖ nonce ‖ AES-GCM(PKCS #8 DER)``, bound to the certificate's serial number."""
    clear = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    nonce = secrets.token_bytes(12)
    return (
        SEAL_VERSION
        + nonce
        + AESGCM(authority.seal_key).encrypt(nonce, clear, _seal_context(serial_number))
    )


def unseal_private_key(authority: Authority, serial_number: str, sealed: bytes) -> PrivateKey:
    """The card's private key; ``cryptography.exceptions.InvalidTag`` when tampered or moved."""
    if sealed[:1] != SEAL_VERSION:
        raise ValueError("unknown seal version")
    clear = AESGCM(authority.seal_key).decrypt(
        sealed[1:13], sealed[13:], _seal_context(serial_number)
    )
    # The GCM tag proved these are the bytes this CA sealed: the (slow, ~50 ms)
    # RSA consistency check on loading adds nothing.
    key = serialization.load_der_private_key(
        clear, password=None, unsafe_skip_rsa_key_validation=True
    )
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ValueError("unexpected key type")
    return key


def sign_with(key: PrivateKey, data: bytes) -> bytes:
    """What the card's chip does: SHA-256 and RSA PKCS #1 v1.5, or ECDSA (DER signature)."""
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    return key.sign(data, ec.ECDSA(hashes.SHA256()))


def verify_with(public_key: object, signature: bytes, data: bytes) -> None:
    """Raises ``cryptography.exceptions.InvalidSignature`` (or ``TypeError`` for another key type)."""
    if isinstance(public_key, rsa.RSAPublicKey):
        public_key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
    elif isinstance(public_key, ec.EllipticCurvePublicKey):
        public_key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
    else:
        raise TypeError("unsupported key type")


# ----------------------------------------------------------------------------- certificates


#: Where the citizen site publishes the CRL (``portal:card_crl``).  A constant, not
#: ``reverse()``: a staff-tier process (三層分離) issues cards without the citizen URLs.
CRL_PATH = "/card/crl.der"


def crl_url() -> str:
    """The CRL distribution point written into every card certificate."""
    return settings.YAKUBA_PUBLIC_BASE_URL.rstrip("/") + CRL_PATH


def issue_certificate(
    authority: Authority,
    *,
    kind: str,
    public_key: PublicKey,
    serial_number: int,
    not_before: datetime.datetime,
    not_after: datetime.datetime,
    holder_name: str,
) -> x509.Certificate:
    """A card certificate signed by the CA.

    利用者証明用 (authentication): digitalSignature, clientAuth, and a subject
    with **no** personal data (a random identifier), as the real certificate.
    署名用 (signing): digitalSignature + nonRepudiation, the holder's name in the
    subject (the real one also carries address, birth date and sex).
    """
    if kind == CertificateKind.AUTHENTICATION:
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                x509.NameAttribute(NameOID.COMMON_NAME, secrets.token_hex(16).upper()),
            ]
        )
        usage = {"digital_signature": True, "content_commitment": False}
    else:
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                x509.NameAttribute(NameOID.COMMON_NAME, holder_name),
            ]
        )
        usage = {"digital_signature": True, "content_commitment": True}
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(authority.certificate.subject)
        .public_key(public_key)
        .serial_number(serial_number)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
                **usage,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.private_key.public_key()),
            critical=False,
        )
        .add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(crl_url())],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
    )
    if kind == CertificateKind.AUTHENTICATION:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False
        )
    return builder.sign(authority.private_key, hashes.SHA256())


@dataclass(frozen=True)
class RevokedEntry:
    serial_number: int
    revoked_at: datetime.datetime
    reason: str


def build_crl(
    authority: Authority,
    entries: Iterable[RevokedEntry],
    *,
    number: int,
    this_update: datetime.datetime,
    next_update: datetime.datetime,
) -> x509.CertificateRevocationList:
    """A CRL signed by the CA: CRL number, AKI, and a reason code on each entry (except "unspecified")."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(authority.certificate.subject)
        .last_update(this_update)
        .next_update(next_update)
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.private_key.public_key()),
            critical=False,
        )
    )
    for entry in entries:
        revoked = (
            x509.RevokedCertificateBuilder()
            .serial_number(entry.serial_number)
            .revocation_date(entry.revoked_at)
        )
        reason = CRL_REASONS.get(entry.reason)
        if reason is not None:
            revoked = revoked.add_extension(x509.CRLReason(reason), critical=False)
        builder = builder.add_revoked_certificate(revoked.build())
    return builder.sign(authority.private_key, hashes.SHA256())
