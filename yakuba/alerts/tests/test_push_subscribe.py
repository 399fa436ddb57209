"""Registering and leaving Web Push through the JSON views; the service worker's headers."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from yakuba.alerts.channels import vapid
from yakuba.alerts.models import Channel, Endpoint, Subscriber
from yakuba.alerts.testing.push_service import PushService

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def subscription():
    service = PushService()  # not started: only its browser-side key generation is used
    yield service.subscribe()
    service._server.server_close()


def post(client, name: str, payload, **extra):
    return client.post(
        reverse(f"portal:alert_push:{name}"),
        data=json.dumps(payload) if not isinstance(payload, bytes) else payload,
        content_type="application/json",
        **extra,
    )


def body(subscription, **overrides):
    values = {
        "subscription": subscription,
        "language": "en",
        "categories": ["bosai", "bohan"],
        "areas": [],
        "whole_city": True,
    }
    values.update(overrides)
    return values


def test_registers_a_confirmed_endpoint_with_the_chosen_preferences(
    client, categories, subscription
):
    response = post(client, "subscribe", body(subscription))
    assert response.status_code == 200, response.content
    assert response.json()["ok"] is True and response.json()["created"] is True
    endpoint = Endpoint.objects.select_related("subscriber").get(channel=Channel.WEBPUSH)
    assert endpoint.address == subscription["endpoint"]
    assert endpoint.keys == subscription["keys"]
    assert endpoint.deliverable
    subscriber = endpoint.subscriber
    assert subscriber.language == "en" and subscriber.whole_city
    assert subscriber.category_mask == categories["bosai"].mask | categories["bohan"].mask


def test_the_same_endpoint_again_updates_and_never_duplicates(
    client, categories, areas, subscription
):
    post(client, "subscribe", body(subscription))
    response = post(
        client,
        "subscribe",
        body(subscription, categories=["kenko"], areas=["0004001"], whole_city=False),
    )
    assert response.status_code == 200 and response.json()["created"] is False
    assert Endpoint.objects.count() == 1 and Subscriber.objects.count() == 1
    subscriber = Subscriber.objects.get()
    assert subscriber.category_mask == categories["kenko"].mask
    assert not subscriber.whole_city
    assert list(subscriber.areas.values_list("area_code", flat=True)) == ["0004001"]


def test_a_signed_in_citizen_is_linked(client, categories, subscription):
    from yakuba.identity.testing import login_citizen
    from yakuba.identity.tests.factories import CitizenFactory

    citizen = CitizenFactory()
    login_citizen(client, citizen)
    assert post(client, "subscribe", body(subscription)).status_code == 200
    assert Subscriber.objects.get().user == citizen


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"endpoint": "https://evil.example.com/push/1"}, "対応していません"),
        ({"endpoint": "http://fcm.googleapis.com/fcm/send/x"}, "対応していません"),
        ({"endpoint": "https://user:pw@fcm.googleapis.com/x"}, "正しくありません"),
        ({"endpoint": "https://fcm.googleapis.com/" + "a" * 1100}, "正しくありません"),
        ({"endpoint": 42}, "正しくありません"),
        ({"keys": {"p256dh": "AAAA", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}}, "p256dh"),
        ({"keys": {"p256dh": None, "auth": "x"}}, "p256dh"),
        ({"keys": "nope"}, "鍵がありません"),
    ],
)
def test_bad_subscriptions_get_a_clear_400(client, categories, subscription, change, message):
    broken = {**subscription, **change}
    response = post(client, "subscribe", body(broken))
    assert response.status_code == 400
    assert message in response.json()["message"]
    assert not Endpoint.objects.exists()


def test_bad_auth_secret_and_points_off_the_curve_are_refused(client, categories, subscription):
    short_auth = {**subscription, "keys": {**subscription["keys"], "auth": "AAAA"}}
    assert "auth" in post(client, "subscribe", body(short_auth)).json()["message"]
    off_curve = "BA" + "A" * 85  # 65 bytes starting 0x04, not a point on P-256
    bad_point = {**subscription, "keys": {**subscription["keys"], "p256dh": off_curve}}
    response = post(client, "subscribe", body(bad_point))
    assert response.status_code == 400 and "p256dh" in response.json()["message"]


@pytest.mark.parametrize(
    "change",
    [
        {"categories": []},
        {"categories": ["nosuch"]},
        {"language": "fr"},
        {"whole_city": False, "areas": []},
        {"whole_city": False, "areas": ["9999999"]},
        {"whole_city": False, "areas": ["abc"]},
    ],
)
def test_bad_preferences_get_a_clear_400(client, categories, areas, subscription, change):
    response = post(client, "subscribe", body(subscription, **change))
    assert response.status_code == 400 and response.json()["message"]
    assert not Endpoint.objects.exists()


def test_unreadable_bodies_are_400_not_500(client, categories):
    for payload in [b"{not json", b"[]", json.dumps({"subscription": "x"}).encode(), b"\xff\xfe"]:
        response = post(client, "subscribe", payload)
        assert response.status_code == 400
        assert "読み取れません" in response.json()["message"]


def test_requires_the_csrf_token(categories, subscription):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = post(strict, "subscribe", body(subscription))
    assert response.status_code == 403
    assert not Endpoint.objects.exists()


def test_unsubscribe_needs_the_auth_secret_and_switches_off(client, categories, subscription):
    post(client, "subscribe", body(subscription))
    wrong = {**subscription, "keys": {**subscription["keys"], "auth": "B" * 22}}
    assert post(client, "unsubscribe", {"subscription": wrong}).status_code == 200
    assert Endpoint.objects.get().active is True
    response = post(client, "unsubscribe", {"subscription": subscription})
    assert response.status_code == 200 and response.json()["ok"] is True
    endpoint = Endpoint.objects.get()
    assert endpoint.active is False and not endpoint.deliverable
    # subscribing again brings the same endpoint back
    post(client, "subscribe", body(subscription))
    assert Endpoint.objects.get().deliverable


def test_registering_is_rate_limited_by_address(client, categories, subscription):
    statuses = [post(client, "subscribe", body(subscription)).status_code for _ in range(21)]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429
    limited = post(client, "subscribe", body(subscription))
    assert "しばらく待って" in limited.json()["message"]
    other = post(client, "subscribe", body(subscription), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def test_service_worker_may_control_the_whole_site(client):
    response = client.get(reverse("portal:alert_push:service_worker"))
    assert response.status_code == 200
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Content-Type"].startswith("text/javascript")
    script = response.content.decode()
    assert "showNotification" in script and "notificationclick" in script
    assert "__ICON_URL__" not in script and "alerts/icon-192" in script


def test_public_key_is_the_uncompressed_point_of_the_vapid_key(client):
    key = client.get(reverse("portal:alert_push:public_key")).json()["publicKey"]
    assert key == vapid.public_key()
    import base64

    raw = base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))
    assert len(raw) == 65 and raw[0] == 4


def test_push_page_shows_the_widget_hidden_until_script_runs(client, categories):
    response = client.get(reverse("portal:alert_push:page"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-push-widget hidden" in html
    assert vapid.public_key() in html
    assert 'name="categories" value="bosai"' in html
    assert "manifest.webmanifest" in html
