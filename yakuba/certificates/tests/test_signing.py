"""The city's PAdES signature: valid with our root (pyHanko) and by poppler's pdfsig; tampering,
a foreign CA, no signature, garbage and later changes each get their own verdict."""

from __future__ import annotations

import datetime
import io
import subprocess

import pytest
from django.utils import timezone

from yakuba.certificates import authority
from yakuba.certificates.pdf import render_certificate_pdf, samples
from yakuba.certificates.signing import PdfVerdict, sign_certificate_pdf, verify_certificate_pdf
from yakuba.core.testing import demo_municipality


@pytest.fixture(autouse=True)
def certificates_dir(tmp_path, settings, db):
    settings.YAKUBA_CERTIFICATES_DIR = tmp_path / "certificates"
    with demo_municipality():
        yield settings.YAKUBA_CERTIFICATES_DIR


@pytest.fixture
def unsigned():
    return render_certificate_pdf(samples.residence(2), samples.stamp())


@pytest.fixture
def signed(unsigned):
    return sign_certificate_pdf(unsigned)


def pdfsig(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True)
    return result.stdout + result.stderr


def test_a_signed_certificate_is_valid_with_our_root(signed):
    before = timezone.now()

    verdict = verify_certificate_pdf(signed)

    assert verdict == PdfVerdict(
        valid=True,
        intact=True,
        trusted=True,
        coverage_entire_file=True,
        signed_at=verdict.signed_at,
        signer_name="武蔵村山市長",
        reason="valid",
        message="電子署名は有効です。市が発行した証明書で、発行後に改ざんされていません。",
    )
    assert verdict.signed_at is not None
    assert abs(verdict.signed_at - before) < datetime.timedelta(minutes=1)


def test_the_signature_is_pades_with_the_chain_field_reason_and_location(signed):
    from pyhanko.pdf_utils.reader import PdfFileReader

    signature = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    dictionary = signature.sig_object

    assert signature.field_name == "市長公印"
    assert dictionary["/SubFilter"] == "/ETSI.CAdES.detached"
    assert dictionary["/Reason"] == "証明書の交付"
    assert dictionary["/Location"] == "武蔵村山市"
    names = {
        cert.chosen.subject.native["common_name"] for cert in signature.signed_data["certificates"]
    }
    assert names == {"武蔵村山市長", "武蔵村山市 証明書発行ルート認証局"}
    attributes = {attribute["type"].native for attribute in signature.signer_info["signed_attrs"]}
    # PAdES B-B: signing-certificate-v2, no CMS signing-time (the time is /M).
    assert "signing_certificate_v2" in attributes
    assert "signing_time" not in attributes
    assert "/M" in dictionary


def test_poppler_pdfsig_finds_the_signature_valid(signed, tmp_path):
    report = pdfsig(signed, tmp_path)

    assert "Signature Field Name: 市長公印" in report
    assert "Signer Certificate Common Name: 武蔵村山市長" in report
    assert "Signature Type: ETSI.CAdES.detached" in report
    assert "Total document signed" in report
    assert "Signature Validation: Signature is Valid." in report
    # pdfsig knows only its own NSS store, not our root.
    assert "Certificate Validation: Certificate issuer isn't Trusted." in report


def test_one_flipped_byte_is_tampering(signed, tmp_path):
    position = signed.index(b"stream\n", 2000) + 40  # inside a compressed page stream
    tampered = signed[:position] + bytes([signed[position] ^ 0x01]) + signed[position + 1 :]

    verdict = verify_certificate_pdf(tampered)

    assert (verdict.reason, verdict.valid, verdict.intact) == ("tampered", False, False)
    assert verdict.message == "署名の後に内容が書き換えられています（署名が一致しません）。"
    assert "Signature Validation: Digest Mismatch." in pdfsig(tampered, tmp_path)


def test_a_pdf_signed_by_another_ca_is_untrusted(unsigned, settings, tmp_path):
    ours = settings.YAKUBA_CERTIFICATES_DIR
    authority.load_authority()
    settings.YAKUBA_CERTIFICATES_DIR = tmp_path / "forger"
    forged = sign_certificate_pdf(unsigned)
    settings.YAKUBA_CERTIFICATES_DIR = ours

    verdict = verify_certificate_pdf(forged)

    assert (verdict.reason, verdict.valid, verdict.intact, verdict.trusted) == (
        "untrusted",
        False,
        True,
        False,
    )
    assert verdict.signer_name == "武蔵村山市長"  # the same name, but not our key


def test_an_unsigned_pdf_is_reported_as_unsigned(unsigned):
    verdict = verify_certificate_pdf(unsigned)

    assert (verdict.reason, verdict.valid) == ("unsigned", False)
    assert verdict.message == "このPDFには電子署名がありません。"


@pytest.mark.parametrize(
    "data",
    [b"", b"hello", b"%PDF-1.7\n garbage \x00\xff", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "text"],
)
def test_garbage_is_not_a_pdf(data):
    verdict = verify_certificate_pdf(data)

    assert (verdict.reason, verdict.valid, verdict.signer_name) == ("not_pdf", False, "")


def test_a_truncated_signed_pdf_is_not_valid(signed):
    verdict = verify_certificate_pdf(signed[: len(signed) // 2])

    assert verdict.valid is False
    assert verdict.reason == "not_pdf"


def test_an_incremental_update_after_signing_is_reported(signed, tmp_path):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.set_info(
        generic.DictionaryObject({generic.NameObject("/Title"): generic.TextStringObject("偽")})
    )
    output = io.BytesIO()
    writer.write(output)
    updated = output.getvalue()

    verdict = verify_certificate_pdf(updated)

    assert (verdict.reason, verdict.valid, verdict.intact, verdict.trusted) == (
        "modified_after_signing",
        False,
        True,
        True,
    )
    assert verdict.coverage_entire_file is False
    report = pdfsig(updated, tmp_path)
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" not in report
