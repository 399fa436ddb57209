"""Rendering per channel and language (staff previews, push and LINE texts), and the locmem path."""

from __future__ import annotations

import pytest
from django.core import mail

from yakuba.alerts.delivery.render import render
from yakuba.alerts.models import Alert, MsgType
from yakuba.alerts.services import compose

from .test_delivery_engine import send, subscribe

pytestmark = pytest.mark.django_db


def _alert(category, **overrides) -> Alert:
    values = dict(
        identifier=compose.new_identifier(),
        category=category,
        event="大雨",
        title_ja="大雨警報",
        body_ja="川に近づかないでください。",
        title_easy="大雨の 警報",
        body_easy="川に 近づかないで ください。",
        severity="Severe",
    )
    values.update(overrides)
    return Alert.objects.create(**values)


def test_preview_has_placeholder_links_and_every_channel_form(categories, city):  # noqa: F811
    alert = _alert(categories["bosai"])
    preview = render(alert, "webpush", "easy")
    assert preview.language == "easy"
    assert preview.subject == "【武蔵村山市】大雨の 警報"
    assert "（ひとり ひとりの リンク）" in preview.text
    assert preview.push == {
        "title": "大雨の 警報",
        "body": "川に 近づかないで ください。",
        "url": f"http://127.0.0.1:8000/alerts/{alert.pk}/",
        "tag": f"alert-{alert.pk}",
        "severity": "Severe",
    }
    assert preview.line_text.startswith("大雨の 警報\n")
    assert f"/alerts/{alert.pk}/" in preview.line_text
    english = render(alert, "email", "en")  # no English text: 日本語
    assert english.language == "ja" and english.subject == "【武蔵村山市】大雨警報"


def test_cancel_shares_the_original_tag_and_is_marked(categories, city):  # noqa: F811
    original = _alert(categories["bosai"])
    cancel = _alert(
        categories["bosai"],
        msg_type=MsgType.CANCEL,
        references=original,
        title_ja="大雨警報の解除",
        title_easy="",
        body_easy="",
    )
    rendered = render(cancel, "webpush", "ja")
    assert rendered.subject == "【武蔵村山市】【取消し】大雨警報の解除"
    assert rendered.push["title"] == "【取消し】大雨警報の解除"
    assert rendered.push["tag"] == f"alert-{original.pk}"
    assert "<h1" in rendered.html and "【取消し】" in rendered.html


def test_html_escapes_the_alert_text(categories, city):  # noqa: F811
    alert = _alert(categories["bosai"], body_ja="<script>alert(1)</script>")
    rendered = render(alert, "email", "ja")
    assert "<script>" not in rendered.html and "&lt;script&gt;" in rendered.html
    assert "<script>alert(1)</script>" in rendered.text


def test_non_smtp_mailer_gets_the_same_message(
    categories,
    composer,
    city,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    subscribe("taro@example.jp", [categories["shisei"]])
    send(composer, categories["shisei"], django_capture_on_commit_callbacks)
    [message] = mail.outbox  # the test settings' locmem "alerts" mailer
    assert message.to == ["taro@example.jp"]
    assert message.subject == "【武蔵村山市】市役所からのお知らせ"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.alternatives[0].mimetype == "text/html"
    assert message.message()["Message-ID"].endswith("@yakuba.example.jp>")
