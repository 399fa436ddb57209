"""The city's certificate-issuing authority: a root CA and the mayor's issuing certificate.

Files in ``settings.YAKUBA_CERTIFICATES_DIR`` (default ``var/certificates/``; created on
first use with mode 700, files 600; never in the database or the repository):

* ``root-key.pem`` / ``root.pem`` — the root CA 「<市名> 証明書発行ルート認証局」
  (EC P-256, CA, keyCertSign + cRLSign, 20 years);
* ``issuing-key.pem`` / ``issuing.pem`` — the end-entity certificate that signs every
  certificate PDF: CN 「<市名>長」, O 「<市名>」 (EC P-256, digitalSignature +
  nonRepudiation, SKI/AKI, 5 years).

EC P-256 rather than RSA: key generation takes milliseconds instead of ~100 ms (each test
creates its own authority) and an ECDSA signature ~0.1 ms; Adobe Acrobat, poppler's
``pdfsig`` (NSS) and pyHanko all validate ECDSA-SHA256 PAdES signatures.

Two processes starting at once create the files only once: creation runs under an
exclusive ``flock`` on ``.lock``, and the issuing certificate, written last, marks a
complete set.  The municipality name comes from the core profile
(:func:`yakuba.core.services.get_municipality`) at creation time.
"""

from __future__ import annotations

import datetime
import fcntl
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings

ROOT_KEY_FILE = "root-key.pem"
ROOT_CERT_FILE = "root.pem"
ISSUING_KEY_FILE = "issuing-key.pem"
ISSUING_CERT_FILE = "issuing.pem"
FILES = (ROOT_KEY_FILE, ROOT_CERT_FILE, ISSUING_KEY_FILE, ISSUING_CERT_FILE)
ROOT_VALIDITY_YEARS = 20
ISSUING_VALIDITY_YEARS = 5


class AuthorityUnavailableError(RuntimeError):
    """The authority's files cannot be created or read."""


@dataclass(frozen=True)
class IssuingAuthority:
    """The root and issuing certificates as loaded from the directory."""

    directory: Path
    root: x509.Certificate
    issuing: x509.Certificate
    issuing_key: ec.EllipticCurvePrivateKey

    @property
    def municipality_name(self) -> str:
        names = self.issuing.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
        return str(names[0].value) if names else ""


_lock = threading.Lock()
_loaded: dict[tuple[str, int], IssuingAuthority] = {}
_signers: dict[tuple[str, int], Any] = {}


def certificates_directory() -> Path:
    return Path(settings.YAKUBA_CERTIFICATES_DIR)


def _complete(directory: Path) -> bool:
    return all((directory / name).exists() for name in FILES)


def _municipality_name() -> str:
    from yakuba.core.services import get_municipality

    profile = get_municipality()
    if profile is None or not profile.name:
        raise AuthorityUnavailableError(
            "the municipality profile is not set: the issuing certificate needs the city's name"
        )
    return profile.name


def load_authority() -> IssuingAuthority:
    """The authority of the configured directory, created there on first use."""
    directory = certificates_directory()
    if not _complete(directory):
        create_authority_files(directory, _municipality_name())
    stamp = (directory / ISSUING_CERT_FILE).stat().st_mtime_ns
    key = (str(directory), stamp)
    with _lock:
        if key not in _loaded:
            _loaded[key] = _read(directory)
        return _loaded[key]


def root_certificate() -> x509.Certificate:
    """The trust root every certificate PDF chains to (``cryptography`` object)."""
    return load_authority().root


def root_certificate_pem() -> bytes:
    """The root certificate as PEM, for the verification page's download and validators."""
    return load_authority().root.public_bytes(serialization.Encoding.PEM)


def issuing_signer() -> Any:
    """A pyHanko ``SimpleSigner`` with the issuing key and chain (cached per process)."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    authority = load_authority()
    key = (str(authority.directory), (authority.directory / ISSUING_CERT_FILE).stat().st_mtime_ns)
    with _lock:
        signer = _signers.get(key)
        if signer is None:
            der = serialization.Encoding.DER
            signer = signers.SimpleSigner(
                signing_cert=asn1_x509.Certificate.load(authority.issuing.public_bytes(der)),
                signing_key=asn1_keys.PrivateKeyInfo.load(
                    authority.issuing_key.private_bytes(
                        der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                    )
                ),
                cert_registry=SimpleCertificateStore.from_certs(
                    [asn1_x509.Certificate.load(authority.root.public_bytes(der))]
                ),
            )
            _signers[key] = signer
        return signer


def _read(directory: Path) -> IssuingAuthority:
    try:
        root = x509.load_pem_x509_certificate((directory / ROOT_CERT_FILE).read_bytes())
        issuing = x509.load_pem_x509_certificate((directory / ISSUING_CERT_FILE).read_bytes())
        issuing_key = serialization.load_pem_private_key(
            (directory / ISSUING_KEY_FILE).read_bytes(), password=None
        )
    except (OSError, ValueError) as error:
        raise AuthorityUnavailableError(
            f"cannot read the authority in {directory}: {error}"
        ) from error
    if not isinstance(issuing_key, ec.EllipticCurvePrivateKey):
        raise AuthorityUnavailableError(f"unexpected key type in {directory}")
    if issuing_key.public_key().public_numbers() != issuing.public_key().public_numbers():
        raise AuthorityUnavailableError(f"{ISSUING_KEY_FILE} does not match {ISSUING_CERT_FILE}")
    try:
        issuing.verify_directly_issued_by(root)
    except (InvalidSignature, ValueError, TypeError) as error:
        raise AuthorityUnavailableError(
            f"{ISSUING_CERT_FILE} is not issued by {ROOT_CERT_FILE}"
        ) from error
    return IssuingAuthority(directory, root, issuing, issuing_key)


def _write_private(path: Path, content: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def create_authority_files(directory: Path, municipality_name: str) -> None:
    """Create the root and issuing keys and certificates in ``directory`` unless complete."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    descriptor = os.open(directory / ".lock", os.O_WRONLY | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if _complete(directory):
                return  # another process was first
            for name in FILES:
                (directory / name).unlink(missing_ok=True)  # leftovers of an interrupted run
            now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
            root_key = ec.generate_private_key(ec.SECP256R1())
            issuing_key = ec.generate_private_key(ec.SECP256R1())
            root = _root_certificate(root_key, municipality_name, now)
            issuing = _issuing_certificate(
                root_key, root, issuing_key.public_key(), municipality_name, now
            )
            pem = serialization.Encoding.PEM
            _write_private(directory / ROOT_KEY_FILE, _pem_key(root_key))
            _write_private(directory / ROOT_CERT_FILE, root.public_bytes(pem))
            _write_private(directory / ISSUING_KEY_FILE, _pem_key(issuing_key))
            # The issuing certificate is written last: its presence marks a complete set.
            _write_private(directory / ISSUING_CERT_FILE, issuing.public_bytes(pem))
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _key_usage(**enabled: bool) -> x509.KeyUsage:
    flags = dict.fromkeys(
        (
            "digital_signature",
            "content_commitment",
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "key_cert_sign",
            "crl_sign",
            "encipher_only",
            "decipher_only",
        ),
        False,
    )
    flags.update(enabled)
    return x509.KeyUsage(**flags)


def _root_certificate(
    key: ec.EllipticCurvePrivateKey, municipality_name: str, now: datetime.datetime
) -> x509.Certificate:
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, municipality_name),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{municipality_name} 証明書発行ルート認証局"),
        ]
    )
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now.replace(year=now.year + ROOT_VALIDITY_YEARS, day=min(now.day, 28)))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def _issuing_certificate(
    root_key: ec.EllipticCurvePrivateKey,
    root: x509.Certificate,
    public: ec.EllipticCurvePublicKey,
    municipality_name: str,
    now: datetime.datetime,
) -> x509.Certificate:
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, municipality_name),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{municipality_name}長"),
        ]
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(root.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now.replace(year=now.year + ISSUING_VALIDITY_YEARS, day=min(now.day, 28)))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(digital_signature=True, content_commitment=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
            critical=False,
        )
        .sign(root_key, hashes.SHA256())
    )
