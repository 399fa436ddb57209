"""The CMS profile: what the parser accepts and refuses."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from yakuba.jpki import cms, der
from yakuba.jpki.authority import sign_with

from .pki import foreign_certificate

MOMENT = datetime.datetime(2026, 4, 1, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def signer():
    return foreign_certificate(signing=True)


def test_assembled_signature_parses_back(signer):
    certificate, key = signer
    attributes = cms.signed_attributes(hashlib.sha256(b"data").digest(), MOMENT)
    signature = sign_with(key, attributes)

    parsed = cms.parse(cms.assemble(certificate, attributes, signature))

    assert parsed.serial_number == certificate.serial_number
    assert parsed.issuer == certificate.issuer.public_bytes()
    assert parsed.signed_attributes == attributes
    assert parsed.message_digest == hashlib.sha256(b"data").digest()
    assert parsed.signing_time == MOMENT
    assert parsed.signature == signature
    assert parsed.certificates == (certificate.public_bytes(serialization.Encoding.DER),)


def test_signed_attributes_are_a_der_set_in_canonical_order():
    attributes = der.read_one(cms.signed_attributes(b"\x00" * 32, MOMENT))

    encodings = [child.encoded for child in attributes.children()]
    assert attributes.tag == der.SET
    assert encodings == sorted(encodings)
    assert [der.decode_oid(child.children()[0]) for child in attributes.children()] == [
        cms.ATTR_CONTENT_TYPE,  # the shortest encodings first
        cms.ATTR_SIGNING_TIME,
        cms.ATTR_MESSAGE_DIGEST,
    ]


def test_an_attached_signature_is_refused(signer):
    certificate, key = signer
    attached = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(b"data")
        .add_signer(certificate, key, hashes.SHA256())
        .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary])
    )

    with pytest.raises(cms.CmsError, match="not a detached signature"):
        cms.parse(attached)


def test_two_signers_are_refused(signer):
    certificate, key = signer
    other_certificate, other_key = foreign_certificate(signing=True)
    both = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(b"data")
        .add_signer(certificate, key, hashes.SHA256())
        .add_signer(other_certificate, other_key, hashes.SHA256())
        .sign(
            serialization.Encoding.DER,
            [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary],
        )
    )

    with pytest.raises(cms.CmsError, match="exactly one signer"):
        cms.parse(both)


def test_sha512_is_not_the_profile(signer):
    certificate, key = signer
    sha512 = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(b"data")
        .add_signer(certificate, key, hashes.SHA512())
        .sign(
            serialization.Encoding.DER,
            [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary],
        )
    )

    with pytest.raises(cms.CmsError, match="SHA-256"):
        cms.parse(sha512)


def test_signed_attributes_without_a_message_digest_are_refused(signer):
    certificate, key = signer
    attributes = der.set_of(
        der.sequence(der.oid(cms.ATTR_CONTENT_TYPE), der.set_of(der.oid(cms.ID_DATA)))
    )

    with pytest.raises(cms.CmsError, match="message digest"):
        cms.parse(cms.assemble(certificate, attributes, sign_with(key, attributes)))


def test_something_else_than_signed_data_is_refused():
    enveloped = der.sequence(der.oid("1.2.840.113549.1.7.3"), der.context(0, der.sequence()))

    with pytest.raises(cms.CmsError, match="not SignedData"):
        cms.parse(enveloped)


@pytest.mark.parametrize("data", [b"", b"\x30", b"\x30\x00", b"\x04\x00"])
def test_truncated_or_wrong_input_is_refused(data):
    with pytest.raises(cms.CmsError):
        cms.parse(data)
