"""Import, export, sync and statistics pages in Chromium: the flows work, no axe-core violations."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS
from yakuba.residents.transfer.tests.helpers import csv_bytes, family, row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin_a(unit_a):
    from yakuba.identity.tests.factories import AssignmentFactory

    return AssignmentFactory(
        org_unit=unit_a, role="admin", user__email="admin.a@city.example.lg.jp"
    ).user


@pytest.fixture
def area(transactional_db):
    from yakuba.residents.tests.factories import TownAreaFactory

    return TownAreaFactory()


@VIEWPORTS
def test_upload_check_and_confirm(
    page_factory, live_server, axe_check, municipality, admin_a, area, tmp_path, viewport
):
    path = tmp_path / "registry.csv"
    path.write_bytes(csv_bytes(family()))
    page = page_factory(viewport, user=admin_a, staff=True)
    page.goto(live_server.url + reverse("console:registry_import"))
    assert page.title() == "CSV取込 | 職員コンソール | 武蔵村山市"
    axe_check(page)

    page.get_by_label("住民記録のCSVファイル").set_input_files(str(path))
    page.get_by_role("button", name="検査する").click()
    page.wait_for_load_state()

    expect(page.get_by_text("3 人（1 世帯）を登録できます")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="取込を確定する").click()
    page.wait_for_load_state()

    expect(page.get_by_text("3 人（1 世帯）を登録しました。")).to_be_visible()
    axe_check(page)


@VIEWPORTS
def test_report_of_a_file_with_errors(
    page_factory, live_server, axe_check, municipality, admin_a, area, tmp_path, viewport
):
    path = tmp_path / "registry.csv"
    path.write_bytes(
        csv_bytes([row(性別="?"), row(住民票コード="1", 世帯番号="101")], encoding="cp932")
    )
    page = page_factory(viewport, user=admin_a, staff=True)
    page.goto(live_server.url + reverse("console:registry_import"))

    page.get_by_label("住民記録のCSVファイル").set_input_files(str(path))
    page.get_by_role("button", name="検査する").click()
    page.wait_for_load_state()

    expect(page.get_by_text("2 件のエラーがあります。何も登録していません。")).to_be_visible()
    expect(page.get_by_role("cell", name="住民票コードは11桁の数字です。")).to_be_visible()
    expect(page.get_by_role("link", name="エラーの一覧をCSVでダウンロード")).to_be_visible()
    axe_check(page)


@VIEWPORTS
def test_index_export_and_sync_pages(
    page_factory, live_server, axe_check, municipality, admin_a, area, viewport
):
    page = page_factory(viewport, user=admin_a, staff=True)
    for name, title in (
        ("transfer_index", "住民記録の取込・出力"),
        ("registry_export", "CSV出力"),
        ("registry_sync", "外部システム連携"),
    ):
        page.goto(live_server.url + reverse(f"console:{name}"))
        expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
        axe_check(page)

    page.goto(live_server.url + reverse("console:registry_export"))
    page.get_by_role("button", name="出力する").click()
    page.wait_for_load_state()
    expect(page.locator(".error-summary")).to_be_visible()
    axe_check(page)


@VIEWPORTS
def test_statistics_page(
    page_factory, live_server, axe_check, municipality, clerk_a, area, viewport
):
    from yakuba.residents.transfer.importer import load_register

    load_register([csv_bytes(family())], dry_run=False, external_id="b" * 64)
    page = page_factory(viewport, user=clerk_a, staff=True)
    page.goto(live_server.url + reverse("console:population_statistics"))

    page.get_by_label("基準日").fill("R7.1.1")
    page.get_by_role("button", name="表示する").click()
    page.wait_for_load_state()

    expect(page.get_by_text("基準日: 令和7年1月1日")).to_be_visible()
    expect(page.get_by_role("link", name="CSVでダウンロード")).to_be_visible()
    axe_check(page)
