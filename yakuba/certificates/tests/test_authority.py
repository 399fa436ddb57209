"""The issuing authority: created once (also by two processes at once), private file modes,
a root CA and the mayor's end-entity certificate with the right extensions."""

from __future__ import annotations

import hashlib
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from yakuba.certificates import authority
from yakuba.core.testing import demo_municipality


@pytest.fixture
def certificates_dir(tmp_path, settings):
    settings.YAKUBA_CERTIFICATES_DIR = tmp_path / "certificates"
    return settings.YAKUBA_CERTIFICATES_DIR


@pytest.fixture
def city(db):
    with demo_municipality() as profile:
        yield profile


def _name(certificate: x509.Certificate, oid: x509.ObjectIdentifier) -> str:
    return str(certificate.subject.get_attributes_for_oid(oid)[0].value)


def test_first_use_creates_the_files_with_private_modes(certificates_dir, city):
    root_pem = authority.root_certificate_pem()

    assert stat.S_IMODE(certificates_dir.stat().st_mode) == 0o700
    for name in authority.FILES:
        assert stat.S_IMODE((certificates_dir / name).stat().st_mode) == 0o600, name
    assert root_pem == (certificates_dir / "root.pem").read_bytes()
    assert root_pem.startswith(b"-----BEGIN CERTIFICATE-----")


def test_the_root_is_a_ca_named_after_the_city(certificates_dir, city):
    root = authority.root_certificate()
    constraints = root.extensions.get_extension_for_class(x509.BasicConstraints)
    usage = root.extensions.get_extension_for_class(x509.KeyUsage).value

    assert _name(root, NameOID.COMMON_NAME) == "武蔵村山市 証明書発行ルート認証局"
    assert root.issuer == root.subject
    assert constraints.critical and constraints.value.ca is True
    assert (usage.key_cert_sign, usage.crl_sign, usage.digital_signature) == (True, True, False)
    assert isinstance(root.public_key(), ec.EllipticCurvePublicKey)
    root.verify_directly_issued_by(root)


def test_the_issuing_certificate_is_the_mayors_and_chains_to_the_root(certificates_dir, city):
    loaded = authority.load_authority()
    issuing, root = loaded.issuing, loaded.root
    usage = issuing.extensions.get_extension_for_class(x509.KeyUsage)
    constraints = issuing.extensions.get_extension_for_class(x509.BasicConstraints).value
    key_id = issuing.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    root_key_id = root.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value

    assert _name(issuing, NameOID.COMMON_NAME) == "武蔵村山市長"
    assert _name(issuing, NameOID.ORGANIZATION_NAME) == "武蔵村山市"
    assert loaded.municipality_name == "武蔵村山市"
    assert usage.critical
    assert (usage.value.digital_signature, usage.value.content_commitment) == (True, True)
    assert usage.value.key_cert_sign is False
    assert constraints.ca is False
    assert key_id.key_identifier == root_key_id.digest
    issuing.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    validity = issuing.not_valid_after_utc - issuing.not_valid_before_utc
    assert validity.days >= 365 * 5 - 2
    issuing.verify_directly_issued_by(root)


def test_a_second_use_reads_the_same_files(certificates_dir, city):
    first = authority.root_certificate_pem()
    before = {name: (certificates_dir / name).read_bytes() for name in authority.FILES}
    authority._loaded.clear()

    assert authority.root_certificate_pem() == first
    assert {name: (certificates_dir / name).read_bytes() for name in authority.FILES} == before


def test_without_a_municipality_profile_nothing_is_created(certificates_dir, db):
    with pytest.raises(authority.AuthorityUnavailableError, match="municipality profile"):
        authority.load_authority()

    assert not certificates_dir.exists()


def test_a_key_that_does_not_match_its_certificate_is_refused(certificates_dir, city, tmp_path):
    authority.load_authority()
    other = tmp_path / "other"
    authority.create_authority_files(other, "武蔵村山市")
    (certificates_dir / "issuing-key.pem").write_bytes((other / "issuing-key.pem").read_bytes())
    authority._loaded.clear()

    with pytest.raises(authority.AuthorityUnavailableError, match="does not match"):
        authority.load_authority()


def test_the_signer_is_cached_per_process(certificates_dir, city):
    assert authority.issuing_signer() is authority.issuing_signer()
    assert authority.issuing_signer().signing_cert.subject.native["common_name"] == "武蔵村山市長"


CHILD = """
import hashlib, sys, time
from pathlib import Path
from yakuba.certificates.authority import create_authority_files
directory, go = Path(sys.argv[1]), Path(sys.argv[2])
while not go.exists():
    time.sleep(0.001)
create_authority_files(directory, "武蔵村山市")
print(hashlib.sha256((directory / "root.pem").read_bytes()).hexdigest())
"""


def test_two_processes_starting_at_once_create_one_authority(tmp_path):
    directory, go = tmp_path / "shared", tmp_path / "go"
    root = Path(__file__).resolve().parents[3]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(directory), str(go)],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    time.sleep(1.0)  # both interpreters up and polling
    go.touch()
    results = [child.communicate(timeout=60) for child in children]

    assert [child.returncode for child in children] == [0, 0], results
    digests = {stdout.strip() for stdout, _ in results}
    assert digests == {hashlib.sha256((directory / "root.pem").read_bytes()).hexdigest()}
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert sorted(path.name for path in directory.iterdir() if path.name != ".lock") == sorted(
        authority.FILES
    )
