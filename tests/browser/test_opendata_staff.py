"""Staff catalogue pages in Chromium: an operator registers a dataset (a field error first),
uploads a CSV file, and finds it previewed on the public page; axe-core clean on the list,
the forms with their errors and the dataset page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from yakuba.opendata.tests.factories import make_group, make_organization, staff_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = "名称,住所\n市民会館,本町一丁目\n".encode("cp932")


def test_register_a_dataset_and_upload_a_file(
    page_factory, live_server, axe_check, municipality, tmp_path
):
    operator = staff_in("bosai", "operator")
    make_organization("bosai-ka", department_code="bosai", title="防災安全課")
    make_group("disaster", title="防災")
    page = page_factory(user=operator, staff=True)
    page.goto(live_server.url + reverse("console:opendata:dataset_list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("オープンデータ")
    axe_check(page)

    page.get_by_role("link", name="データセットを登録する").click()
    page.locator("#id_title").fill("AED設置箇所一覧")
    page.locator("#id_name").fill("AED!")
    page.get_by_label("防災").check()
    page.locator("#id_tags").fill("防災、AED")
    page.get_by_role("button", name="保存する").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value("AED設置箇所一覧")
    axe_check(page)

    page.locator("#id_name").fill("aed")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("AED設置箇所一覧")
    expect(
        page.get_by_text("データセット「AED設置箇所一覧」を登録しました。", exact=False)
    ).to_be_visible()

    page.get_by_role("link", name="データを追加する").click()
    not_csv = tmp_path / "aed.csv"
    not_csv.write_bytes(
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    )
    page.locator("#id_upload").set_input_files(str(not_csv))
    page.locator("#id_name").fill("AED一覧")
    page.get_by_role("button", name="保存する").click()
    expect(
        page.get_by_text("ファイルの中身（PDF）が指定の形式（CSV）と一致しません。").first
    ).to_be_visible()
    expect(page.locator("#id_name")).to_have_value("AED一覧")
    axe_check(page)

    good = tmp_path / "132233_aed.csv"
    good.write_bytes(CSV)
    page.locator("#id_upload").set_input_files(str(good))
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("「AED一覧」を追加しました。")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="1", exact=True).click()  # the first kept version
    expect(page.get_by_role("heading", level=1)).to_have_text("改訂番号 1")
    axe_check(page)

    page.goto(live_server.url + reverse("portal:opendata:dataset_detail", args=["aed"]))
    expect(page.get_by_role("cell", name="市民会館")).to_be_visible()
