"""Web Push in real Chromium: the real service worker shows a real, decrypted push message.

What is real: the page and push.js from the live server, the notification permission
(granted by the test, as a resident would), the service worker registered from
/alerts/sw.js, the server's registration of the subscription, the server's VAPID-signed
RFC 8291-encrypted push to the loopback push service, which verifies and decrypts it
with the subscription's keys, and Chromium showing the notification from the worker.

The one substitution (docs/modules/alerts-push-line.md, "Browser test"): Chromium cannot
create a push subscription here.  In Playwright's contexts (incognito profiles)
``pushManager.subscribe`` fails at once with "AbortError: Registration failed -
permission denied" even with the permission granted (Chromium offers no push messaging
to off-the-record profiles); in a persistent profile it waits on Google's push service
(FCM), which is unreachable offline.  So the test replaces only
``PushManager.prototype.subscribe`` with a function returning a subscription whose
endpoint is the loopback push service and whose keys the test generated like a browser
does; and it hands the payload the loopback service decrypted to the real service worker
through the DevTools protocol (``ServiceWorker.deliverPushMessage``), in place of FCM.
"""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect

from yakuba.alerts.channels import vapid
from yakuba.alerts.channels.base import Message, Outcome
from yakuba.alerts.channels.webpush import WebPushSender
from yakuba.alerts.models import Alert, Channel, Endpoint
from yakuba.alerts.testing.push_service import PushService

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBSTITUTE_SUBSCRIBE = """
(() => {
  const subscription = %s;
  PushManager.prototype.subscribe = function () {
    return Promise.resolve({
      endpoint: subscription.endpoint,
      expirationTime: null,
      toJSON: () => subscription,
      unsubscribe: () => Promise.resolve(true),
    });
  };
})();
"""


@pytest.fixture
def categories(transactional_db):
    """The seeded categories (a transactional test's flush removes the migration's rows)."""
    import importlib

    from django.apps import apps as django_apps

    from yakuba.alerts.models import Category

    importlib.import_module("yakuba.alerts.migrations.0002_categories").seed(django_apps, None)
    return {category.code: category for category in Category.objects.all()}


def wait_for(page, script: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page.evaluate(script)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for: {script}")


def registration_id(cdp, origin: str) -> str:
    found: list[str] = []

    def seen(event):
        for registration in event["registrations"]:
            if registration["scopeURL"].startswith(origin) and not registration["isDeleted"]:
                found.append(registration["registrationId"])

    cdp.on("ServiceWorker.workerRegistrationUpdated", seen)
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 5
    while not found and time.monotonic() < deadline:
        cdp.send("Runtime.evaluate", {"expression": "1"})  # lets the event loop deliver events
        time.sleep(0.05)
    assert found, "the service worker registration was not reported"
    return found[-1]


def test_subscribe_in_chromium_then_a_real_push_shows_a_notification(
    page_factory, live_server, municipality, categories, axe_check
):
    with PushService() as push_service:
        subscription = push_service.subscribe(application_server_key=vapid.public_key())
        page = page_factory()
        page.context.grant_permissions(["notifications"], origin=live_server.url)
        page.add_init_script(SUBSTITUTE_SUBSCRIBE % json.dumps(subscription))
        page.goto(f"{live_server.url}/alerts/push/")

        button = page.get_by_role("button", name="このブラウザーで通知を受け取る")
        button.wait_for(state="visible")
        expect(page.get_by_text("プッシュ通知を登録できません")).not_to_be_visible()
        axe_check(page)
        page.get_by_label("防犯").check()
        page.locator("#push-language-en").check()
        button.click()
        status = page.locator("[data-push-status]")
        status.filter(has_text="プッシュ通知の登録が完了しました").wait_for()
        expect(page.get_by_role("button", name="このブラウザーへの通知を停止する")).to_be_visible()
        axe_check(page)

        endpoint = Endpoint.objects.select_related("subscriber").get(channel=Channel.WEBPUSH)
        assert endpoint.address == subscription["endpoint"] and endpoint.deliverable
        assert endpoint.subscriber.language == "en"
        assert endpoint.subscriber.category_mask == (
            categories["bosai"].mask | categories["bohan"].mask
        )
        assert wait_for(
            page,
            "navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL",
        ).endswith("/alerts/sw.js")

        alert = Alert.objects.create(
            identifier="urn:yakuba:test:browser-push",
            category=categories["bosai"],
            event="大雨",
            severity="Severe",
            status="sending",
            title_ja="大雨警報",
            body_ja="川に近づかないでください。",
        )
        message = Message(
            delivery_id=1,
            endpoint_id=endpoint.pk,
            address=endpoint.address,
            language="ja",
            alert_identifier=alert.identifier,
            msg_type="Alert",
            severity="Severe",
            subject="【武蔵村山市】大雨警報",
            text="川に近づかないでください。",
            html="",
            url=f"{live_server.url}/alerts/{alert.pk}/",
            manage_url="",
            unsubscribe_url="",
            keys=endpoint.keys,
        )
        assert WebPushSender().send(message).outcome is Outcome.SENT, push_service.refused
        [received] = push_service.received

    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registration_id(cdp, live_server.url),
            "data": received.plaintext.decode(),
        },
    )
    notifications = wait_for(
        page,
        """navigator.serviceWorker.ready
             .then(registration => registration.getNotifications())
             .then(list => list.map(n => ({title: n.title, body: n.body, tag: n.tag,
                                           url: n.data && n.data.url, icon: n.icon})))""",
    )
    assert notifications == [
        {
            "title": "【武蔵村山市】大雨警報",
            "body": "川に近づかないでください。",
            "tag": f"alert-{alert.pk}",
            "url": f"{live_server.url}/alerts/{alert.pk}/",
            "icon": f"{live_server.url}/static/alerts/icon-192.png",
        }
    ]


def test_without_javascript_the_widget_does_not_appear(
    page_factory, live_server, municipality, categories
):
    """(axe needs script execution; the same page is checked with JavaScript above.)"""
    page = page_factory(javascript=False)
    page.goto(f"{live_server.url}/alerts/push/")
    expect(page.get_by_role("button", name="このブラウザーで通知を受け取る")).not_to_be_visible()
    expect(page.get_by_text("プッシュ通知を登録できません")).to_be_visible()


def test_the_widget_on_the_subscribe_page_takes_that_forms_choices(
    page_factory, live_server, municipality, categories, axe_check
):
    """The citizen subscribe page includes the widget; its areas and coverage reach the server."""
    from yakuba.residents.tests.factories import TownAreaFactory

    TownAreaFactory(code="0004001")
    with PushService() as push_service:
        subscription = push_service.subscribe(application_server_key=vapid.public_key())
    page = page_factory(PHONE)
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    page.add_init_script(SUBSTITUTE_SUBSCRIBE % json.dumps(subscription))
    page.goto(f"{live_server.url}/alerts/subscribe/")
    button = page.get_by_role("button", name="このブラウザーで通知を受け取る")
    button.wait_for(state="visible")
    axe_check(page)
    page.locator('input[name="categories"][value="bohan"]').check()
    page.locator('input[name="coverage"][value="areas"]').check()
    page.locator('input[name="areas"][value="0004001"]').check()
    page.locator('input[name="language"][value="easy"]').check()
    button.click()
    page.locator("[data-push-status]").filter(
        has_text="プッシュ通知の登録が完了しました"
    ).wait_for()
    subscriber = Endpoint.objects.select_related("subscriber").get().subscriber
    assert subscriber.language == "easy" and not subscriber.whole_city
    assert list(subscriber.areas.values_list("area_code", flat=True)) == ["0004001"]
    assert subscriber.category_mask & categories["bohan"].mask
