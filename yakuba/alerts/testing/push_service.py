"""A loopback push service: the receiving side of RFC 8030, for tests and the benchmark.

It behaves like the push service a browser subscribes with, and checks what a real one
checks: the VAPID token (RFC 8292: ES256 signature against the ``k=`` key, ``aud`` equal
to its origin, ``exp`` in the future and at most 24 hours ahead), that the token's key is
the application server key the subscription was made with, a ``TTL`` header and
``Content-Encoding: aes128gcm``.  It then decrypts the payload (RFC 8291) with the
subscription's private key and auth secret, exactly as the browser would, and stores
the plaintext, so tests assert on what actually arrived.

    with PushService() as service:
        subscription = service.subscribe(application_server_key=vapid.public_key())
        ...  # send with WebPushSender
        service.received[0].json["title"]
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

AUTH_HEADER = re.compile(r"^vapid\s+t=([A-Za-z0-9_.-]+)\s*,\s*k=([A-Za-z0-9_-]+)$")


def b64url_decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def b64url_encode(value: bytes) -> str:
    return base64.urlsafe_b64encode(value).rstrip(b"=").decode("ascii")


class VapidError(Exception):
    """The request's VAPID authorisation is missing or wrong (answered with 401/403)."""


def verify_vapid(header: str, audience: str, now: float | None = None) -> tuple[dict, str]:
    """Check an ``Authorization: vapid t=…, k=…`` header; returns (claims, public key)."""
    match = AUTH_HEADER.match(header.strip())
    if match is None:
        raise VapidError("Authorization is not 'vapid t=…, k=…'")
    token, key = match.groups()
    try:
        signed, signature = token.rsplit(".", 1)
        header_part, claims_part = signed.split(".")
        jwt_header = json.loads(b64url_decode(header_part))
        claims = json.loads(b64url_decode(claims_part))
        raw_signature = b64url_decode(signature)
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(key))
    except (ValueError, TypeError) as error:
        raise VapidError(f"malformed token: {error}") from error
    if jwt_header.get("alg") != "ES256" or len(raw_signature) != 64:
        raise VapidError("token is not ES256")
    der = encode_dss_signature(
        int.from_bytes(raw_signature[:32], "big"), int.from_bytes(raw_signature[32:], "big")
    )
    try:
        public.verify(der, signed.encode("ascii"), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as error:
        raise VapidError("bad signature") from error
    now = time.time() if now is None else now
    if claims.get("aud") != audience:
        raise VapidError(f"aud {claims.get('aud')!r} is not {audience!r}")
    expires = claims.get("exp")
    if not isinstance(expires, int) or not now < expires <= now + 24 * 60 * 60:
        raise VapidError("exp is not within the next 24 hours")
    subject = claims.get("sub", "")
    if not (subject.startswith("mailto:") or subject.startswith("https:")):
        raise VapidError("sub is not a mailto: or https: URI")
    return claims, key


@dataclass
class Subscription:
    """A browser's side of one subscription: the keys it keeps secret."""

    id: str
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes
    application_server_key: str | None

    def public_key(self) -> str:
        return b64url_encode(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )


@dataclass
class Received:
    """One push message as the browser got it (decrypted)."""

    subscription_id: str
    plaintext: bytes
    headers: dict[str, str]
    claims: dict[str, Any] = field(default_factory=dict)

    @property
    def json(self) -> Any:
        return json.loads(self.plaintext)


class PushService:
    """The loopback push service (a thread serving 127.0.0.1 on a free port)."""

    def __init__(self) -> None:
        self.subscriptions: dict[str, Subscription] = {}
        self.received: list[Received] = []
        self.refused: list[tuple[str, int, str]] = []
        self.gone: set[str] = set()
        #: Answer every request for this id with the given status (e.g. 429, 500, 413).
        self.status_for: dict[str, int] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> PushService:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> PushService:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def subscribe(self, application_server_key: str | None = None) -> dict[str, Any]:
        """What ``PushSubscription.toJSON()`` gives a page: endpoint and the two public keys."""
        subscription = Subscription(
            id=secrets.token_urlsafe(16),
            private_key=ec.generate_private_key(ec.SECP256R1()),
            auth_secret=os.urandom(16),
            application_server_key=application_server_key,
        )
        self.subscriptions[subscription.id] = subscription
        return {
            "endpoint": f"{self.origin}/push/{subscription.id}",
            "expirationTime": None,
            "keys": {
                "p256dh": subscription.public_key(),
                "auth": b64url_encode(subscription.auth_secret),
            },
        }

    def for_subscription(self, subscription_id: str) -> list[Received]:
        return [item for item in self.received if item.subscription_id == subscription_id]

    def accept(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, str]:
        """Handle one POST (also callable directly); returns (status, reason)."""
        match = re.fullmatch(r"/push/([A-Za-z0-9_-]+)", path)
        subscription = self.subscriptions.get(match.group(1)) if match else None
        if subscription is None:
            return 404, "no such subscription"
        if subscription.id in self.gone:
            return 410, "subscription expired"
        if subscription.id in self.status_for:
            return self.status_for[subscription.id], "told to answer so"
        try:
            claims, key = verify_vapid(headers.get("authorization", ""), self.origin)
        except VapidError as error:
            return 401, str(error)
        if subscription.application_server_key not in (None, key):
            return 403, "VAPID key differs from the subscription's applicationServerKey"
        if not headers.get("ttl", "").isdigit():
            return 400, "TTL header missing"
        if headers.get("content-encoding", "").lower() != "aes128gcm":
            return 415, "Content-Encoding must be aes128gcm"
        if len(body) > 4096:
            return 413, "payload too large"
        try:
            plaintext = http_ece.decrypt(
                body,
                private_key=subscription.private_key,
                auth_secret=subscription.auth_secret,
                version="aes128gcm",
            )
        except Exception as error:  # noqa: BLE001 - any decryption failure is the sender's fault
            return 400, f"cannot decrypt: {type(error).__name__}"
        with self._lock:
            self.received.append(Received(subscription.id, plaintext, headers, claims))
        return 201, "Created"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # one response must not wait 40 ms for an ACK

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                headers = {name.lower(): value for name, value in self.headers.items()}
                status, reason = service.accept(self.path, headers, body)
                if status >= 300:
                    with service._lock:
                        service.refused.append((self.path, status, reason))
                payload = reason.encode()
                self.send_response(status)
                if status == 201:
                    self.send_header("Location", f"{service.origin}/message/{secrets.token_hex(8)}")
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

        return Handler
