"""Web Push and LINE through the delivery engine: compose, send, and what actually arrived."""

from __future__ import annotations

import pytest

from yakuba.alerts.channels import vapid
from yakuba.alerts.models import AlertStatus, Delivery, DeliveryState, Endpoint
from yakuba.alerts.services import compose, line, push
from yakuba.alerts.services.compose import AlertContent
from yakuba.alerts.testing.line_api import LineApiStandIn, new_user_id
from yakuba.alerts.testing.push_service import PushService

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(settings):
    with PushService() as push_service, LineApiStandIn("token-0123") as line_api:
        settings.YAKUBA_LINE_API_BASE = line_api.base_url
        settings.YAKUBA_LINE_CHANNEL_ACCESS_TOKEN = "token-0123"
        yield push_service, line_api


def test_one_alert_reaches_push_and_line_subscribers_once_each(
    categories, composer, city, services, django_capture_on_commit_callbacks
):
    push_service, line_api = services
    shisei = categories["shisei"]
    key = vapid.public_key()
    browser_ja = push_service.subscribe(application_server_key=key)
    browser_en = push_service.subscribe(application_server_key=key)
    gone = push_service.subscribe(application_server_key=key)
    for subscription, language in [(browser_ja, "ja"), (browser_en, "en"), (gone, "ja")]:
        preferences = push.validate_preferences(language, ["shisei"], [])
        push.register_push_subscription(subscription["endpoint"], subscription["keys"], preferences)
    push_service.gone.add(gone["endpoint"].rsplit("/", 1)[1])
    line_user = new_user_id()
    endpoint = line.follow(line_user)
    endpoint.subscriber.category_mask |= shisei.mask
    endpoint.subscriber.save()

    content = AlertContent(
        category=shisei,
        event="お知らせ",
        title_ja="窓口の延長",
        body_ja="本日は窓口を18時まで開けます。",
        title_en="Longer opening hours",
        body_en="Counters stay open until 18:00 today.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        alert = compose.submit(composer, compose.create_draft(composer, content))
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SENT

    by_subscription = {item.subscription_id: item.json for item in push_service.received}
    ja = by_subscription[browser_ja["endpoint"].rsplit("/", 1)[1]]
    en = by_subscription[browser_en["endpoint"].rsplit("/", 1)[1]]
    assert len(push_service.received) == 2
    assert ja["title"] == "窓口の延長" and "18時まで" in ja["body"]
    assert ja["url"].endswith(f"/alerts/{alert.pk}/") and ja["tag"] == f"alert-{alert.pk}"
    assert en["title"] == "Longer opening hours" and en["lang"] == "en"

    [pushed] = line_api.pushes
    assert pushed.to == line_user
    assert "本日は窓口を18時まで開けます。" in pushed.text and "/alerts/manage/" in pushed.text

    gone_endpoint = Endpoint.objects.get(address=gone["endpoint"])
    assert not gone_endpoint.active
    states = dict(Delivery.objects.filter(alert=alert).values_list("endpoint__address", "state"))
    assert states[gone["endpoint"]] == DeliveryState.FAILED
    assert states[line_user] == states[browser_ja["endpoint"]] == DeliveryState.SENT
