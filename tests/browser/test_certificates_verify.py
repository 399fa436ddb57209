"""The public verification page on a 320px phone (where the QR code is scanned): by serial
(typed, and the QR code's link), by PDF upload, and マイページ 「コンビニ交付の履歴」;
axe-core clean, no horizontal scrolling, and the forms work without JavaScript."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from yakuba.certificates.models import CertificateKind
from yakuba.certificates.tests.factories import IssuanceFactory, KioskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW_PHONE = {"width": 320, "height": 640}
SERIAL = "7K3M9QXD2HB5TRWA"
CONTENT_HASH = "3f5a9c1e0b7d2a64" + "0" * 48


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW_PHONE["width"]


@pytest.fixture
def issued(municipality):
    return IssuanceFactory(
        serial=SERIAL,
        kind=CertificateKind.RESIDENCE,
        content_hash=CONTENT_HASH,
        issued_at=timezone.now(),
        kiosk=KioskFactory(name="セブン-イレブン 武蔵村山本町店"),
    )


def test_verify_by_typed_serial_and_by_the_qr_link(page_factory, live_server, axe_check, issued):
    page = page_factory(NARROW_PHONE)
    page.goto(live_server.url + reverse("portal:certificates:verify"))
    expect(page.get_by_role("heading", level=1)).to_have_text("コンビニ交付の証明書を確認する")
    axe_check(page)
    fits(page)

    page.locator("#id_serial").fill("12345")
    page.get_by_role("button", name="証明書番号で確認する").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe_check(page)

    page.locator("#id_serial").fill("7k3m-9qxd-2hb5-trwa")
    page.locator("#id_h").fill("3F5A9C1E0B7D2A64")
    page.get_by_role("button", name="証明書番号で確認する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("市が交付した証明書です")
    expect(page.get_by_text("住民票の写し")).to_be_visible()
    expect(page.get_by_text("セブン-イレブン")).to_have_count(0)
    axe_check(page)
    fits(page)

    # The QR code's link with another content hash: exists, but does not match.
    page.goto(
        live_server.url
        + reverse("portal:certificates:verify_serial", args=[SERIAL])
        + "?h=ffffffffffffffff"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "証明書番号は存在しますが、内容が一致しません"
    )
    axe_check(page)
    fits(page)

    page.goto(live_server.url + reverse("portal:certificates:verify_serial", args=["0" * 16]))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "この番号の証明書は交付されていません"
    )
    axe_check(page)


def test_verify_by_serial_without_javascript(page_factory, live_server, issued):
    page = page_factory(NARROW_PHONE, javascript=False)
    page.goto(live_server.url + reverse("portal:certificates:verify"))
    page.locator("#id_serial").fill("７Ｋ３Ｍ ９ＱＸＤ ２ＨＢ５ ＴＲＷＡ")
    page.locator("#id_h").fill("3f5a9c1e0b7d2a64")
    page.get_by_role("button", name="証明書番号で確認する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("市が交付した証明書です")


def test_verify_by_pdf_upload(page_factory, live_server, axe_check, municipality, tmp_path):
    from yakuba.certificates.pdf import render_certificate_pdf, samples
    from yakuba.certificates.signing import sign_certificate_pdf

    def make() -> bytes:
        return sign_certificate_pdf(
            render_certificate_pdf(samples.document("seal"), samples.stamp(serial=SERIAL))
        )

    # pyHanko signs through asyncio.run(): not in this thread, where Playwright's loop runs.
    with ThreadPoolExecutor(max_workers=1) as pool:
        signed = pool.submit(make).result()
    IssuanceFactory(
        serial=SERIAL,
        kind=CertificateKind.SEAL,
        document_hash=hashlib.sha256(signed).hexdigest(),
    )
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(signed)
    not_pdf = tmp_path / "photo.pdf"
    not_pdf.write_bytes(b"GIF89a" + b"\0" * 100)

    page = page_factory(NARROW_PHONE)
    page.goto(live_server.url + reverse("portal:certificates:verify") + "#upload")
    page.locator("#id_document").set_input_files(str(not_pdf))
    page.get_by_role("button", name="電子署名を確認する").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_text("PDFファイルではありません。").first).to_be_visible()
    axe_check(page)
    fits(page)

    page.locator("#id_document").set_input_files(str(pdf))
    page.get_by_role("button", name="電子署名を確認する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("市が交付した証明書のPDFです")
    expect(page.get_by_text("7K3M-9QXD-2HB5-TRWA")).to_be_visible()
    axe_check(page)
    fits(page)


def test_mine_on_a_phone(page_factory, live_server, axe_check, municipality):
    from yakuba.identity.tests.factories import CitizenFactory
    from yakuba.residents.services.people import link_citizen
    from yakuba.residents.tests.factories import PersonFactory

    user = CitizenFactory()
    person = PersonFactory()
    link_citizen(user, person.resident_code, method="counter")
    issuance = IssuanceFactory(person=person, copies=2, kind=CertificateKind.TAX, unit_fee=300)

    page = page_factory(NARROW_PHONE, user=user)
    page.goto(live_server.url + reverse("portal:certificates:mine"))
    expect(page.get_by_role("heading", level=1)).to_have_text("コンビニ交付の履歴")
    expect(page.get_by_role("link", name=issuance.display_serial)).to_be_visible()
    axe_check(page)
    fits(page)

    page.goto(live_server.url + reverse("portal:mypage"))
    expect(page.get_by_role("heading", name="コンビニ交付の履歴")).to_be_visible()
    axe_check(page)
