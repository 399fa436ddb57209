"""Staff alerts in Chromium: a composer composes and submits, a second staff member
approves, the message reaches a loopback SMTP server and a loopback push service (which
decrypts it) and the dashboard shows the counts;
the dashboard's script follows a send in progress; axe-core finds nothing on any page."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from yakuba.alerts.channels import vapid
from yakuba.alerts.models import Alert, AlertStatus, Category, Delivery, Endpoint, Subscriber
from yakuba.alerts.services import push
from yakuba.alerts.testing.push_service import PushService
from yakuba.alerts.testing.smtp_sink import SmtpSink

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADDRESS = "resident.browser@example.jp"


@pytest.fixture
def categories(transactional_db):
    importlib.import_module("yakuba.alerts.migrations.0002_categories").seed(django_apps, None)
    return {category.code: category for category in Category.objects.all()}


@pytest.fixture
def staff(transactional_db):
    from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory
    from yakuba.residents.tests.factories import TownAreaFactory

    TownAreaFactory(code="0004001")
    unit = OrgUnitFactory(code="bosai", name="防災安全課", name_en="Disaster Prevention")
    composer = AssignmentFactory(
        org_unit=unit,
        role="operator",
        user__email="composer@city.example.lg.jp",
        user__display_name="防災 一郎",
    ).user
    approver = AssignmentFactory(
        org_unit=unit,
        role="approver",
        user__email="approver@city.example.lg.jp",
        user__display_name="承認 花子",
    ).user
    return composer, approver


@pytest.fixture
def sink():
    with SmtpSink() as running:
        mailers = {
            "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
            "alerts": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": running.port, "timeout": 5},
            },
        }
        with override_settings(MAILERS=mailers):
            yield running


@pytest.fixture
def push_service():
    with PushService() as running:
        yield running


def _subscribe(category) -> Endpoint:
    subscriber = Subscriber.objects.create(category_mask=category.mask, whole_city=True)
    return Endpoint.objects.create(
        subscriber=subscriber, channel="email", address=ADDRESS, confirmed_at=timezone.now()
    )


def _click(page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_compose_submit_approve_and_see_it_delivered(
    page_factory,
    live_server,
    axe_check,
    municipality,
    categories,
    staff,
    sink,
    push_service,
    viewport,
):
    composer, approver = staff
    _subscribe(categories["bosai"])
    browser = push_service.subscribe(application_server_key=vapid.public_key())
    push.register_push_subscription(
        browser["endpoint"], browser["keys"], push.validate_preferences("ja", ["bosai"], [])
    )

    page = page_factory(viewport, user=composer, staff=True)
    page.goto(live_server.url + reverse("console:alerts:list"))
    axe_check(page)
    page.get_by_role("link", name="配信を作成する").click()
    page.wait_for_load_state()
    axe_check(page)
    page.get_by_label("配信分類").select_option(str(categories["bosai"].pk))
    page.locator("#id_title_ja").fill("大雨に警戒してください")
    page.locator("#id_body_ja").fill("川や用水路に近づかないでください。")
    page.locator("#id_event").fill("大雨")
    _click(page, "下書きを保存する")
    expect(page.get_by_role("heading", level=1)).to_have_text("大雨に警戒してください")
    axe_check(page)
    page.get_by_role("link", name="配信経路・言語ごとのプレビュー").click()
    page.wait_for_load_state()
    expect(page.get_by_text("【武蔵村山市】大雨に警戒してください")).to_have_count(1)
    frame = page.frame_locator("iframe[title='HTMLメールのプレビュー']")
    expect(frame.get_by_role("heading", level=1)).to_have_text("大雨に警戒してください")
    axe_check(page)
    page.go_back()
    _click(page, "承認を申請する")
    expect(page.get_by_text("承認を申請しました")).to_have_count(1)
    alert = Alert.objects.get()
    assert alert.status == AlertStatus.PENDING and sink.messages == []

    second = page_factory(viewport, user=approver, staff=True)
    second.goto(live_server.url + reverse("console:alerts:list"))
    expect(second.get_by_role("link", name="承認待ち 1件")).to_have_count(1)
    second.goto(live_server.url + reverse("console:alerts:review", args=[alert.pk]))
    axe_check(second)
    _click(second, "承認して配信する")
    # the engine ran inline (immediate task backend): the message has arrived
    assert [m.rcpt_tos for m in sink.messages] == [[ADDRESS]]
    [pushed] = push_service.received  # verified VAPID, decrypted with the browser's keys
    assert pushed.json["title"] == "大雨に警戒してください"
    assert "川や用水路" in pushed.json["body"]
    expect(second.locator('[data-count="email:sent"]')).to_have_text("1")
    expect(second.locator('[data-count="webpush:sent"]')).to_have_text("1")
    assert second.locator("progress").get_attribute("value") == "100"
    timeline = second.get_by_role("region", name="誰がいつ作成・申請・承認し、配信がいつ始まったか")
    expect(timeline.get_by_text("防災 一郎").nth(1)).to_be_attached()  # composed, submitted
    expect(timeline.get_by_text("承認 花子")).to_have_count(1)
    assert ADDRESS not in second.content()
    axe_check(second)


def test_dashboard_script_follows_a_send_in_progress(
    page_factory, live_server, axe_check, municipality, categories, staff
):
    composer, _ = staff
    endpoint = _subscribe(categories["shisei"])
    alert = Alert.objects.create(
        identifier="urn:uuid:00000000-0000-4000-8000-000000000001",
        category=categories["shisei"],
        event="お知らせ",
        title_ja="窓口の延長",
        body_ja="18時まで開けます。",
        status=AlertStatus.SENDING,
        composed_by=composer,
        sent_at=timezone.now(),
        targets_total=1,
        chunks_total=1,
    )  # as the engine leaves an alert in the middle of its send
    delivery = Delivery.objects.create(alert=alert, endpoint=endpoint, channel="email")

    page = page_factory(DESKTOP, user=composer, staff=True)
    page.goto(live_server.url + reverse("console:alerts:detail", args=[alert.pk]))
    expect(page.locator('[data-count="email:queued"]')).to_have_text("1")
    assert page.locator("progress").get_attribute("value") == "0"
    axe_check(page)

    Delivery.objects.filter(pk=delivery.pk).update(state="sent", sent_at=timezone.now())
    expect(page.locator('[data-count="email:sent"]')).to_have_text("1", timeout=5000)
    expect(page.locator("progress")).to_have_attribute("value", "100")
    Alert.objects.filter(pk=alert.pk).update(
        status=AlertStatus.SENT, chunks_done=1, completed_at=timezone.now()
    )
    # finished: the script reloads the page once, which no longer polls
    expect(page.locator("[data-polling]")).to_have_count(0, timeout=6000)
    expect(page.get_by_text("配信済み").nth(0)).to_be_attached()
