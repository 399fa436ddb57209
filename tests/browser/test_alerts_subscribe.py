"""A citizen subscribes in Chromium, follows the link in the mail a loopback SMTP server got.

The subscribe, confirm, manage and unsubscribe pages are checked with axe-core on a
desktop and at 360px, and the whole flow also runs with JavaScript switched off.  That
last run does not call axe: with page scripts off, ``axe.run`` never settles in this
Chromium (its promise waits on timers that do not fire), so the same pages are
checked in the JavaScript runs instead.
"""

from __future__ import annotations

import importlib
import re
import time

import pytest
from django.apps import apps as django_apps
from django.test import override_settings
from playwright.sync_api import expect

from yakuba.alerts import links
from yakuba.alerts.models import Endpoint
from yakuba.alerts.testing.smtp_sink import SmtpSink

from .conftest import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 360, "height": 740}
CONFIRM_URL = re.compile(r"https?://\S+/alerts/confirm/\S+/")


@pytest.fixture
def city(municipality):
    """The seeded categories (a transactional test's flush removes them) and two 町丁目."""
    from yakuba.residents.tests.factories import TownAreaFactory

    importlib.import_module("yakuba.alerts.migrations.0002_categories").seed(django_apps, None)
    TownAreaFactory(code="0004001")
    TownAreaFactory(
        code="0012000",
        town_name="緑が丘",
        chome=None,
        name="緑が丘",
        name_kana="ミドリガオカ",
        postal_code="208-0012",
    )
    return municipality


@pytest.fixture
def sink(live_server):
    smtp = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 0, "timeout": 5},
    }
    with SmtpSink() as running:
        smtp["OPTIONS"]["port"] = running.port
        with override_settings(
            MAILERS={"default": smtp, "alerts": smtp}, YAKUBA_SITE_URL=live_server.url
        ):
            yield running


def wait_for_mail(sink: SmtpSink, address: str, seconds: float = 5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        received = sink.to(address)
        if received:
            return received[0].message
        time.sleep(0.05)
    raise AssertionError(f"no mail arrived for {address}")


def text_part(message) -> str:
    return next(
        part.get_content() for part in message.walk() if part.get_content_type() == "text/plain"
    )


@pytest.mark.parametrize(
    ("viewport", "javascript"),
    [(DESKTOP, True), (NARROW, True), (NARROW, False)],
    ids=["desktop", "360px", "360px-no-javascript"],
)
def test_subscribe_confirm_from_the_mail_manage_and_unsubscribe(
    page_factory, live_server, axe_check, city, sink, viewport, javascript
):
    if not javascript:
        axe_check = lambda page: None  # noqa: E731 (see the module docstring)
    page = page_factory(viewport, javascript=javascript)
    page.goto(live_server.url + "/alerts/subscribe/")
    assert page.get_by_label("防災・気象", exact=True).is_checked()
    axe_check(page)

    page.get_by_label("メールアドレス").fill("ｈａｎａｋｏ＠example.jp")  # full-width: folded
    page.get_by_label("防犯", exact=True).check()
    page.get_by_label("地域（町丁目）を選ぶ").check()
    page.locator("input[name=areas][value='0012000']").check()
    page.get_by_label("やさしい日本語").check()
    page.get_by_role("button", name="申し込む").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("確認のメールを送りました")

    message = wait_for_mail(sink, "hanako@example.jp")
    assert message.get_content_type() == "multipart/alternative"
    confirm_url = CONFIRM_URL.search(text_part(message)).group(0)
    assert confirm_url.startswith(live_server.url)
    page.goto(confirm_url)
    assert Endpoint.objects.get().confirmed_at is None  # opening the link confirms nothing
    axe_check(page)
    page.get_by_role("button", name=re.compile("登録を完了する")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("配信設定の変更・停止")
    expect(page.get_by_text("登録が完了しました")).to_be_visible()
    expect(page.get_by_text("h***@example.jp")).to_be_visible()
    assert page.locator("input[name=areas][value='0012000']").is_checked()
    axe_check(page)
    endpoint = Endpoint.objects.select_related("subscriber").get()
    assert endpoint.deliverable and endpoint.subscriber.language == "easy"

    page.get_by_label("自治会", exact=True).check()
    page.get_by_role("button", name="変更を保存する").click()
    expect(page.get_by_text("配信設定を変更しました")).to_be_visible()
    assert page.get_by_label("自治会", exact=True).is_checked()

    page.goto(links.unsubscribe_url(Endpoint.objects.get()))
    axe_check(page)
    page.get_by_role("button", name="配信を止める").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("配信を停止しました")
    axe_check(page)
    assert not Endpoint.objects.get().active
    assert len(sink.messages) == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_a_bad_address_is_explained_on_the_page(page_factory, live_server, axe_check, city, sink):
    page = page_factory(NARROW)
    page.goto(live_server.url + "/alerts/subscribe/")
    page.get_by_label("メールアドレス").fill("hanako@example")
    page.get_by_role("button", name="申し込む").click()
    expect(page.get_by_role("alert").get_by_text("ドメイン名が正しくありません")).to_be_visible()
    assert page.get_by_label("メールアドレス").input_value() == "hanako@example"
    axe_check(page)
    assert sink.messages == []
