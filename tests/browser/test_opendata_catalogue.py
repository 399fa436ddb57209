"""The open data catalogue in Chromium on a 320px phone: search → a facet → the dataset →
its CSV preview → the download; axe-core clean on the search and dataset pages, no
horizontal scrolling, the CSP letting the JSON-LD block through, and the facets working
without JavaScript."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from yakuba.opendata.tests.factories import (
    add_csv,
    make_dataset,
    make_group,
    make_organization,
    staff_in,
)

from .conftest import ROOT, UPDATE_SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW_PHONE = {"width": 320, "height": 640}
SCREENSHOTS = ROOT / "docs" / "modules" / "screenshots"
CSV = (
    "全国地方公共団体コード,ID,名称,所在地_連結表記,緯度,経度\n"
    "132233,001,市民会館,東京都武蔵村山市本町一丁目1番地の1,35.754,139.387\n"
    "132233,002,大南公園,東京都武蔵村山市大南四丁目,35.740,139.400\n"
)


def screenshot(page, name: str) -> None:
    """The documentation's screenshots, rewritten only with YAKUBA_UPDATE_SCREENSHOTS=1."""
    if UPDATE_SCREENSHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"opendata-{name}.png"), full_page=True)


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW_PHONE["width"]


@pytest.fixture
def catalogue(municipality):
    operator = staff_in("bosai")
    bosai = make_organization("bosai-ka", department_code="bosai", title="防災安全課")
    culture = make_organization("bunka-ka", department_code="bunka", title="文化振興課")
    disaster = make_group("disaster", title="防災")
    shelters = make_dataset(
        operator,
        bosai,
        name="evacuation-space",
        title="指定緊急避難場所一覧",
        notes="市が指定した緊急避難場所の一覧です。",
        tags=["防災", "避難"],
        groups=[disaster],
    )
    add_csv(operator, shelters, CSV.encode("cp932"), name="132233_evacuation_space.csv")
    make_dataset(operator, bosai, name="aed", title="AED設置箇所一覧", tags=["防災"])
    make_dataset(organization=culture, name="halls", title="公共施設一覧")
    return shelters


def test_search_preview_and_download_on_a_phone(page_factory, live_server, axe_check, catalogue):
    page = page_factory(NARROW_PHONE)
    page.goto(live_server.url + reverse("portal:opendata:dataset_list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("オープンデータ")
    expect(page.get_by_text("3件のデータセットがあります。")).to_be_visible()
    axe_check(page)
    fits(page)

    page.get_by_label("キーワード").fill("避難")
    page.get_by_role("button", name="探す").click()
    expect(page.get_by_text("1件のデータセットがあります。")).to_be_visible()
    page.locator("summary", has_text="形式").click()  # open the facet
    page.get_by_role("link", name="CSV").click()
    expect(page.get_by_role("link", name="条件を外す: 形式: CSV")).to_be_visible()
    axe_check(page)
    fits(page)
    screenshot(page, "search")

    page.get_by_role("link", name="指定緊急避難場所一覧").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("指定緊急避難場所一覧")
    preview = page.get_by_role("table", name="132233_evacuation_space.csv のプレビュー（先頭2行）")
    expect(preview).to_be_visible()
    expect(preview.get_by_role("columnheader", name="名称")).to_be_visible()
    expect(preview.get_by_role("cell", name="大南公園")).to_be_visible()
    expect(page.get_by_text("文字コード: Shift_JIS（cp932）。")).to_be_visible()
    markup = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert markup["@type"] == "Dataset" and markup["name"] == "指定緊急避難場所一覧"
    axe_check(page)
    fits(page)
    screenshot(page, "dataset")

    with page.expect_download() as waiting:
        page.get_by_role(
            "link", name=re.compile(r"^ダウンロード\s*: 132233_evacuation_space\.csv")
        ).click()
    download = waiting.value
    assert download.suggested_filename == "132233_evacuation_space.csv"
    with open(download.path(), "rb") as saved:
        assert saved.read() == CSV.encode("cp932")


def test_facets_and_paging_without_javascript(page_factory, live_server, catalogue):
    page = page_factory(NARROW_PHONE, javascript=False)
    page.goto(live_server.url + reverse("portal:opendata:dataset_list"))
    page.locator("summary", has_text="タグ").click()
    page.get_by_role("link", name="防災 （2件）").click()
    expect(page.get_by_text("2件のデータセットがあります。")).to_be_visible()
    page.get_by_label("並び順").select_option("title_string asc")
    page.get_by_role("button", name="探す").click()
    titles = page.locator(".opendata-dataset .card-title")
    expect(titles).to_have_text(["AED設置箇所一覧", "指定緊急避難場所一覧"])
    page.get_by_role("link", name="すべての条件を外す").click()
    expect(page.get_by_text("3件のデータセットがあります。")).to_be_visible()
