"""The delivery engine end to end: what a real loopback SMTP server actually received."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.utils import timezone

from yakuba.alerts import delivery
from yakuba.alerts.delivery import engine, queries
from yakuba.alerts.delivery.tasks import plan_fanout
from yakuba.alerts.models import (
    Alert,
    AlertStatus,
    Delivery,
    DeliveryState,
    Endpoint,
    Subscriber,
    SubscriberArea,
)
from yakuba.alerts.services import compose
from yakuba.alerts.services.compose import AlertContent
from yakuba.alerts.testing.smtp_sink import SmtpSink

pytestmark = pytest.mark.django_db


def smtp_mailers(port: int) -> dict:
    """MAILERS with the "alerts" mailer on a loopback SMTP server."""
    return {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
        "alerts": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        },
    }


def subscribe(
    address: str,
    categories,
    *,
    language: str = "ja",
    areas: list[str] | None = None,
    confirmed: bool = True,
    active: bool = True,
) -> Endpoint:
    mask = 0
    for category in categories:
        mask |= category.mask
    subscriber = Subscriber.objects.create(
        language=language, category_mask=mask, whole_city=not areas
    )
    for code in areas or []:
        SubscriberArea.objects.create(subscriber=subscriber, area_code=code)
    return Endpoint.objects.create(
        subscriber=subscriber,
        channel="email",
        address=address,
        confirmed_at=timezone.now() if confirmed else None,
        active=active,
    )


@pytest.fixture
def sink():
    with SmtpSink() as running, override_settings(MAILERS=smtp_mailers(running.port)):
        yield running


def send(composer, category, capture, **overrides) -> Alert:
    values = dict(
        category=category,
        event="お知らせ",
        title_ja="市役所からのお知らせ",
        body_ja="本日は窓口を18時まで開けます。",
        title_en="Notice from the city",
        body_en="Counters stay open until 18:00 today.",
    )
    values.update(overrides)
    with capture(execute=True):
        alert = compose.submit(composer, compose.create_draft(composer, AlertContent(**values)))
    alert.refresh_from_db()
    return alert


def part(message, content_type: str) -> str:
    return next(p for p in message.walk() if p.get_content_type() == content_type).get_content()


def test_each_subscriber_gets_one_proper_multipart_message_in_their_language(
    categories, composer, city, sink, django_capture_on_commit_callbacks
):
    shisei = categories["shisei"]
    ja = subscribe("taro@example.jp", [shisei])
    subscribe("emily@example.jp", [shisei], language="en")
    subscribe("easy@example.jp", [shisei], language="easy")  # no やさしい日本語 text: 日本語
    subscribe("other@example.jp", [categories["bosai"]])  # another category

    alert = send(composer, shisei, django_capture_on_commit_callbacks)

    assert sorted(address for m in sink.messages for address in m.rcpt_tos) == [
        "easy@example.jp",
        "emily@example.jp",
        "taro@example.jp",
    ]
    message = sink.to("taro@example.jp")[0].message
    assert message["Subject"] == "【武蔵村山市】市役所からのお知らせ"
    assert "=?utf-8?" in sink.to("taro@example.jp")[0].raw.decode("ascii").split("Subject:")[1]
    assert message.get_content_type() == "multipart/alternative"
    assert message["Date"] and message["Auto-Submitted"] == "auto-generated"
    delivery_row = Delivery.objects.get(alert=alert, endpoint=ja)
    assert message["Message-ID"] == (
        f"<{alert.identifier.rpartition(':')[2]}.{delivery_row.pk}@yakuba.example.jp>"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(
        r"<(http://127\.0\.0\.1:8000/alerts/unsubscribe/[^/]+/)>", message["List-Unsubscribe"]
    )
    assert unsubscribe
    text, html = part(message, "text/plain"), part(message, "text/html")
    for body in (text, html):
        assert "本日は窓口を18時まで開けます。" in body
        assert f"http://127.0.0.1:8000/alerts/{alert.pk}/" in body
        assert unsubscribe[1] in body
        assert "/alerts/manage/" in body
    english = sink.to("emily@example.jp")[0].message
    assert english["Subject"] == "[Musashimurayama City] Notice from the city"
    assert "Counters stay open until 18:00 today." in part(english, "text/plain")
    easy = sink.to("easy@example.jp")[0].message
    assert easy["Subject"] == "【武蔵村山市】市役所からのお知らせ"

    alert.refresh_from_db()
    assert alert.status == AlertStatus.SENT and alert.completed_at is not None
    assert alert.targets_total == 3 and alert.chunks_done == alert.chunks_total == 1
    assert list(alert.events.values_list("action", flat=True))[-1] == "completed"


def test_the_unsubscribe_link_names_that_endpoint(
    categories, composer, city, sink, django_capture_on_commit_callbacks
):
    from yakuba.alerts import links

    endpoint = subscribe("taro@example.jp", [categories["shisei"]])
    send(composer, categories["shisei"], django_capture_on_commit_callbacks)
    header = sink.messages[0].message["List-Unsubscribe"]
    token = header.rstrip("/>").rpartition("/")[2]
    assert links.endpoint_from_unsubscribe_token(token) == endpoint


@pytest.mark.db_guarantees
def test_areas_confirmation_and_activity_decide_who_is_reached(
    categories, composer, city, sink, areas, django_capture_on_commit_callbacks
):
    shisei = categories["shisei"]
    subscribe("whole@example.jp", [shisei])
    subscribe("here@example.jp", [shisei], areas=["0004001"])
    subscribe("elsewhere@example.jp", [shisei], areas=["0012000"])
    subscribe("unconfirmed@example.jp", [shisei], confirmed=False)
    subscribe("left@example.jp", [shisei], active=False)

    alert = send(composer, shisei, django_capture_on_commit_callbacks, area_codes=["0004001"])

    assert sorted(a for m in sink.messages for a in m.rcpt_tos) == [
        "here@example.jp",
        "whole@example.jp",
    ]
    assert alert.targets_total == 2


def test_update_is_marked_in_subject_and_body(
    categories, composer, city, sink, django_capture_on_commit_callbacks
):
    shisei = categories["shisei"]
    subscribe("taro@example.jp", [shisei])
    original = send(composer, shisei, django_capture_on_commit_callbacks)
    content = AlertContent(
        category=shisei, event="お知らせ", title_ja="窓口の時間", body_ja="17時までに変更します。"
    )
    with django_capture_on_commit_callbacks(execute=True):
        update = compose.create_draft(composer, content, references=original)
        compose.submit(composer, update)
    message = sink.messages[-1].message
    assert message["Subject"] == "【武蔵村山市】【更新】窓口の時間"
    assert part(message, "text/plain").startswith("【更新】")


@pytest.mark.db_guarantees
def test_a_retried_chunk_or_plan_sends_nothing_twice(
    categories, composer, city, sink, django_capture_on_commit_callbacks
):
    shisei = categories["shisei"]
    for number in range(5):
        subscribe(f"person{number}@example.jp", [shisei])
    with override_settings(YAKUBA_ALERT_CHUNK_SIZE=2):
        alert = send(composer, shisei, django_capture_on_commit_callbacks)
    assert alert.chunks_total == 3 and sink.count == 5

    Alert.objects.filter(pk=alert.pk).update(status=AlertStatus.SENDING)  # as if still running
    for chunk in range(3):
        assert engine.send_chunk(alert.pk, "email", chunk).sent == 0
    plan_fanout.enqueue(alert.pk)
    assert sink.count == 5
    assert Delivery.objects.filter(alert=alert).count() == 5


def test_refused_recipient_is_bounced_and_switched_off(
    categories, composer, city, django_capture_on_commit_callbacks
):
    shisei = categories["shisei"]
    good = subscribe("good@example.jp", [shisei])
    gone = subscribe("gone@example.jp", [shisei])
    subscribe("after@example.jp", [shisei])  # the chunk goes on after a refusal
    with (
        SmtpSink(refuse={"gone@example.jp"}) as refusing,
        override_settings(MAILERS=smtp_mailers(refusing.port)),
    ):
        alert = send(composer, shisei, django_capture_on_commit_callbacks)
    assert [m.rcpt_tos for m in refusing.messages] == [["good@example.jp"], ["after@example.jp"]]
    bounced = Delivery.objects.get(alert=alert, endpoint=gone)
    assert bounced.state == DeliveryState.BOUNCED and bounced.error.startswith("550")
    gone.refresh_from_db()
    good.refresh_from_db()
    assert not gone.active and good.active
    counts = queries.progress(alert)
    assert counts["by_channel"]["email"] == {"queued": 0, "sent": 2, "failed": 0, "bounced": 1}
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SENT


def test_dropped_connections_are_reopened_and_nobody_is_missed_or_repeated(
    categories, composer, city, django_capture_on_commit_callbacks
):
    shisei = categories["shisei"]
    addresses = [f"person{number}@example.jp" for number in range(10)]
    for address in addresses:
        subscribe(address, [shisei])
    with (
        SmtpSink(disconnect_every=3) as flaky,
        override_settings(MAILERS=smtp_mailers(flaky.port)),
    ):
        alert = send(composer, shisei, django_capture_on_commit_callbacks)
    assert flaky.data_commands >= 13  # three messages were refused with the connection
    assert sorted(a for m in flaky.messages for a in m.rcpt_tos) == sorted(addresses)
    assert Delivery.objects.filter(alert=alert, state=DeliveryState.SENT).count() == 10
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SENT


def test_server_down_fails_after_retries_then_retry_failed_delivers(
    categories, composer, approver, city, django_capture_on_commit_callbacks
):
    shisei = categories["shisei"]
    subscribe("taro@example.jp", [shisei])
    subscribe("hanako@example.jp", [shisei])
    closed = SmtpSink()  # never started: its port refuses connections
    with override_settings(MAILERS=smtp_mailers(closed.port)):
        alert = send(composer, shisei, django_capture_on_commit_callbacks)
    assert set(Delivery.objects.filter(alert=alert).values_list("state", "attempts")) == {
        (DeliveryState.FAILED, engine.MAX_ATTEMPTS)
    }
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SENT
    assert queries.progress(alert)["by_channel"]["email"]["failed"] == 2

    with SmtpSink() as back, override_settings(MAILERS=smtp_mailers(back.port)):
        with django_capture_on_commit_callbacks(execute=True):
            assert delivery.retry_failed(alert.pk, approver) == 2
    assert sorted(a for m in back.messages for a in m.rcpt_tos) == [
        "hanako@example.jp",
        "taro@example.jp",
    ]
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SENT
    assert alert.events.filter(action="retried", actor=approver).exists()
    assert queries.progress(alert) == {
        "total": 2,
        "chunks_done": 1,
        "chunks_total": 1,
        "by_channel": {"email": {"queued": 0, "sent": 2, "failed": 0, "bounced": 0}},
    }


def test_alert_with_nobody_to_reach_completes(
    categories, composer, city, sink, django_capture_on_commit_callbacks
):
    alert = send(composer, categories["shisei"], django_capture_on_commit_callbacks)
    assert alert.status == AlertStatus.SENT and alert.targets_total == 0
    assert sink.count == 0
