"""Every citizen and staff page of the shell: zero axe-core violations on a phone and a desktop."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from playwright.sync_api import expect

from yakuba.core.registries import Panel, ServiceEntry, service_catalogue, staff_panels

from .conftest import DESKTOP, SCREENSHOTS, UPDATE_SCREENSHOTS, VIEWPORTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue():
    """Entries that lead to real pages, so the catalogue has something to show."""
    entries = [
        ServiceEntry(
            "browser.signup",
            _("アカウントの作成"),
            _("オンラインで手続きをするための利用登録です。"),
            "portal:signup",
            _("はじめての方"),
            order=1,
        ),
        ServiceEntry(
            "browser.mypage",
            _("マイページ"),
            _("あなたの情報を職員がいつ見たかを確認できます。"),
            "portal:mypage",
            _("はじめての方"),
            order=2,
        ),
        ServiceEntry(
            "browser.privacy",
            _("個人情報ファイル簿"),
            _("市が持っている個人情報の種類と目的の一覧です。"),
            "portal:privacy_files",
            _("情報公開"),
            order=3,
        ),
    ]
    for entry in entries:
        service_catalogue.register(entry)
    yield entries
    for entry in entries:
        service_catalogue.unregister(entry.key)


@pytest.fixture
def dashboard_panels():
    """Panels built from design-system components (notice, progress) as modules would register them."""
    panels = [
        Panel(
            key="browser.notice",
            title=_("お知らせ"),
            template="components/notice.html",
            context=lambda request: {
                "kind": "info",
                "title": "システム更新のお知らせ",
                "text": "12月1日（月）午前7時から8時まで、職員コンソールを停止します。",
            },
            order=1,
        ),
        Panel(
            key="browser.progress",
            title=_("一括処理の進み具合"),
            template="components/progress.html",
            context=lambda request: {
                "id": "batch",
                "label": "住民データの取込",
                "value": 620,
                "max": 1000,
                "status": "処理中",
                "refresh_url": request.path,
            },
            departments=("shimin",),
            order=2,
        ),
    ]
    for panel in panels:
        staff_panels.register(panel)
    yield panels
    for panel in panels:
        staff_panels.unregister(panel.key)


def _open(page, live_server, path):
    response = page.goto(live_server.url + path)
    return response


def _assert_page_basics(page, title):
    assert page.title() == title
    expect(page.locator("h1")).to_have_count(1)
    for landmark in ("header", "main", "footer", "nav"):
        assert page.locator(landmark).count() >= 1, landmark


@VIEWPORTS
def test_citizen_home(page_factory, live_server, axe_check, municipality, catalogue, viewport):
    page = page_factory(viewport)

    _open(page, live_server, "/")

    _assert_page_basics(page, "ホーム | 武蔵村山市")
    assert page.locator("html").get_attribute("lang") == "ja"
    expect(page.get_by_role("link", name="アカウントの作成")).to_be_visible()
    expect(page.get_by_text("042-565-1111").first).to_be_visible()
    axe_check(page)
    if viewport == DESKTOP and UPDATE_SCREENSHOTS:
        page.screenshot(path=str(SCREENSHOTS / "citizen-home.png"), full_page=True)


@VIEWPORTS
def test_citizen_home_in_english(
    page_factory, live_server, axe_check, municipality, catalogue, viewport
):
    page = page_factory(viewport, language="en")

    _open(page, live_server, "/")

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.title().endswith("| Musashimurayama City")
    axe_check(page)


@VIEWPORTS
def test_citizen_home_without_services(
    page_factory, live_server, axe_check, municipality, empty_catalogue, viewport
):
    page = page_factory(viewport)

    _open(page, live_server, "/")

    expect(page.get_by_text("現在、オンラインで受け付けている手続きはありません。")).to_be_visible()
    axe_check(page)


@VIEWPORTS
def test_mypage_of_signed_in_citizen(
    page_factory, live_server, axe_check, municipality, citizen, viewport
):
    page = page_factory(viewport, user=citizen)

    _open(page, live_server, reverse("portal:mypage"))

    _assert_page_basics(page, "マイページ | 武蔵村山市")
    expect(page.get_by_role("button", name="ログアウト")).to_be_visible()
    axe_check(page)


@VIEWPORTS
@pytest.mark.parametrize(
    ("url_name", "title"),
    [
        ("portal:accessibility", "ウェブアクセシビリティ方針 | 武蔵村山市"),
        ("portal:privacy", "個人情報の取扱い | 武蔵村山市"),
        ("portal:privacy_files", "個人情報ファイル簿 | 武蔵村山市"),
        ("portal:login", "ログイン | 武蔵村山市"),
    ],
    ids=["accessibility", "privacy", "privacy-files", "login"],
)
def test_citizen_static_pages(
    page_factory, live_server, axe_check, municipality, url_name, title, viewport
):
    page = page_factory(viewport)

    _open(page, live_server, reverse(url_name))

    _assert_page_basics(page, title)
    axe_check(page)


@VIEWPORTS
def test_easy_japanese_summary_opens(page_factory, live_server, axe_check, municipality, viewport):
    page = page_factory(viewport)
    _open(page, live_server, reverse("portal:privacy"))

    page.get_by_text("やさしい にほんご").click()

    expect(page.get_by_text("きろくが のこります")).to_be_visible()
    axe_check(page)


@VIEWPORTS
def test_not_found_page(page_factory, live_server, axe_check, municipality, viewport):
    page = page_factory(viewport)

    response = _open(page, live_server, "/no-such-page/")

    assert response.status == 404
    _assert_page_basics(page, "ページが見つかりません | 武蔵村山市")
    axe_check(page)


@VIEWPORTS
def test_form_with_errors_shows_summary_and_inline_errors(
    page_factory, live_server, axe_check, municipality, viewport
):
    page = page_factory(viewport)
    _open(page, live_server, reverse("portal:signup"))

    page.get_by_role("button", name="登録する").click()
    page.wait_for_load_state()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    assert summary.evaluate(
        "node => node === document.activeElement"
    )  # yakuba.js moved focus there
    first_link = summary.locator("a").first
    target_id = first_link.get_attribute("href").removeprefix("#")
    field = page.locator(f"#{target_id}")
    assert field.get_attribute("aria-invalid") == "true"
    assert f"{target_id}_error_1" in field.get_attribute("aria-describedby").split()
    axe_check(page)


@VIEWPORTS
def test_staff_dashboard(
    page_factory, live_server, axe_check, municipality, unit_a, dashboard_panels, viewport
):
    from yakuba.identity.tests.factories import AssignmentFactory

    # A clerk of 市民課 with a fixed name, so the screenshot is the same on every run.
    clerk = AssignmentFactory(
        org_unit=unit_a,
        role="operator",
        user__email="murayama.taro@city.example.lg.jp",
        user__display_name="村山 太郎",
    ).user
    page = page_factory(viewport, user=clerk, staff=True)

    _open(page, live_server, reverse("console:dashboard"))

    _assert_page_basics(page, "ダッシュボード | 職員コンソール | 武蔵村山市")
    expect(page.get_by_role("heading", name="一括処理の進み具合")).to_be_visible()
    assert page.locator("progress").get_attribute("value") == "62"
    axe_check(page)
    if viewport == DESKTOP and UPDATE_SCREENSHOTS:
        page.screenshot(path=str(SCREENSHOTS / "staff-console.png"), full_page=True)


@VIEWPORTS
def test_staff_privacy_register(
    page_factory, live_server, axe_check, municipality, clerk_a, viewport
):
    page = page_factory(viewport, user=clerk_a, staff=True)

    _open(page, live_server, reverse("console:privacy_register"))

    _assert_page_basics(page, "個人情報ファイル簿 | 職員コンソール | 武蔵村山市")
    expect(page.get_by_role("link", name=re.compile("CSVで書き出す"))).to_be_visible()
    axe_check(page)


@VIEWPORTS
def test_staff_login_page(page_factory, live_server, axe_check, municipality, viewport):
    page = page_factory(viewport)

    _open(page, live_server, reverse("console:login"))

    expect(page.locator("h1")).to_have_count(1)
    axe_check(page)


def test_without_javascript_language_switch_and_mypage_redirect(
    page_factory, live_server, municipality
):
    page = page_factory(DESKTOP, javascript=False)
    _open(page, live_server, "/")
    assert page.locator("html").get_attribute("lang") == "ja"

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url == live_server.url + "/"

    page.locator(f'header a[href="{reverse("portal:mypage")}"]').click()
    page.wait_for_load_state()

    assert page.url == f"{live_server.url}{reverse('portal:login')}?next=/mypage/"
    expect(page.locator("h1")).to_have_count(1)


@VIEWPORTS
@pytest.mark.parametrize(
    ("url_name", "cast", "staff"),
    [
        ("portal:signup", None, False),
        ("portal:password_reset", None, False),
        ("portal:account", "citizen", False),
        ("console:password_change", "clerk_a", True),
        ("console:org_units", "system_admin", True),
        ("console:staff_list", "system_admin", True),
    ],
    ids=[
        "signup",
        "password-reset",
        "citizen-account",
        "staff-password",
        "org-units",
        "staff-list",
    ],
)
def test_account_pages_in_the_shell(
    request, page_factory, live_server, axe_check, municipality, url_name, cast, staff, viewport
):
    """Pages of the identity module, as a check that the layouts and components compose accessibly."""
    user = request.getfixturevalue(cast) if cast else None
    page = page_factory(viewport, user=user, staff=staff)

    response = _open(page, live_server, reverse(url_name))

    assert response.status == 200
    expect(page.locator("h1")).to_have_count(1)
    axe_check(page)
