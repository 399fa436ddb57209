"""Public alert pages (list and one alert) in Chromium: axe-clean at 360px, 375px and desktop."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NARROW = {"width": 360, "height": 640}


@pytest.fixture
def categories(transactional_db):
    """The six seeded categories (a transactional test's flush removes the migration's rows)."""
    import importlib

    from django.apps import apps

    from yakuba.alerts.models import Category

    importlib.import_module("yakuba.alerts.migrations.0002_categories").seed(apps, None)
    return {category.code: category for category in Category.objects.all()}


@pytest.fixture
def areas(transactional_db):
    from yakuba.residents.tests.factories import TownAreaFactory

    return [
        TownAreaFactory(code="0004001"),
        TownAreaFactory(
            code="0012000",
            town_name="緑が丘",
            chome=None,
            name="緑が丘",
            name_kana="ミドリガオカ",
            postal_code="208-0012",
        ),
    ]


@pytest.fixture
def published(municipality, categories, areas, monkeypatch):
    """An alert in three languages for two 町丁目, updated once, and a whole-city notice."""
    from yakuba.alerts.models import MsgType
    from yakuba.alerts.outputs.testing import sent_alert

    monkeypatch.setattr("yakuba.alerts.delivery.start", lambda alert_id: None)
    original = sent_alert(
        categories["bosai"],
        severity="Severe",
        title_ja="避難所を開設しました",
        body_ja="第一小学校の体育館を開設しました。\n\n危険を感じたら早めに避難してください。",
        title_en="Evacuation shelter open",
        body_en="The gym of Daiichi Elementary School is open.",
        title_easy="ひなんじょ を あけました",
        body_easy="だいいち しょうがっこう の たいいくかん を あけました。",
        area_codes=["0004001", "0012000"],
        expires_at=timezone.now() + datetime.timedelta(hours=12),
    )
    update = sent_alert(
        categories["bosai"],
        references=original,
        msg_type=MsgType.UPDATE,
        title_ja="避難所を追加で開設しました",
        body_ja="第二中学校も開設しました。",
        area_codes=["0004001"],
    )
    sent_alert(categories["shisei"], severity="Minor", title_ja="窓口の受付時間が変わります")
    return original, update


@pytest.mark.parametrize("viewport", [NARROW, PHONE, DESKTOP], ids=["360px", "phone", "desktop"])
def test_list_and_detail_pass_axe(page_factory, live_server, axe_check, published, viewport):
    original, update = published
    page = page_factory(viewport)
    page.goto(live_server.url + reverse("portal:alert_feeds:list"))
    expect(page.locator("h1")).to_have_text("配信情報")
    expect(page.locator("article.alert-summary")).to_have_count(3)
    axe_check(page)
    # Without JavaScript the filter still works (a plain GET form).
    page.select_option("#id_area", "0012000")
    page.click("form.filter-form button[type=submit]")
    expect(page.locator("article.alert-summary")).to_have_count(2)  # 緑が丘 + the whole-city notice
    page.click(f"text={original.title_ja}")
    expect(page.locator("h1")).to_have_text(original.title_ja)
    expect(page.locator(".alert-history li")).to_have_count(2)
    axe_check(page)
    page.click("text=やさしい にほんご で よむ")
    expect(page.locator("h1")).to_have_text("ひなんじょ を あけました")
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_detail_in_english(page_factory, live_server, axe_check, published):
    original, _update = published
    url = live_server.url + reverse("portal:alert_feeds:alert", args=[original.pk])
    page = page_factory(PHONE, language="en")
    page.goto(url)
    expect(page.locator("h1")).to_have_text("Evacuation shelter open")
    assert page.locator("h1").get_attribute("lang") == "en"
    axe_check(page)
    # The same page without JavaScript (axe itself needs scripts, so it ran above).
    plain = page_factory(PHONE, javascript=False, language="en")
    plain.goto(url)
    expect(plain.locator("h1")).to_have_text("Evacuation shelter open")
    expect(plain.locator(".alert-history li")).to_have_count(2)
