"""Access-record pages (yakuba/audit) in Chromium: no axe-core violations, phone and desktop."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS
from yakuba.audit.services import Subject, record_access

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def accesses(citizen, clerk_a, clerk_b):
    for actor, action in ((clerk_a, "read"), (clerk_b, "update")):
        record_access(
            actor,
            subject=Subject("identity.citizen", str(citizen.pk)),
            record_kind="identity.citizen",
            fields=["email"],
            purpose="audit_review",
            action=action,
        )


@VIEWPORTS
def test_citizen_access_record(
    page_factory, live_server, axe_check, municipality, citizen, accesses, viewport
):
    page = page_factory(viewport, user=citizen)
    page.goto(live_server.url + reverse("portal:access_record"))

    expect(page.get_by_role("heading", name="あなたの情報の閲覧記録", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="課税課")).to_be_visible()
    axe_check(page)


@VIEWPORTS
def test_mypage_card(
    page_factory, live_server, axe_check, municipality, citizen, accesses, viewport
):
    page = page_factory(viewport, user=citizen)
    page.goto(live_server.url + reverse("portal:mypage"))

    expect(page.get_by_role("link", name="閲覧記録をすべて見る")).to_be_visible()
    axe_check(page)


@VIEWPORTS
def test_staff_log_with_filters(
    page_factory, live_server, axe_check, municipality, system_admin, accesses, viewport
):
    page = page_factory(viewport, user=system_admin, staff=True)
    page.goto(live_server.url + reverse("console:audit_log"))
    page.get_by_label("所属（組織コード）").fill("kazei")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_load_state()

    expect(page.get_by_text("アクセス記録（1 件、新しい順）")).to_be_visible()
    axe_check(page)


@VIEWPORTS
def test_staff_log_with_errors(
    page_factory, live_server, axe_check, municipality, system_admin, viewport
):
    page = page_factory(viewport, user=system_admin, staff=True)
    page.goto(live_server.url + reverse("console:audit_log") + "?date_from=H31.5.1")

    expect(page.locator(".error-summary")).to_be_visible()
    axe_check(page)


@VIEWPORTS
def test_chain_check(
    page_factory, live_server, axe_check, municipality, system_admin, accesses, viewport
):
    page = page_factory(viewport, user=system_admin, staff=True)
    page.goto(live_server.url + reverse("console:audit_chain"))
    page.get_by_role("button", name="検査する").click()
    page.wait_for_load_state()

    expect(page.get_by_text("正常です。2 件の記録を検査しました。")).to_be_visible()
    axe_check(page)
