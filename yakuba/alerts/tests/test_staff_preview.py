"""Preview per channel and language: what the renderer gives, with length warnings."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yakuba.alerts.services import compose
from yakuba.alerts.services.compose import AlertContent
from yakuba.identity.testing import login_staff

pytestmark = pytest.mark.django_db


def draft(user, category, **overrides):
    values = dict(
        category=category,
        event="大雨",
        title_ja="大雨に警戒",
        body_ja="川に近づかないでください。",
        title_easy="おおあめ",
        body_easy="かわに ちかづかないで ください。",
    )
    values.update(overrides)
    return compose.create_draft(user, AlertContent(**values))


def test_preview_shows_every_channel_in_the_chosen_language(client, categories, composer):
    alert = draft(composer, categories["bosai"])
    login_staff(client, composer)
    url = reverse("console:alerts:preview", args=[alert.pk])
    page = client.get(url, {"language": "easy"}).content.decode()
    assert "かわに ちかづかないで ください。" in page
    assert "おおあめ" in page
    assert "警告" not in page and "notice-warning" not in page
    # English was not written: the Japanese text is shown, and the page says so
    english = client.get(url, {"language": "en"})
    assert english.context["fallback"] is True
    assert "川に近づかないでください。" in english.content.decode()
    assert client.get(url, {"language": "xx"}).context["language"] == "ja"


def test_long_texts_are_warned_and_cut_as_a_phone_would(client, categories, composer):
    body = "あ" * 5100
    alert = draft(composer, categories["bosai"], body_ja=body)
    login_staff(client, composer)
    response = client.get(reverse("console:alerts:preview", args=[alert.pk]))
    page = response.content.decode()
    assert "プッシュ通知の本文が120文字を超えています" in page
    assert "LINEでは本文の一部が省略されます" in page
    shown = response.context["push_body"].shown
    assert len(shown) == 120 and shown.endswith("…")


def test_email_html_is_served_for_a_sandboxed_frame_only(client, categories, composer):
    alert = draft(composer, categories["bosai"], body_ja="<script>alert(1)</script>")
    login_staff(client, composer)
    response = client.get(reverse("console:alerts:preview_email", args=[alert.pk]))
    policy = response["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert "frame-ancestors 'self'" in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "<script>" not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()
    page = client.get(reverse("console:alerts:preview", args=[alert.pk])).content.decode()
    assert 'sandbox=""' in page and "<script>alert" not in page
