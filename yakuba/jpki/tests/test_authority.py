"""The emulated CA: files created once with private modes, certificates and seals that hold."""

from __future__ import annotations

import datetime
import stat
import threading

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric import ec

from yakuba.jpki import authority
from yakuba.jpki.authority import AuthorityUnavailableError, load_authority


def test_nothing_is_created_when_only_reading(jpki_dir):
    with pytest.raises(AuthorityUnavailableError):
        load_authority()

    assert not jpki_dir.exists()


def test_first_use_creates_the_ca_with_private_file_modes(jpki_dir):
    ca = load_authority(create=True)

    assert stat.S_IMODE(jpki_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((jpki_dir / "ca-key.pem").stat().st_mode) == 0o600
    assert stat.S_IMODE((jpki_dir / "card-seal.key").stat().st_mode) == 0o600
    assert (jpki_dir / "ca.pem").read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    assert load_authority().certificate == ca.certificate


def test_the_root_certificate_is_a_ca_that_signs_certificates_and_crls():
    certificate = load_authority(create=True).certificate
    constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value

    assert constraints.critical and constraints.value.ca is True
    assert (usage.key_cert_sign, usage.crl_sign, usage.digital_signature) == (True, True, False)
    assert certificate.issuer == certificate.subject
    certificate.verify_directly_issued_by(certificate)
    assert certificate.public_key().key_size == 2048
    assert certificate.not_valid_after_utc - certificate.not_valid_before_utc > datetime.timedelta(
        days=365 * 19
    )


def test_concurrent_first_uses_create_one_ca(jpki_dir):
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(load_authority(create=True).certificate))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == 4
    assert len({certificate.serial_number for certificate in results}) == 1


def test_a_key_file_that_does_not_match_the_certificate_is_refused(jpki_dir):
    load_authority(create=True)
    other = jpki_dir.parent / "other"
    authority._create(other)
    (jpki_dir / "ca-key.pem").write_bytes((other / "ca-key.pem").read_bytes())
    authority._loaded.clear()

    with pytest.raises(AuthorityUnavailableError, match="does not match"):
        load_authority()


def test_a_sealed_key_opens_only_for_its_own_certificate():
    ca = load_authority(create=True)
    key = ec.generate_private_key(ec.SECP256R1())
    sealed = authority.seal_private_key(ca, "abc123", key)

    opened = authority.unseal_private_key(ca, "abc123", sealed)
    assert opened.private_numbers() == key.private_numbers()
    with pytest.raises(InvalidTag):
        authority.unseal_private_key(ca, "abc124", sealed)
    tampered = sealed[:-1] + bytes([sealed[-1] ^ 1])
    with pytest.raises(InvalidTag):
        authority.unseal_private_key(ca, "abc123", tampered)


def test_a_sealed_key_does_not_contain_the_clear_key():
    from cryptography.hazmat.primitives import serialization

    ca = load_authority(create=True)
    key = ec.generate_private_key(ec.SECP256R1())
    clear = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    secret = key.private_numbers().private_value.to_bytes(32, "big")

    sealed = authority.seal_private_key(ca, "1", key)

    assert clear not in sealed and secret not in sealed


def test_crl_url_does_not_need_the_citizen_urls(settings):
    from django.urls import reverse

    assert authority.crl_url() == "https://www.city.example.lg.jp/card/crl.der"
    assert reverse("portal:card_crl") == authority.CRL_PATH
