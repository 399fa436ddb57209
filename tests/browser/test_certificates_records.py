"""Records staff pages in Chromium: a 市民課 clerk registers a seal from the person's
residents page (file upload, image shown), a 課税課 clerk imports a tax CSV (first with
an error, then corrected); axe-core finds nothing on any page."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from yakuba.certificates.models import SealRegistration, TaxAssessment
from yakuba.certificates.tests.test_records_helpers import HEADER, seal_image
from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory
from yakuba.residents.tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(municipality):
    person = PersonFactory(
        resident_code="12345678901",
        family_name="村山",
        given_name="花子",
        family_name_kana="ムラヤマ",
        given_name_kana="ハナコ",
        sex="female",
        birth_date=datetime.date(1980, 4, 2),
    )
    shimin = OrgUnitFactory(code="shimin", name="市民課", name_en="Citizens Division")
    kazei = OrgUnitFactory(code="kazei", name="課税課", name_en="Taxation Division")
    clerk = AssignmentFactory(org_unit=shimin, role="operator", user__email="a@city.example.lg.jp")
    tax_clerk = AssignmentFactory(
        org_unit=kazei, role="operator", user__email="b@city.example.lg.jp"
    )
    return person, clerk.user, tax_clerk.user


def test_register_a_seal_and_import_a_tax_csv(
    page_factory, live_server, axe_check, setting, tmp_path
):
    person, clerk, tax_clerk = setting
    page = page_factory(user=clerk, staff=True)
    page.goto(f"{live_server.url}/staff/residents/{person.pk}/?purpose=resident_certificate")
    expect(page.get_by_role("heading", name="印鑑登録・支援措置")).to_be_visible()
    page.get_by_role("link", name="印鑑登録の詳細").click()
    expect(page.get_by_text("この方の印鑑登録はありません。")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="印鑑を登録する").click()
    bad = tmp_path / "seal.png"
    bad.write_bytes(b"not an image")
    page.get_by_label("印影の画像").set_input_files(str(bad))
    page.get_by_role("button", name="登録する").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe_check(page)

    good = tmp_path / "seal.jpg"
    good.write_bytes(seal_image("JPEG", (800, 800)))
    page.get_by_label("印影の画像").set_input_files(str(good))
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_text("印鑑を登録しました（登録番号 000001）。")).to_be_visible()
    image = page.get_by_role("img", name="登録番号 000001 の印影")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") == 600
    axe_check(page)
    assert SealRegistration.objects.get().person_id == person.pk

    tax = page_factory(user=tax_clerk, staff=True)
    tax.goto(live_server.url + "/staff/certificates/records/tax/import/")
    axe_check(tax)
    wrong = tmp_path / "wrong.csv"
    wrong.write_bytes(
        (HEADER + "\r\n12345678901,2026,４５０万,0,0,0,0,0,0,0,0\r\n").encode("cp932")
    )
    tax.get_by_label("課税・所得のCSVファイル").set_input_files(str(wrong))
    tax.get_by_role("button", name="取り込む").click()
    expect(tax.get_by_text("1件のエラーがあったため、何も取り込んでいません")).to_be_visible()
    expect(tax.get_by_text("数字で入力してください（「４５０万」）。")).to_be_visible()
    axe_check(tax)
    assert TaxAssessment.objects.count() == 0

    right = tmp_path / "right.csv"
    right.write_bytes(
        (HEADER + "\r\n12345678901,2026,４，５００，０００,0,0,0,0,0,0,0,1\r\n").encode("cp932")
    )
    tax.get_by_label("課税・所得のCSVファイル").set_input_files(str(right))
    tax.get_by_role("button", name="取り込む").click()
    expect(tax.get_by_text("新規 1件").first).to_be_visible()
    axe_check(tax)

    tax.goto(live_server.url + "/staff/certificates/records/tax/?code=12345678901")
    expect(tax.get_by_role("cell", name="4,500,000")).to_be_visible()
    axe_check(tax)
    assert TaxAssessment.objects.get().salary_income == 4500000
