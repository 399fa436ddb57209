"""Retention: delivery records last a year; switched-off endpoints keep no address."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from yakuba.alerts.models import Alert, Delivery, Endpoint, Subscriber
from yakuba.alerts.services import endpoints
from yakuba.alerts.services.retention import purge

pytestmark = pytest.mark.django_db


def _endpoint(address: str, channel: str = "email") -> Endpoint:
    subscriber = Subscriber.objects.create(category_mask=1)
    return Endpoint.objects.create(
        subscriber=subscriber,
        channel=channel,
        address=address,
        keys={"p256dh": "x", "auth": "y"} if channel == "webpush" else {},
        confirmed_at=timezone.now(),
    )


def test_old_delivery_records_go_and_recent_ones_stay(categories, capsys):
    endpoint = _endpoint("a@example.jp")
    now = timezone.now()
    old_alert = Alert.objects.create(
        identifier="urn:uuid:old",
        category=categories["shisei"],
        event="x",
        title_ja="t",
        body_ja="b",
    )
    new_alert = Alert.objects.create(
        identifier="urn:uuid:new",
        category=categories["shisei"],
        event="x",
        title_ja="t",
        body_ja="b",
    )
    Delivery.objects.create(
        alert=old_alert,
        endpoint=endpoint,
        channel="email",
        state="sent",
        sent_at=now - datetime.timedelta(days=366),
    )
    kept = Delivery.objects.create(
        alert=new_alert,
        endpoint=endpoint,
        channel="email",
        state="sent",
        sent_at=now - datetime.timedelta(days=364),
    )
    call_command("alerts_purge")
    assert "deleted 1 delivery records" in capsys.readouterr().out
    assert list(Delivery.objects.values_list("pk", flat=True)) == [kept.pk]


def test_switched_off_endpoints_keep_no_address_or_keys():
    gone = _endpoint("https://push.example/abc", channel="webpush")
    live = _endpoint("b@example.jp")
    endpoints.deactivate(gone.pk, "push service answered 410")
    assert purge().endpoints == 1
    gone.refresh_from_db()
    live.refresh_from_db()
    assert gone.address == f"unsubscribed:{gone.pk}" and gone.keys == {}
    assert gone.disabled_reason == "push service answered 410"
    assert live.address == "b@example.jp"
    assert purge().endpoints == 0  # nothing left to erase
