"""The LINE webhook: signature first, then follow / unfollow / text commands."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yakuba.alerts.models import Channel, Endpoint
from yakuba.alerts.services.line import signature_for, verify_signature
from yakuba.alerts.testing.line_api import (
    LineApiStandIn,
    new_user_id,
    signed_webhook,
    webhook_event,
)

pytestmark = pytest.mark.django_db
SECRET = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def line_api(settings):
    with LineApiStandIn(channel_access_token="token-0123") as stand_in:
        settings.YAKUBA_LINE_API_BASE = stand_in.base_url
        settings.YAKUBA_LINE_CHANNEL_ACCESS_TOKEN = "token-0123"
        settings.YAKUBA_LINE_CHANNEL_SECRET = SECRET
        yield stand_in


def deliver(client, events, secret=SECRET, signature=None):
    body, good_signature = signed_webhook(events, secret)
    return client.post(
        reverse("portal:alert_push:line_webhook"),
        data=body,
        content_type="application/json",
        HTTP_X_LINE_SIGNATURE=good_signature if signature is None else signature,
    )


def test_follow_subscribes_to_disaster_alerts_and_replies_with_the_manage_link(
    client, categories, line_api
):
    user_id = new_user_id()
    response = deliver(client, [webhook_event("follow", user_id)])
    assert response.status_code == 200
    endpoint = Endpoint.objects.select_related("subscriber").get(channel=Channel.LINE)
    assert endpoint.address == user_id and endpoint.deliverable
    subscriber = endpoint.subscriber
    assert subscriber.category_mask == categories["bosai"].mask
    assert subscriber.whole_city and subscriber.language == "ja"
    [reply] = line_api.replies
    text = reply["messages"][0]["text"]
    assert "防災・気象" in text and "/alerts/manage/" in text
    from yakuba.alerts.links import subscriber_from_manage_token

    token = text.split("/alerts/manage/")[1].split("/")[0]
    assert subscriber_from_manage_token(token) == subscriber


def test_follow_takes_the_language_of_the_users_line_app(client, categories, line_api):
    user_id = new_user_id()
    line_api.languages[user_id] = "en"
    deliver(client, [webhook_event("follow", user_id)])
    assert Endpoint.objects.get().subscriber.language == "en"
    assert "Thank you" in line_api.replies[0]["messages"][0]["text"]


def test_unfollow_switches_off_and_a_new_follow_switches_back_on(client, categories, line_api):
    user_id = new_user_id()
    deliver(client, [webhook_event("follow", user_id)])
    deliver(client, [webhook_event("unfollow", user_id)])
    endpoint = Endpoint.objects.get()
    assert not endpoint.active
    deliver(client, [webhook_event("follow", user_id)])  # unblocked
    assert Endpoint.objects.count() == 1 and Endpoint.objects.get().deliverable


def test_text_commands_settings_and_stop(client, categories, line_api):
    user_id = new_user_id()
    deliver(client, [webhook_event("follow", user_id)])
    deliver(client, [webhook_event("message", user_id, message={"type": "text", "text": "設定"})])
    assert "/alerts/manage/" in line_api.replies[-1]["messages"][0]["text"]
    deliver(client, [webhook_event("message", user_id, message={"type": "text", "text": "停止"})])
    assert not Endpoint.objects.get().active
    assert "停止しました" in line_api.replies[-1]["messages"][0]["text"]


def test_a_wrong_signature_is_refused_before_anything_happens(client, categories, line_api):
    user_id = new_user_id()
    assert deliver(client, [webhook_event("follow", user_id)], secret="x" * 32).status_code == 403
    assert deliver(client, [webhook_event("follow", user_id)], signature="").status_code == 403
    assert not Endpoint.objects.exists() and not line_api.replies


def test_an_altered_body_fails_the_signature(client, line_api):
    body, signature = signed_webhook([webhook_event("follow", new_user_id())], SECRET)
    response = client.post(
        reverse("portal:alert_push:line_webhook"),
        data=body.replace(b"follow", b"unfollow", 1),
        content_type="application/json",
        HTTP_X_LINE_SIGNATURE=signature,
    )
    assert response.status_code == 403


def test_webhook_is_off_without_a_channel_secret(client, settings):
    settings.YAKUBA_LINE_CHANNEL_SECRET = ""
    body, signature = signed_webhook([], SECRET)
    response = client.post(
        reverse("portal:alert_push:line_webhook"),
        data=body,
        content_type="application/json",
        HTTP_X_LINE_SIGNATURE=signature,
    )
    assert response.status_code == 404


def test_verification_request_and_odd_events_answer_200(client, line_api):
    assert deliver(client, []).status_code == 200  # LINE's "Verify" button sends no events
    odd = [
        {"type": "follow", "source": {"type": "group", "groupId": "C" + "0" * 32}},
        {"type": "follow", "source": {"type": "user", "userId": "not-an-id"}},
        "not an event",
    ]
    assert deliver(client, odd).status_code == 200
    assert not Endpoint.objects.exists()


def test_signature_is_base64_hmac_sha256_of_the_raw_body():
    # computed here independently with hmac, hashlib and base64
    import base64
    import hashlib
    import hmac

    body = b'{"events":[]}'
    expected = base64.b64encode(hmac.new(b"secret", body, hashlib.sha256).digest()).decode()
    assert signature_for(body, "secret") == expected
    assert verify_signature(body, expected, "secret")
    assert not verify_signature(body, expected, "other")
    assert not verify_signature(body, expected, "")
