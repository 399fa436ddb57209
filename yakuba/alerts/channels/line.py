"""LINE official account (Messaging API): push messages to the residents who added the account.

Plain HTTPS with one ``requests.Session`` per chunk rather than ``line-bot-sdk``: the SDK's
generated client fixes its base URL (``https://api.line.me``) inside each API object, and
the tests must point it at the loopback stand-in (``YAKUBA_LINE_API_BASE``).  The request
format follows the Messaging API reference: ``POST /v2/bot/message/push`` with a bearer
channel access token, ``{"to": userId, "messages": [{"type": "text", "text": …}]}`` and an
``X-Line-Retry-Key`` derived from the delivery id, so a retried chunk is never delivered
twice (LINE answers 409 to a key it has already accepted).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import requests
from django.conf import settings

from ..services import endpoints
from .base import Message, Outcome, Result

MAX_TEXT_LENGTH = 5000
USER_ID = re.compile(r"^U[0-9a-f]{32}$")
#: Namespace of the retry keys (stable across releases: changing it would re-send on retry).
RETRY_KEY_NAMESPACE = uuid.UUID("6f1f7a52-3c1e-5b8e-9a57-1d1f0c4b7a10")


def retry_key(delivery_id: int) -> str:
    """The same delivery always gets the same key; another delivery never does."""
    return str(uuid.uuid5(RETRY_KEY_NAMESPACE, f"yakuba.alerts.delivery:{delivery_id}"))


def text_message(text: str) -> dict[str, str]:
    if len(text) > MAX_TEXT_LENGTH:
        text = text[: MAX_TEXT_LENGTH - 1] + "…"
    return {"type": "text", "text": text}


class LineApi:
    """The few Messaging API calls yakuba makes: push, reply and a user's profile."""

    def __init__(self, session: requests.Session | None = None) -> None:
        self.base = settings.YAKUBA_LINE_API_BASE.rstrip("/")
        self.token = settings.YAKUBA_LINE_CHANNEL_ACCESS_TOKEN
        self.timeout = float(getattr(settings, "YAKUBA_LINE_TIMEOUT", 10))
        self.session = session or requests.Session()

    def _headers(self, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **extra}

    def push(self, user_id: str, messages: list[dict[str, Any]], key: str) -> requests.Response:
        return self.session.post(
            f"{self.base}/v2/bot/message/push",
            json={"to": user_id, "messages": messages},
            headers=self._headers(**{"X-Line-Retry-Key": key}),
            timeout=self.timeout,
        )

    def reply(self, reply_token: str, messages: list[dict[str, Any]]) -> requests.Response:
        return self.session.post(
            f"{self.base}/v2/bot/message/reply",
            json={"replyToken": reply_token, "messages": messages},
            headers=self._headers(),
            timeout=self.timeout,
        )

    def profile_language(self, user_id: str) -> str | None:
        """The language the user's LINE app is set to (``ja``, ``en``, …), if LINE tells us."""
        try:
            response = self.session.get(
                f"{self.base}/v2/bot/profile/{user_id}", headers=self._headers(), timeout=5
            )
            if response.status_code == 200:
                language = response.json().get("language")
                return language if isinstance(language, str) else None
        except (requests.RequestException, ValueError):
            pass
        return None

    def close(self) -> None:
        self.session.close()


class LineSender:
    """Sends one chunk of LINE push messages (see :class:`~yakuba.alerts.channels.base.Sender`)."""

    channel = "line"

    def __init__(self) -> None:
        self.api: LineApi | None = None

    def open(self) -> None:
        self.api = LineApi()

    def close(self) -> None:
        if self.api is not None:
            self.api.close()
        self.api = None

    def send(self, message: Message) -> Result:
        if self.api is None:
            self.open()
        if not USER_ID.match(message.address):
            endpoints.deactivate(message.endpoint_id, "not a LINE user id")
            return Result(Outcome.GONE, "not a LINE user id")
        try:
            response = self.api.push(
                message.address, [text_message(message.text)], retry_key(message.delivery_id)
            )
        except requests.RequestException as error:
            return Result(Outcome.RETRY, f"network: {type(error).__name__}")
        status = response.status_code
        if status == 200 or status == 409:  # 409: this retry key was accepted before
            return Result(Outcome.SENT)
        if status in (400, 403):  # the user blocked the account or is no longer reachable
            endpoints.deactivate(message.endpoint_id, f"LINE: {status}")
            return Result(Outcome.GONE, f"HTTP {status}")
        if status in (401, 429) or status >= 500:  # a bad token is ours to fix: keep the rows
            return Result(Outcome.RETRY, f"HTTP {status}")
        return Result(Outcome.BOUNCED, f"HTTP {status}")
