"""The e-mails of subscribing: the confirmation link and the management link.

Written in the language the subscriber chose (日本語, English or やさしい日本語), which is
not always the page language: the texts are one template per language under
``alerts/email_confirm/`` (やさしい日本語 has no Django locale), not the gettext catalogue.
Each mail is ``multipart/alternative`` (text + HTML) and leaves through the ``"default"``
mailer on the ``mail`` task queue after the transaction commits (HOUSE_STYLE habit 3).

Sent by the project's :func:`yakuba.core.tasks.send_mail_task` (text + HTML, the city's
name as the sender's display name).
"""

from __future__ import annotations

from django.db import transaction
from django.template.loader import render_to_string

from yakuba.core.services import get_municipality
from yakuba.core.tasks import send_mail_task

#: Subjects per (kind, language).  The city's name is put in front.
SUBJECTS: dict[tuple[str, str], str] = {
    ("confirm", "ja"): "配信登録の確認",
    ("confirm", "en"): "Please confirm your subscription",
    ("confirm", "easy"): "とうろく の かくにん",
    ("manage", "ja"): "配信設定の変更・停止のご案内",
    ("manage", "en"): "Your subscription settings",
    ("manage", "easy"): "とうろく の へんこう・ていし",
}
KINDS = ("confirm", "manage")


def _city_name(language: str) -> str:
    profile = get_municipality()
    if profile is None:
        return ""
    if language == "en":
        return getattr(profile, "name_en", "") or profile.name
    return profile.name


def render(kind: str, language: str, **urls: str) -> tuple[str, str, str]:
    """``(subject, text, html)`` of one mail; ``urls``: ``confirm_url`` and/or ``manage_url``."""
    if kind not in KINDS:
        raise ValueError(f"unknown mail kind {kind!r}")
    if language not in ("ja", "en", "easy"):
        language = "ja"
    city = _city_name(language)
    context = {
        "kind": kind,
        "city": city,
        "confirm_url": urls.get("confirm_url", ""),
        "manage_url": urls.get("manage_url", ""),
        "days": 3,
    }
    subject = SUBJECTS[(kind, language)]
    if city:
        subject = f"[{city}] {subject}" if language == "en" else f"【{city}】{subject}"
    text = render_to_string(f"alerts/email_confirm/{language}.txt", context)
    html = render_to_string(f"alerts/email_confirm/{language}.html", context)
    return subject, text, html


def send_after_commit(kind: str, address: str, language: str, **urls: str) -> None:
    """Render now, enqueue the sending task when the surrounding transaction commits."""
    subject, text, html = render(kind, language, **urls)
    content_language = "en" if language == "en" else "ja"
    headers = {"Auto-Submitted": "auto-generated", "Content-Language": content_language}
    sender_name = _city_name(content_language)
    transaction.on_commit(
        lambda: send_mail_task.enqueue(subject, text, [address], html, sender_name, headers)
    )
