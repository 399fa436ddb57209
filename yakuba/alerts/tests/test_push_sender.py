"""WebPushSender against the loopback push service: what arrives is decrypted and checked."""

from __future__ import annotations

import time

import pytest

from yakuba.alerts.channels import vapid
from yakuba.alerts.channels.base import Message, Outcome
from yakuba.alerts.channels.webpush import WebPushSender
from yakuba.alerts.models import Alert, Channel, Endpoint, MsgType, Subscriber
from yakuba.alerts.testing.push_service import PushService, VapidError, verify_vapid

pytestmark = pytest.mark.django_db


@pytest.fixture
def push_service():
    with PushService() as service:
        yield service


@pytest.fixture
def alert(categories):
    return Alert.objects.create(
        identifier="urn:yakuba:test:push-1",
        category=categories["bosai"],
        event="大雨",
        severity="Severe",
        title_ja="大雨警報",
        body_ja="川に近づかないでください。",
    )


def endpoint_for(subscription: dict) -> Endpoint:
    subscriber = Subscriber.objects.create(category_mask=1)
    return Endpoint.objects.create(
        subscriber=subscriber,
        channel=Channel.WEBPUSH,
        address=subscription["endpoint"],
        keys=subscription["keys"],
    )


def message_for(endpoint: Endpoint, alert: Alert, delivery_id: int = 1, **overrides) -> Message:
    values = dict(
        delivery_id=delivery_id,
        endpoint_id=endpoint.pk,
        address=endpoint.address,
        language="ja",
        alert_identifier=alert.identifier,
        msg_type=alert.msg_type,
        severity=alert.severity,
        subject=alert.title_ja,
        text=alert.body_ja,
        html="",
        url=f"https://city.example.lg.jp/alerts/{alert.pk}/",
        manage_url="",
        unsubscribe_url="",
        keys=endpoint.keys,
    )
    values.update(overrides)
    return Message(**values)


def test_payload_arrives_encrypted_and_decrypts_to_the_alert(push_service, alert):
    subscription = push_service.subscribe(application_server_key=vapid.public_key())
    endpoint = endpoint_for(subscription)
    sender = WebPushSender()
    sender.open()
    result = sender.send(message_for(endpoint, alert))
    sender.close()

    assert result.outcome is Outcome.SENT, push_service.refused
    [received] = push_service.received
    assert received.json == {
        "title": "大雨警報",
        "body": "川に近づかないでください。",
        "url": f"https://city.example.lg.jp/alerts/{alert.pk}/",
        "tag": f"alert-{alert.pk}",
        "severity": "Severe",
        "lang": "ja",
    }
    assert received.headers["content-encoding"] == "aes128gcm"
    assert received.headers["urgency"] == "high"
    assert received.headers["topic"] == f"alert-{alert.pk}"
    assert int(received.headers["ttl"]) > 0
    assert received.claims["aud"] == push_service.origin
    assert received.claims["sub"].startswith("mailto:")


def test_an_update_carries_the_original_alerts_tag(push_service, alert):
    update = Alert.objects.create(
        identifier="urn:yakuba:test:push-2",
        category=alert.category,
        msg_type=MsgType.UPDATE,
        references=alert,
        event="大雨",
        severity="Moderate",
        title_ja="大雨警報（更新）",
        body_ja="警報は続いています。",
    )
    subscription = push_service.subscribe()
    endpoint = endpoint_for(subscription)
    sender = WebPushSender()
    assert sender.send(message_for(endpoint, update)).outcome is Outcome.SENT
    [received] = push_service.received
    assert received.json["tag"] == f"alert-{alert.pk}"
    assert received.headers["urgency"] == "normal"


def test_a_chunk_reuses_one_session_and_one_vapid_token(push_service, alert):
    endpoints = [endpoint_for(push_service.subscribe()) for _ in range(30)]
    sender = WebPushSender()
    sender.open()
    session = sender.session
    results = [sender.send(message_for(e, alert, index)) for index, e in enumerate(endpoints)]
    assert sender.session is session
    sender.close()
    assert {result.outcome for result in results} == {Outcome.SENT}
    assert len(push_service.received) == 30
    tokens = {item.headers["authorization"] for item in push_service.received}
    assert len(tokens) == 1
    by_subscription = {item.subscription_id for item in push_service.received}
    assert len(by_subscription) == 30  # each decrypted with its own subscription's keys


def test_gone_subscription_is_switched_off(push_service, alert):
    subscription = push_service.subscribe()
    endpoint = endpoint_for(subscription)
    push_service.gone.add(subscription["endpoint"].rsplit("/", 1)[1])
    result = WebPushSender().send(message_for(endpoint, alert))
    assert result.outcome is Outcome.GONE
    endpoint.refresh_from_db()
    assert endpoint.active is False and "410" in endpoint.disabled_reason


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(429, Outcome.RETRY), (503, Outcome.RETRY), (413, Outcome.BOUNCED), (400, Outcome.BOUNCED)],
)
def test_push_service_answers_map_to_outcomes(push_service, alert, status, outcome):
    subscription = push_service.subscribe()
    endpoint = endpoint_for(subscription)
    push_service.status_for[subscription["endpoint"].rsplit("/", 1)[1]] = status
    assert WebPushSender().send(message_for(endpoint, alert)).outcome is outcome
    endpoint.refresh_from_db()
    assert endpoint.active is True


def test_unreachable_push_service_is_a_temporary_failure(alert):
    with PushService() as service:
        subscription = service.subscribe()
    endpoint = endpoint_for(subscription)  # the service has stopped: connection refused
    assert WebPushSender().send(message_for(endpoint, alert)).outcome is Outcome.RETRY


def test_a_subscription_bound_to_another_key_is_refused(push_service, alert):
    other = PushService()  # any other P-256 public key will do
    foreign_key = other.subscribe()["keys"]["p256dh"]
    other._server.server_close()
    subscription = push_service.subscribe(application_server_key=foreign_key)
    endpoint = endpoint_for(subscription)
    assert WebPushSender().send(message_for(endpoint, alert)).outcome is Outcome.BOUNCED
    assert push_service.refused[0][1] == 403 and not push_service.received


def test_long_bodies_are_cut_to_fit_one_push_message(push_service, alert):
    endpoint = endpoint_for(push_service.subscribe())
    result = WebPushSender().send(message_for(endpoint, alert, text="あ" * 5000))
    assert result.outcome is Outcome.SENT
    body = push_service.received[0].json["body"]
    assert body.endswith("…") and len(body.encode()) < 3000


def test_loopback_service_rejects_bad_vapid_tokens():
    signer = vapid.load()
    now = int(time.time())
    good = signer.sign({"sub": "mailto:a@example.jp", "aud": "http://127.0.0.1:1", "exp": now + 60})
    claims, _key = verify_vapid(good["Authorization"], "http://127.0.0.1:1")
    assert claims["aud"] == "http://127.0.0.1:1"
    with pytest.raises(VapidError, match="aud"):
        verify_vapid(good["Authorization"], "http://127.0.0.1:2")
    late = signer.sign(
        {"sub": "mailto:a@example.jp", "aud": "http://127.0.0.1:1", "exp": now + 25 * 3600}
    )
    with pytest.raises(VapidError, match="24 hours"):
        verify_vapid(late["Authorization"], "http://127.0.0.1:1")
    token = good["Authorization"]
    tampered = token.replace("t=", "t=" + ("A" if token[8] != "A" else "B"), 1)
    with pytest.raises(VapidError):
        verify_vapid(tampered, "http://127.0.0.1:1")
