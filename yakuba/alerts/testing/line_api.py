"""A loopback stand-in for the LINE Messaging API that enforces the documented request format.

Push (``POST /v2/bot/message/push``) is accepted only with the right bearer channel access
token, ``Content-Type: application/json``, a ``to`` that is a user id (``U`` + 32 hex
digits), 1–5 messages of type ``text`` with 1–5000 characters, and an ``X-Line-Retry-Key``
in UUID format when one is given; a retry key that was accepted before is answered 409
(as LINE does: the request is executed only once).  Reply (``POST /v2/bot/message/reply``)
and ``GET /v2/bot/profile/{userId}`` are there for the webhook's welcome message.

:func:`signed_webhook` builds the body and ``X-Line-Signature`` LINE would send.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

USER_ID = re.compile(r"^U[0-9a-f]{32}$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


def new_user_id() -> str:
    return "U" + secrets.token_hex(16)


@dataclass
class Pushed:
    to: str
    messages: list[dict[str, Any]]
    retry_key: str | None

    @property
    def text(self) -> str:
        return self.messages[0]["text"]


class LineApiStandIn:
    """The loopback LINE API (a thread on 127.0.0.1, free port)."""

    def __init__(self, channel_access_token: str = "test-line-channel-token") -> None:
        self.token = channel_access_token
        self.pushes: list[Pushed] = []
        self.replies: list[dict[str, Any]] = []
        self.refused: list[tuple[str, int, str]] = []
        self.accepted_keys: dict[str, str] = {}  # retry key -> request id
        self.blocked: set[str] = set()  # users who blocked the account (403)
        self.status_for: dict[str, int] = {}  # force a status for a user (429, 500…)
        self.languages: dict[str, str] = {}  # profile language per user
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> LineApiStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LineApiStandIn:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- request checks -------------------------------------------------------------

    def _check_messages(self, messages: Any) -> str | None:
        if not isinstance(messages, list) or not 1 <= len(messages) <= 5:
            return "The property, 'messages', must be an array of 1 to 5 messages"
        for message in messages:
            if not isinstance(message, dict) or message.get("type") != "text":
                return "Only text messages are accepted by this stand-in"
            text = message.get("text")
            if not isinstance(text, str) or not 1 <= len(text) <= 5000:
                return "The property, 'text', must be 1 to 5000 characters"
        return None

    def handle(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        if headers.get("authorization") != f"Bearer {self.token}":
            return (
                401,
                {
                    "message": "Authentication failed. Confirm that the access token in the authorization header is valid."
                },
                {},
            )
        if method == "GET":
            match = re.fullmatch(r"/v2/bot/profile/(U[0-9a-f]{32})", path)
            if match is None:
                return 404, {"message": "Not found"}, {}
            user_id = match.group(1)
            profile = {"userId": user_id, "displayName": "テスト利用者"}
            if user_id in self.languages:
                profile["language"] = self.languages[user_id]
            return 200, profile, {}
        if not headers.get("content-type", "").startswith("application/json"):
            return 415, {"message": "Content-Type must be application/json"}, {}
        try:
            payload = json.loads(body)
        except ValueError:
            return 400, {"message": "The request body has 1 error(s)"}, {}
        if not isinstance(payload, dict):
            return 400, {"message": "The request body has 1 error(s)"}, {}
        problem = self._check_messages(payload.get("messages"))
        if path == "/v2/bot/message/reply":
            if not isinstance(payload.get("replyToken"), str) or not payload["replyToken"]:
                problem = problem or "The property, 'replyToken', is required"
            if "x-line-retry-key" in headers:
                problem = problem or "X-Line-Retry-Key is not supported by the reply API"
            if problem:
                return 400, {"message": problem}, {}
            with self._lock:
                self.replies.append(payload)
            return 200, {"sentMessages": [{"id": str(time.time_ns())}]}, {}
        if path != "/v2/bot/message/push":
            return 404, {"message": "Not found"}, {}
        to = payload.get("to")
        if not isinstance(to, str) or not USER_ID.match(to):
            problem = problem or "The property, 'to', must be a valid user ID"
        key = headers.get("x-line-retry-key")
        if key is not None and not UUID.match(key):
            problem = problem or "The retry key must be a UUID in hexadecimal format"
        if problem:
            return 400, {"message": problem}, {}
        with self._lock:
            if key is not None and key in self.accepted_keys:
                request_id = self.accepted_keys[key]
                return (
                    409,
                    {"message": "The retry key is already accepted"},
                    {"x-line-accepted-request-id": request_id},
                )
            if to in self.status_for:
                return self.status_for[to], {"message": "told to answer so"}, {}
            if to in self.blocked:
                return 403, {"message": "The user has blocked this account"}, {}
            request_id = secrets.token_hex(8)
            if key is not None:
                self.accepted_keys[key] = request_id
            self.pushes.append(Pushed(to, payload["messages"], key))
        return (
            200,
            {"sentMessages": [{"id": str(time.time_ns()), "quoteToken": "q"}]},
            {"x-line-request-id": request_id},
        )

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # one response must not wait 40 ms for an ACK

            def _serve(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {name.lower(): value for name, value in self.headers.items()}
                status, answer, extra = stand_in.handle(method, self.path, headers, body)
                if status != 200:
                    with stand_in._lock:
                        stand_in.refused.append((self.path, status, answer.get("message", "")))
                data = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:  # noqa: N802
                self._serve("POST")

            def do_GET(self) -> None:  # noqa: N802
                self._serve("GET")

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

        return Handler


def webhook_event(kind: str, user_id: str, **extra: Any) -> dict[str, Any]:
    """One webhook event as LINE sends it (follow, unfollow, message)."""
    event: dict[str, Any] = {
        "type": kind,
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user_id},
        "webhookEventId": secrets.token_hex(13).upper(),
        "deliveryContext": {"isRedelivery": False},
    }
    if kind != "unfollow":
        event["replyToken"] = secrets.token_hex(16)
    if kind == "follow":
        event["follow"] = {"isUnblocked": False}
    event.update(extra)
    return event


def signed_webhook(events: list[dict[str, Any]], channel_secret: str) -> tuple[bytes, str]:
    """The body and ``X-Line-Signature`` of a webhook request (HMAC-SHA256, base64)."""
    body = json.dumps(
        {"destination": "U" + "0" * 32, "events": events}, ensure_ascii=False
    ).encode()
    digest = hmac.new(channel_secret.encode(), body, hashlib.sha256).digest()
    return body, base64.b64encode(digest).decode()
