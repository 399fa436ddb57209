"""What an alert looks like on each channel, in each language (e-mail, push, LINE).

:func:`render` is the contract with the staff previews and the channels: it gives the
e-mail subject, plain text and HTML, the Web Push payload and the LINE text.  With
``endpoint=None`` the manage and unsubscribe links are placeholders (previews).

The fixed wording around the alert (「詳しくはこちら」, the links' labels, the
Update/Cancel markers) is written per *message* language, not per the reader's UI
language, so it lives in :data:`LABELS` rather than in the gettext catalogue: an
English subscriber gets English labels whatever locale the worker runs in, and
やさしい日本語 has no Django locale at all.

The engine renders each language once per chunk with :func:`render_with_links` and
marker links (:data:`MANAGE_MARK`, :data:`UNSUBSCRIBE_MARK`), then replaces the markers
per recipient: rendering templates a million times would cost more than sending.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from yakuba.core.services import get_municipality

from .. import links
from ..languages import LANGUAGE_TAGS
from ..models import Alert, Endpoint, MsgType

#: Stand-ins the engine replaces per recipient (never appear in a real address or text).
MANAGE_MARK = "https://yakuba.invalid/__manage__"
UNSUBSCRIBE_MARK = "https://yakuba.invalid/__unsubscribe__"

LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "Update": "【更新】",
        "Cancel": "【取消し】",
        "details": "詳しくはこちら",
        "sender": "このメールは送信専用です。返信はできません。",
        "manage": "配信内容の変更",
        "unsubscribe": "配信の停止",
        "preview_link": "（受信者ごとのリンク）",
    },
    "easy": {
        "Update": "【こうしん】",
        "Cancel": "【とりけし】",
        "details": "くわしく 見る",
        "sender": "この メールに 返事は できません。",
        "manage": "とどく 内容を かえる",
        "unsubscribe": "メールを とめる",
        "preview_link": "（ひとり ひとりの リンク）",
    },
    "en": {
        "Update": "[Update]",
        "Cancel": "[Cancelled]",
        "details": "Details",
        "sender": "This is an automated message; replies are not read.",
        "manage": "Change your settings",
        "unsubscribe": "Unsubscribe",
        "preview_link": "(link for each recipient)",
    },
}


@dataclass(frozen=True)
class Rendered:
    """One alert on one channel in one language."""

    subject: str
    text: str
    html: str
    push: dict[str, Any] = field(default_factory=dict)
    line_text: str = ""
    #: The language actually used (the requested one when the alert has it, else ``ja``).
    language: str = "ja"
    url: str = ""

    def with_links(self, manage_url: str, unsubscribe_url: str) -> Rendered:
        """The same message with the marker links replaced by one recipient's links."""

        def fill(value: str) -> str:
            return value.replace(MANAGE_MARK, manage_url).replace(UNSUBSCRIBE_MARK, unsubscribe_url)

        return replace(
            self, text=fill(self.text), html=fill(self.html), line_text=fill(self.line_text)
        )


def effective_language(alert: Alert, language: str) -> str:
    """The subscriber's language when the alert is written in it, else 日本語."""
    return language if language in alert.languages else "ja"


def alert_url(alert: Alert) -> str:
    """The alert's public page (``portal:alert_feeds:alert``), absolute."""
    try:
        path = reverse("portal:alert_feeds:alert", args=[alert.pk])
    except NoReverseMatch:  # the public pages are mounted by the outputs part
        path = f"/alerts/{alert.pk}/"
    return links.absolute(path)


def municipality_name(language: str) -> str:
    profile = get_municipality()
    if profile is None:
        return ""
    if language == "en":
        return profile.name_en or profile.name
    return profile.name


def _marker(alert: Alert, language: str, title: str) -> str:
    if alert.msg_type == MsgType.ALERT:
        return ""
    marker = LABELS[language][alert.msg_type]
    return "" if title.startswith(marker) else marker


def subject_for(alert: Alert, language: str) -> str:
    """「【武蔵村山市】【更新】大雨警報」: the city's name first, Update/Cancel marked."""
    language = effective_language(alert, language)
    title = alert.title_in(language)
    name = municipality_name(language)
    prefix = (f"[{name}] " if language == "en" else f"【{name}】") if name else ""
    return f"{prefix}{_marker(alert, language, title)}{title}"


def notification_tag(alert: Alert) -> str:
    """One tag per original alert: an Update or Cancel replaces its notification."""
    root = alert
    seen = set()
    while root.references_id is not None and root.pk not in seen:
        seen.add(root.pk)
        root = root.references
    return f"alert-{root.pk}"


def render_with_links(
    alert: Alert, channel: str, language: str, manage_url: str, unsubscribe_url: str
) -> Rendered:
    """Render every form of the alert with the given links (used by the engine with markers)."""
    del channel  # every channel's form is rendered: they share the work and stay consistent
    language = effective_language(alert, language)
    labels = LABELS[language]
    title = alert.title_in(language)
    url = alert_url(alert)
    context = {
        "title": title,
        "body": alert.body_in(language),
        "marker": _marker(alert, language, title),
        "labels": labels,
        "url": url,
        "manage_url": manage_url,
        "unsubscribe_url": unsubscribe_url,
        "subject": subject_for(alert, language),
        "html_lang": LANGUAGE_TAGS[language].split("-x-")[0],
    }
    push_body = render_to_string("alerts/messages/push.txt", context).strip()
    return Rendered(
        subject=context["subject"],
        text=render_to_string("alerts/email/alert.txt", context).strip() + "\n",
        html=render_to_string("alerts/email/alert.html", context),
        push={
            "title": f"{context['marker']}{title}",
            "body": push_body,
            "url": url,
            "tag": notification_tag(alert),
            "severity": alert.severity,
        },
        line_text=render_to_string("alerts/messages/line.txt", context).strip(),
        language=language,
        url=url,
    )


def render(alert: Alert, channel: str, language: str, endpoint: Endpoint | None = None) -> Rendered:
    """The alert for ``endpoint`` (its own manage/unsubscribe links), or a staff preview."""
    if endpoint is None:
        placeholder = LABELS[effective_language(alert, language)]["preview_link"]
        base = settings.YAKUBA_SITE_URL
        manage_url = f"{base}/alerts/manage/{placeholder}/"
        unsubscribe_url = f"{base}/alerts/unsubscribe/{placeholder}/"
    else:
        manage_url = links.manage_url(endpoint.subscriber)
        unsubscribe_url = links.unsubscribe_url(endpoint)
    return render_with_links(alert, channel, language, manage_url, unsubscribe_url)
