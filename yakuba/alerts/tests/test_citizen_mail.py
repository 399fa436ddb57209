"""The confirmation e-mail as a real SMTP server on loopback received it, and its link."""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime

import pytest
from django.test import override_settings

from yakuba.alerts.models import Endpoint
from yakuba.alerts.testing.smtp_sink import SmtpSink

pytestmark = pytest.mark.django_db

CONFIRM_PATH = re.compile(r"https?://[^/\s]+(/alerts/confirm/[^\s\"<]+/)")


def smtp_mailers(port: int) -> dict:
    """MAILERS with the account/transactional mailer ("default") on the loopback sink."""
    smtp = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
    }
    return {"default": smtp, "alerts": smtp}


@pytest.fixture
def sink():
    with SmtpSink() as running, override_settings(MAILERS=smtp_mailers(running.port)):
        yield running


def subscribe(client, capture, address: str, language: str):
    with capture(execute=True):
        response = client.post(
            "/alerts/subscribe/",
            {"email": address, "categories": ["bosai"], "coverage": "whole", "language": language},
        )
    assert response.status_code == 302


def parts(message) -> dict[str, str]:
    return {
        part.get_content_type(): part.get_content()
        for part in message.walk()
        if not part.is_multipart()
    }


def test_the_confirmation_mail_arrives_by_smtp_and_its_link_confirms(
    client, city, categories, sink, django_capture_on_commit_callbacks
):
    subscribe(client, django_capture_on_commit_callbacks, "hanako@example.jp", "ja")
    [received] = sink.to("hanako@example.jp")
    message = received.message
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"] == "【武蔵村山市】配信登録の確認"
    assert "武蔵村山市" in str(message["From"])
    assert parsedate_to_datetime(message["Date"]) is not None
    assert message["Message-ID"].startswith("<") and message["Auto-Submitted"] == "auto-generated"
    bodies = parts(message)
    assert set(bodies) == {"text/plain", "text/html"}
    assert "登録はまだ完了していません" in bodies["text/plain"]
    path = CONFIRM_PATH.search(bodies["text/plain"]).group(1)
    assert path in bodies["text/html"]
    assert Endpoint.objects.get().confirmed_at is None
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    assert Endpoint.objects.get().deliverable
    assert len(sink.messages) == 1  # confirming sends nothing more


@pytest.mark.parametrize(
    ("language", "subject", "phrase"),
    [
        ("en", "[Musashimurayama City] Please confirm your subscription", "not active yet"),
        ("easy", "【武蔵村山市】とうろく の かくにん", "まだ とうろく は おわって いません"),
    ],
)
def test_the_mail_is_in_the_chosen_language(
    client, city, categories, sink, django_capture_on_commit_callbacks, language, subject, phrase
):
    subscribe(client, django_capture_on_commit_callbacks, "taro@example.jp", language)
    [received] = sink.to("taro@example.jp")
    assert received.message["Subject"] == subject
    assert received.message["Content-Language"] == ("en" if language == "en" else "ja")
    assert phrase in parts(received.message)["text/plain"]
