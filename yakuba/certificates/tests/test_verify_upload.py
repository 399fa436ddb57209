"""The public verification page by PDF upload, and the trust root: real PDFs rendered and
signed by the city's authority (and by another one), validated against root.pem."""

from __future__ import annotations

import functools
import hashlib
import io
import time
import types

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yakuba.certificates.authority import create_authority_files
from yakuba.certificates.models import CertificateKind
from yakuba.certificates.signing import sign_certificate_pdf
from yakuba.certificates.tests.factories import IssuanceFactory, seal_png

UPLOAD = "portal:certificates:verify_upload"
SERIAL = "7K3M9QXD2HB5TRWA"


@pytest.fixture
def city(db):
    from yakuba.core.testing import demo_municipality

    with demo_municipality() as profile:
        yield profile


@pytest.fixture
def steady_window(monkeypatch):
    import django_ratelimit.core

    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: now))


@functools.cache
def unsigned_pdf() -> bytes:
    """A rendered 住民票の写し (fictitious sample content), not yet signed."""
    from yakuba.certificates.pdf import render_certificate_pdf, samples

    return render_certificate_pdf(samples.document("residence"), samples.stamp(serial=SERIAL))


@pytest.fixture
def signed(city) -> bytes:
    return sign_certificate_pdf(unsigned_pdf())


def upload(client, data: bytes, name: str = "certificate.pdf", **extra):
    return client.post(
        reverse(UPLOAD),
        {"document": SimpleUploadedFile(name, data, content_type="application/pdf")},
        **extra,
    )


def flip_inside_signed_range(pdf: bytes) -> bytes:
    """One byte of the page content changed (same length: offsets stay valid)."""
    position = pdf.index(b"stream", len(pdf) // 4) + 200
    changed = bytearray(pdf)
    changed[position] ^= 0x01
    return bytes(changed)


def test_signed_and_recorded_pdf_is_valid_and_issued(client, signed):
    IssuanceFactory(
        serial=SERIAL,
        kind=CertificateKind.RESIDENCE,
        document_hash=hashlib.sha256(signed).hexdigest(),
        person__given_name="花子",
    )
    response = upload(client, signed)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>市が交付した証明書のPDFです</h1>" in html
    assert "notice-success" in html
    assert "7K3M-9QXD-2HB5-TRWA" in html
    assert "住民票の写し" in html
    assert "武蔵村山市長" in html  # the signer
    assert "花子" not in html


def test_signed_but_not_recorded_pdf_says_the_signature_is_valid_but_not_issued(client, signed):
    IssuanceFactory(serial=SERIAL)  # the serial exists, but not this file
    response = upload(client, signed)
    html = response.content.decode()
    assert "<h1>署名は有効ですが、交付の記録がありません</h1>" in html
    assert "コンビニ交付で交付された記録はありません" in html
    assert "このシステムが交付した証明書としては扱えません" in html
    assert "notice-warning" in html
    assert "7K3M-9QXD-2HB5-TRWA" not in html  # nothing about an issuance


def test_tampered_pdf_is_invalid(client, signed):
    tampered = flip_inside_signed_range(signed)
    IssuanceFactory(serial=SERIAL, document_hash=hashlib.sha256(signed).hexdigest())
    html = upload(client, tampered).content.decode()
    assert "<h1>改ざんされたPDFです</h1>" in html
    assert "notice-error" in html
    assert "7K3M-9QXD-2HB5-TRWA" not in html


def test_pdf_changed_after_signing_is_not_accepted(client, signed):
    appended = signed + b"\n% appended after signing\n"
    IssuanceFactory(serial=SERIAL, document_hash=hashlib.sha256(signed).hexdigest())
    html = upload(client, appended).content.decode()
    assert "<h1>市が交付した証明書のPDFです</h1>" not in html
    assert "notice-error" in html


def test_pdf_signed_by_another_authority_is_not_trusted(client, city, settings, tmp_path):
    own_directory = settings.YAKUBA_CERTIFICATES_DIR
    create_authority_files(tmp_path / "other", "偽造市")
    settings.YAKUBA_CERTIFICATES_DIR = tmp_path / "other"
    forged = sign_certificate_pdf(unsigned_pdf())
    settings.YAKUBA_CERTIFICATES_DIR = own_directory
    IssuanceFactory(serial=SERIAL, document_hash=hashlib.sha256(forged).hexdigest())
    html = upload(client, forged).content.decode()
    assert "<h1>市の電子署名ではありません</h1>" in html
    assert "つながっていない" in html


def test_unsigned_pdf(client, city):
    html = upload(client, unsigned_pdf()).content.decode()
    assert "<h1>電子署名のないPDFです</h1>" in html


def test_not_a_pdf_is_a_clear_form_error(client, city):
    response = upload(client, seal_png(), name="certificate.pdf")  # a PNG named .pdf
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "PDFファイルではありません。" in html
    assert 'href="#id_document"' in html


def test_too_big_is_a_clear_form_error(client, city):
    response = upload(client, b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024))
    assert response.status_code == 200
    assert "ファイルが大きすぎます（上限 5 MB）。" in response.content.decode()


def test_empty_and_missing_file_are_clear_errors(client, city):
    assert "ファイルが空です。" in upload(client, b"").content.decode()
    missing = client.post(reverse(UPLOAD), {})
    assert missing.status_code == 200
    assert "PDFファイルを選んでください。" in missing.content.decode()


def test_broken_pdf_is_unreadable_not_an_error(client, city):
    html = upload(client, b"%PDF-1.7\n1 0 obj << /Broken").content.decode()
    assert "<h1>PDFを読み取れません</h1>" in html


def test_get_of_the_upload_address_leads_to_the_form(client, city):
    response = client.get(reverse(UPLOAD))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:certificates:verify") + "#upload"


def test_uploads_are_rate_limited(client, city, steady_window):
    data = seal_png()
    statuses = [upload(client, data, REMOTE_ADDR="203.0.113.8").status_code for _ in range(10)]
    assert statuses == [200] * 10
    refused = upload(client, data, REMOTE_ADDR="203.0.113.8")
    assert refused.status_code == 429
    assert "しばらくしてからお試しください" in refused.content.decode()
    assert upload(client, data, REMOTE_ADDR="198.51.100.10").status_code == 200


def test_root_pem_parses_and_issued_the_signer(client, signed):
    from pyhanko.pdf_utils.reader import PdfFileReader

    response = client.get(reverse("portal:certificates:trust_root"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-pem-file"
    assert response.content.startswith(b"-----BEGIN CERTIFICATE-----")
    root = x509.load_pem_x509_certificate(response.content)
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True

    embedded = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    signer = x509.load_der_x509_certificate(embedded.signer_cert.dump())
    signer.verify_directly_issued_by(root)  # raises when not
    assert signer.issuer == root.subject

    der = client.get(reverse("portal:certificates:trust_root_der"))
    assert der["Content-Type"] == "application/pkix-cert"
    assert x509.load_der_x509_certificate(der.content) == root

    page = client.get(reverse("portal:certificates:verify")).content.decode()
    fingerprint = root.fingerprint(hashes.SHA256()).hex().upper()
    assert ":".join(fingerprint[i : i + 2] for i in range(0, 64, 2)) in page


def test_english_result_page(client, signed):
    IssuanceFactory(serial=SERIAL, document_hash=hashlib.sha256(signed).hexdigest())
    response = upload(client, signed, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Musashimurayama City" in html
    assert "(Reiwa 8)" in html
