"""Web Push (RFC 8030) with encrypted payloads (RFC 8291, ``aes128gcm``) and VAPID (RFC 8292).

One :class:`WebPushSender` serves one chunk: it keeps one ``requests.Session`` (so the
TLS connection to each push service is reused) and signs one VAPID token per push
service origin (valid 12 hours) instead of one per message.  The payload is JSON that
the service worker (``static/alerts/sw.js``) shows as a notification.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from pywebpush import WebPusher, WebPushException

from ..services import endpoints
from . import vapid
from .base import Message, Outcome, Result

#: How long a push service keeps a message for an offline device (seconds).
DEFAULT_TTL = 24 * 60 * 60
#: VAPID tokens are signed for 12 hours and renewed when less than one hour is left.
TOKEN_LIFETIME = 12 * 60 * 60
TOKEN_RENEW_MARGIN = 60 * 60
#: A push message carries at most 4096 bytes of ciphertext; keep the JSON well below.
MAX_PAYLOAD_BYTES = 3000
HIGH_URGENCY_SEVERITIES = frozenset({"Extreme", "Severe"})
TOPIC_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def notification_tag(alert_identifier: str) -> str:
    """One tag per original alert (an Update/Cancel replaces its notification)."""
    from ..delivery.render import notification_tag as tag_for_alert
    from ..models import Alert

    alert = Alert.objects.filter(identifier=alert_identifier).first()
    return tag_for_alert(alert) if alert is not None else alert_identifier


def payload_for(message: Message, tag: str) -> dict[str, Any]:
    """The JSON the service worker reads: the ``push`` form of the rendered alert."""
    payload = {
        "title": message.subject,
        "body": message.text,
        "url": message.url,
        "tag": tag,
        "severity": message.severity,
        "lang": message.language,
    }
    encoded = json.dumps(payload, ensure_ascii=False).encode()
    while len(encoded) > MAX_PAYLOAD_BYTES and payload["body"]:
        payload["body"] = payload["body"][: len(payload["body"]) * 3 // 4] + "…"
        encoded = json.dumps(payload, ensure_ascii=False).encode()
    return payload


def topic_for(tag: str) -> str:
    """RFC 8030 ``Topic``: at most 32 base64url characters; a newer push replaces a pending one."""
    return TOPIC_UNSAFE.sub("_", tag)[:32]


class WebPushSender:
    """Sends one chunk of Web Push messages (see :class:`~yakuba.alerts.channels.base.Sender`)."""

    channel = "webpush"

    def __init__(self) -> None:
        self.ttl = int(getattr(settings, "YAKUBA_PUSH_TTL", DEFAULT_TTL))
        self.timeout = float(getattr(settings, "YAKUBA_PUSH_TIMEOUT", 10))
        self.session: requests.Session | None = None
        self._vapid = None
        self._tokens: dict[str, tuple[dict[str, str], int]] = {}
        self._tags: dict[str, str] = {}

    def open(self) -> None:
        self.session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_connections=8, pool_maxsize=8)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self._vapid = vapid.load()

    def close(self) -> None:
        if self.session is not None:
            self.session.close()
        self.session = None

    def _authorization(self, endpoint_url: str) -> dict[str, str]:
        parts = urlsplit(endpoint_url)
        audience = f"{parts.scheme}://{parts.netloc}"
        now = int(time.time())
        cached = self._tokens.get(audience)
        if cached is None or cached[1] - now < TOKEN_RENEW_MARGIN:
            expires = now + TOKEN_LIFETIME
            claims = {"sub": settings.YAKUBA_VAPID_SUBJECT, "aud": audience, "exp": expires}
            cached = (self._vapid.sign(claims), expires)
            self._tokens[audience] = cached
        return cached[0]

    def _tag(self, alert_identifier: str) -> str:
        if alert_identifier not in self._tags:
            self._tags[alert_identifier] = notification_tag(alert_identifier)
        return self._tags[alert_identifier]

    def send(self, message: Message) -> Result:
        if self.session is None:
            self.open()
        tag = self._tag(message.alert_identifier)
        data = json.dumps(payload_for(message, tag), ensure_ascii=False).encode()
        headers = {
            **self._authorization(message.address),
            "Urgency": "high" if message.severity in HIGH_URGENCY_SEVERITIES else "normal",
            "Topic": topic_for(tag),
        }
        subscription = {"endpoint": message.address, "keys": dict(message.keys)}
        try:
            pusher = WebPusher(subscription, requests_session=self.session)
            response = pusher.send(
                data, headers, ttl=self.ttl, content_encoding="aes128gcm", timeout=self.timeout
            )
        except WebPushException as error:  # unusable keys: this subscription can never work
            endpoints.deactivate(message.endpoint_id, "invalid subscription keys")
            return Result(Outcome.GONE, str(error)[:200])
        except (ValueError, TypeError) as error:
            endpoints.deactivate(message.endpoint_id, "invalid subscription keys")
            return Result(Outcome.GONE, f"invalid keys: {type(error).__name__}")
        except requests.RequestException as error:
            return Result(Outcome.RETRY, f"network: {type(error).__name__}")
        return self._outcome(message, response.status_code)

    @staticmethod
    def _outcome(message: Message, status: int) -> Result:
        if status in (200, 201, 202):
            return Result(Outcome.SENT)
        if status in (404, 410):
            endpoints.deactivate(message.endpoint_id, f"push service: {status} gone")
            return Result(Outcome.GONE, f"HTTP {status}")
        if status == 429 or status >= 500:
            return Result(Outcome.RETRY, f"HTTP {status}")
        # 400 (malformed), 403 (key mismatch), 413 (payload too large): retrying will not help.
        return Result(Outcome.BOUNCED, f"HTTP {status}")
