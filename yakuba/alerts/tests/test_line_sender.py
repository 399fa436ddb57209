"""LineSender against the loopback LINE API, which enforces the documented request format."""

from __future__ import annotations

import pytest

from yakuba.alerts.channels.base import Message, Outcome
from yakuba.alerts.channels.line import LineSender, retry_key
from yakuba.alerts.models import Channel, Endpoint, Subscriber
from yakuba.alerts.testing.line_api import LineApiStandIn, new_user_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def line_api(settings):
    with LineApiStandIn(channel_access_token="token-0123") as stand_in:
        settings.YAKUBA_LINE_API_BASE = stand_in.base_url
        settings.YAKUBA_LINE_CHANNEL_ACCESS_TOKEN = "token-0123"
        yield stand_in


def line_endpoint(user_id: str | None = None) -> Endpoint:
    subscriber = Subscriber.objects.create(category_mask=1)
    return Endpoint.objects.create(
        subscriber=subscriber, channel=Channel.LINE, address=user_id or new_user_id()
    )


def message_for(
    endpoint: Endpoint, delivery_id: int = 7, text: str = "【武蔵村山市】大雨警報"
) -> Message:
    return Message(
        delivery_id=delivery_id,
        endpoint_id=endpoint.pk,
        address=endpoint.address,
        language="ja",
        alert_identifier="urn:yakuba:test:line",
        msg_type="Alert",
        severity="Severe",
        subject="大雨警報",
        text=text,
        html="",
        url="https://city.example.lg.jp/alerts/1/",
        manage_url="",
        unsubscribe_url="",
    )


def test_push_arrives_with_the_retry_key_of_the_delivery(line_api):
    endpoint = line_endpoint()
    sender = LineSender()
    sender.open()
    result = sender.send(message_for(endpoint))
    sender.close()
    assert result.outcome is Outcome.SENT, line_api.refused
    [pushed] = line_api.pushes
    assert pushed.to == endpoint.address
    assert pushed.messages == [{"type": "text", "text": "【武蔵村山市】大雨警報"}]
    assert pushed.retry_key == retry_key(7)


def test_a_retried_delivery_is_not_sent_twice(line_api):
    endpoint = line_endpoint()
    first, second = LineSender(), LineSender()  # e.g. a worker that crashed, then its successor
    assert first.send(message_for(endpoint)).outcome is Outcome.SENT
    assert second.send(message_for(endpoint)).outcome is Outcome.SENT  # LINE answered 409
    assert len(line_api.pushes) == 1
    assert line_api.refused[-1][1] == 409


def test_retry_keys_are_stable_uuids_one_per_delivery():
    assert retry_key(1) == retry_key(1)
    assert retry_key(1) != retry_key(2)
    assert len(retry_key(1)) == 36 and retry_key(1).count("-") == 4


def test_long_text_is_cut_to_the_5000_character_limit(line_api):
    endpoint = line_endpoint()
    result = LineSender().send(message_for(endpoint, text="あ" * 6000))
    assert result.outcome is Outcome.SENT, line_api.refused
    assert len(line_api.pushes[0].text) == 5000 and line_api.pushes[0].text.endswith("…")


def test_a_user_who_blocked_the_account_is_switched_off(line_api):
    endpoint = line_endpoint()
    line_api.blocked.add(endpoint.address)
    assert LineSender().send(message_for(endpoint)).outcome is Outcome.GONE
    endpoint.refresh_from_db()
    assert endpoint.active is False


@pytest.mark.parametrize(("status", "outcome"), [(429, Outcome.RETRY), (500, Outcome.RETRY)])
def test_temporary_failures_are_retried(line_api, status, outcome):
    endpoint = line_endpoint()
    line_api.status_for[endpoint.address] = status
    assert LineSender().send(message_for(endpoint)).outcome is outcome
    endpoint.refresh_from_db()
    assert endpoint.active is True
    del line_api.status_for[endpoint.address]  # the same key goes through once LINE recovers
    assert LineSender().send(message_for(endpoint)).outcome is Outcome.SENT
    assert len(line_api.pushes) == 1


def test_a_wrong_token_is_refused_and_kept_for_retry(line_api, settings):
    settings.YAKUBA_LINE_CHANNEL_ACCESS_TOKEN = "wrong"
    endpoint = line_endpoint()
    assert LineSender().send(message_for(endpoint)).outcome is Outcome.RETRY
    assert line_api.refused[0][1] == 401 and not line_api.pushes


def test_the_stand_in_enforces_the_request_format(line_api):
    """The stand-in is only useful if it refuses what LINE refuses."""
    import requests

    url = f"{line_api.base_url}/v2/bot/message/push"
    auth = {"Authorization": "Bearer token-0123"}
    good = {"to": new_user_id(), "messages": [{"type": "text", "text": "x"}]}
    cases = [
        ({**good, "to": "not-a-user"}, auth, 400),
        ({**good, "messages": []}, auth, 400),
        ({**good, "messages": [{"type": "text", "text": "x"}] * 6}, auth, 400),
        ({**good, "messages": [{"type": "text", "text": "x" * 5001}]}, auth, 400),
        ({**good, "messages": [{"type": "sticker"}]}, auth, 400),
        (good, {**auth, "X-Line-Retry-Key": "not-a-uuid"}, 400),
        (good, {"Authorization": "Bearer other"}, 401),
    ]
    for payload, headers, status in cases:
        assert requests.post(url, json=payload, headers=headers, timeout=5).status_code == status
    not_json = requests.post(url, data="to=U", headers=auth, timeout=5)
    assert not_json.status_code == 415
    assert not line_api.pushes


def test_an_invalid_user_id_is_never_sent(line_api):
    endpoint = line_endpoint("Uxyz")
    assert LineSender().send(message_for(endpoint)).outcome is Outcome.GONE
    assert not line_api.pushes and not line_api.refused
