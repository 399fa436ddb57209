"""National-warning link staff pages in Chromium: received messages with their outcome, the
rules edited through the form, a CAP document uploaded with the file input; axe-core finds
nothing on any page, on a desktop and a phone."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from yakuba.alerts.ingest.models import IngestRule, Outcome, ReceivedMessage
from yakuba.alerts.ingest.tests.conftest import (
    BROKEN,
    CAP,
    FIXTURES,
    LEGACY,
    TRAINING,
    fixture_bytes,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin(transactional_db, municipality, settings):
    from yakuba.alerts.ingest.apply import receive_jma
    from yakuba.alerts.ingest.rules import seed
    from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory

    settings.YAKUBA_JMA_AREA_CODE = "1322300"
    importlib.import_module("yakuba.alerts.migrations.0002_categories").seed(django_apps, None)
    seed(django_apps, None)
    for name in (LEGACY, TRAINING, BROKEN):
        receive_jma(f"https://www.data.jma.go.jp/developer/xml/data/{name}", fixture_bytes(name))
    unit = OrgUnitFactory(code="bosai", name="防災安全課", name_en="Disaster Prevention")
    return AssignmentFactory(
        org_unit=unit, role="admin", user__email="bosai.admin@city.example.lg.jp"
    ).user


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_messages_rules_and_cap_upload(admin, page_factory, live_server, axe_check, viewport):
    page = page_factory(viewport, user=admin, staff=True)
    page.goto(live_server.url + reverse("console:alerts_ingest:messages"))
    expect(page.get_by_role("heading", level=1)).to_have_text("防災情報の自動連携")
    expect(page.get_by_text("武蔵村山市に大雨警報が発表されました")).to_be_visible()
    expect(page.get_by_text("訓練・試験（配信しない）").first).to_be_visible()
    expect(page.get_by_text("読み取りエラー").first).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="自動連携の規則").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("自動連携の規則")
    axe_check(page)
    page.get_by_label("全現象：注意報").select_option("ignore")
    page.get_by_role("button", name="規則を保存する").click()
    expect(page.get_by_text("規則を保存しました（変更 1件）。")).to_be_visible()
    assert (
        IngestRule.objects.get(kind="weather", phenomenon="", level="advisory").action == "ignore"
    )
    page.get_by_label("種類").select_option("quake")
    page.get_by_label("段階・震度").fill("9")
    page.get_by_role("button", name="追加する").click()
    expect(
        page.get_by_text("震度は 1〜4、5-、5+、6-、6+、7 で入力してください。").first
    ).to_be_visible()
    axe_check(page)

    page.goto(live_server.url + reverse("console:alerts_ingest:cap_upload"))
    axe_check(page)
    page.get_by_label("CAP 1.2 ファイル").set_input_files(str(FIXTURES / CAP))
    page.get_by_role("button", name="受信する").click()
    expect(page.get_by_text("受信しました：自動配信")).to_be_visible()
    assert ReceivedMessage.objects.get(source="cap").outcome_code == Outcome.SENT
    axe_check(page)
