"""Document signatures: CMS made through the reader, verified here, by OpenSSL and from cryptography's builder."""

from __future__ import annotations

import datetime
import hashlib
import shutil
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from django.utils import timezone

from yakuba.core.japanese import format_date_both
from yakuba.jpki import cms, der
from yakuba.jpki.authority import load_authority, unseal_private_key
from yakuba.jpki.models import CardCertificate
from yakuba.jpki.readers import (
    CertificateNotOnCardError,
    PinLockedError,
    WrongPinError,
    get_reader,
)
from yakuba.jpki.services import (
    revoke_certificates,
    revoke_for_movement,
    sign_document,
    verify_document_signature,
)

from .conftest import issue
from .pki import foreign_certificate

pytestmark = pytest.mark.django_db

DOCUMENT = "転居届（オンライン申請）\n申請者: 村山 花子\n".encode()


def _signing_row(card_id: int) -> CardCertificate:
    return CardCertificate.objects.get(card_id=card_id, kind="sign")


@pytest.mark.parametrize("algorithm", ["p256", "rsa2048"])
def test_a_signed_document_verifies_with_the_signer_named(person, algorithm):
    issued = issue(person.pk, key_algorithm=algorithm)

    signature = sign_document(issued.card_number, "ABC123", DOCUMENT)
    verdict = verify_document_signature(DOCUMENT, signature)

    assert (verdict.valid, verdict.reason, verdict.message) == (True, "valid", "有効な署名です。")
    assert (verdict.person_id, verdict.signer_name) == (person.pk, "村山 花子")
    assert verdict.certificate_serial == _signing_row(issued.card_id).serial_number
    assert abs(verdict.signed_at - timezone.now()) < datetime.timedelta(minutes=1)


def test_the_signature_is_detached_and_carries_the_signing_certificate(card):
    signature = sign_document(card.card_number, "ABC123", DOCUMENT)
    parsed = cms.parse(signature)

    assert DOCUMENT not in signature
    assert parsed.certificates == (bytes(_signing_row(card.card_id).certificate_der),)
    assert parsed.signature_algorithm == cms.ECDSA_WITH_SHA256
    assert der.read_one(signature).children()[0].content == der.oid(cms.ID_SIGNED_DATA)[2:]


def test_one_changed_byte_is_detected_as_tampering(card):
    signature = sign_document(card.card_number, "ABC123", DOCUMENT)
    tampered = bytearray(DOCUMENT)
    tampered[5] ^= 0x01

    verdict = verify_document_signature(bytes(tampered), signature)

    assert (verdict.valid, verdict.reason) == (False, "tampered")
    assert verdict.message == "署名の後で文書が変更されています（改ざんの可能性があります）。"
    assert verdict.signer_name == "村山 花子"


def test_an_altered_signature_value_is_refused(card):
    signature = bytearray(sign_document(card.card_number, "ABC123", DOCUMENT))
    parsed = cms.parse(bytes(signature))
    position = bytes(signature).rindex(parsed.signature) + 10
    signature[position] ^= 0x01

    verdict = verify_document_signature(DOCUMENT, bytes(signature))

    assert (verdict.valid, verdict.reason) == (False, "bad_signature")


def test_a_signature_value_moved_onto_other_signed_attributes_is_refused(person):
    issued = issue(person.pk, key_algorithm="rsa2048")  # RSA: every signature value is 256 bytes
    first = sign_document(issued.card_number, "ABC123", DOCUMENT)
    other = sign_document(issued.card_number, "ABC123", b"another document")
    # The envelope of ``other`` (its own message digest) with the signature value of ``first``.
    forged = other.replace(cms.parse(other).signature, cms.parse(first).signature)

    assert verify_document_signature(b"another document", forged).reason == "bad_signature"


def test_garbage_is_not_a_signature(card):
    verdict = verify_document_signature(DOCUMENT, b"\x30\x03\x02\x01\x01")

    assert (verdict.valid, verdict.reason, verdict.message) == (
        False,
        "malformed",
        "署名の形式が正しくありません。",
    )


def test_a_signature_by_another_ca_is_not_trusted(card):
    certificate, key = foreign_certificate(signing=True)
    signature = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(DOCUMENT)
        .add_signer(certificate, key, hashes.SHA256())
        .sign(
            serialization.Encoding.DER,
            [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary],
        )
    )

    verdict = verify_document_signature(DOCUMENT, signature)

    assert (verdict.valid, verdict.reason, verdict.person_id) == (False, "untrusted", None)
    assert verdict.message == "信頼できる認証局が発行した電子証明書ではありません。"


def test_an_authentication_key_signature_is_not_a_document_signature(card):
    reader = get_reader()
    certificate = x509.load_der_x509_certificate(reader.read_certificate(card.card_number, "auth"))
    attributes = cms.signed_attributes(hashlib.sha256(DOCUMENT).digest(), timezone.now())
    value = reader.sign(card.card_number, "auth", "1234", attributes)

    verdict = verify_document_signature(DOCUMENT, cms.assemble(certificate, attributes, value))

    assert (verdict.valid, verdict.reason) == (False, "wrong_kind")
    assert verdict.message == "署名用電子証明書ではありません。"


def test_a_signature_with_a_revoked_certificate_is_invalid_but_names_the_holder(card, person):
    signature = sign_document(card.card_number, "ABC123", DOCUMENT)
    revoke_for_movement(kind="move_within", person_ids=[person.pk])

    verdict = verify_document_signature(DOCUMENT, signature)

    assert (verdict.valid, verdict.reason, verdict.person_id) == (False, "revoked", person.pk)
    assert verdict.revoked_on == timezone.localdate()
    assert verdict.message == (
        f"この電子証明書は失効しています（{format_date_both(timezone.localdate())}、"
        "理由：住所の変更（転居））。"
    )


def test_a_signature_checked_after_expiry_is_invalid(card):
    signature = sign_document(card.card_number, "ABC123", DOCUMENT)

    verdict = verify_document_signature(
        DOCUMENT, signature, now=card.not_after + datetime.timedelta(days=1)
    )

    assert (verdict.valid, verdict.reason) == (False, "expired")


def test_signing_needs_the_signing_pin_and_counts_failures(card):
    with pytest.raises(WrongPinError) as caught:
        sign_document(card.card_number, "XYZ999", DOCUMENT)

    assert caught.value.message == "暗証番号が違います。あと4回間違えるとロックされます。"
    assert _signing_row(card.card_id).pin_failures == 1
    for _ in range(4):
        with pytest.raises(WrongPinError):
            sign_document(card.card_number, "XYZ999", DOCUMENT)
    with pytest.raises(PinLockedError):
        sign_document(card.card_number, "ABC123", DOCUMENT)


def test_a_child_card_cannot_sign_documents(child):
    issued = issue(child.pk, sign_pin=None)

    with pytest.raises(CertificateNotOnCardError):
        sign_document(issued.card_number, "ABC123", DOCUMENT)


def test_a_signature_made_by_cryptographys_pkcs7_builder_verifies(card, person):
    """Interoperability: the same card key, CMS built by cryptography (with SMIMECapabilities)."""
    row = _signing_row(card.card_id)
    key = unseal_private_key(load_authority(), row.serial_number, bytes(row.sealed_private_key))
    certificate = x509.load_der_x509_certificate(bytes(row.certificate_der))
    signature = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(DOCUMENT)
        .add_signer(certificate, key, hashes.SHA256())
        .sign(
            serialization.Encoding.DER,
            [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary],
        )
    )

    verdict = verify_document_signature(DOCUMENT, signature)
    assert (verdict.valid, verdict.person_id) == (True, person.pk)
    assert verify_document_signature(DOCUMENT + b"!", signature).reason == "tampered"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
@pytest.mark.parametrize("algorithm", ["p256", "rsa2048"])
def test_openssl_verifies_our_signatures(person, tmp_path, algorithm):
    issued = issue(person.pk, key_algorithm=algorithm)
    (tmp_path / "doc.txt").write_bytes(DOCUMENT)
    (tmp_path / "sig.der").write_bytes(sign_document(issued.card_number, "ABC123", DOCUMENT))
    ca = load_authority().certificate.public_bytes(serialization.Encoding.PEM)
    (tmp_path / "ca.pem").write_bytes(ca)
    command = [
        "openssl",
        "cms",
        "-verify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        str(tmp_path / "sig.der"),
        "-content",
        str(tmp_path / "doc.txt"),
        "-CAfile",
        str(tmp_path / "ca.pem"),
        "-purpose",
        "any",
        "-out",
        "/dev/null",
    ]

    good = subprocess.run(command, capture_output=True, text=True, check=False)
    (tmp_path / "doc.txt").write_bytes(DOCUMENT + b" ")
    bad = subprocess.run(command, capture_output=True, text=True, check=False)

    assert (good.returncode, good.stderr.strip()) == (0, "CMS Verification successful")
    assert bad.returncode != 0 and bad.stderr.startswith("CMS Verification failure")


def test_revocation_of_the_authentication_certificate_does_not_touch_signatures(card):
    signature = sign_document(card.card_number, "ABC123", DOCUMENT)
    revoke_certificates(None, card.card_id, kinds=["auth"], reason="lost")

    assert verify_document_signature(DOCUMENT, signature).valid
