"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives.

``SmtpSink`` stores every message (envelope and parsed ``email.message``) for tests;
``count_only=True`` just counts, for benchmarks.  ``refuse`` lists recipients answered
with ``550`` (a bounce).
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from dataclasses import dataclass
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    raw: bytes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope: Envelope, address: str, options):
        if address.lower() in self.sink.refuse:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope: Envelope) -> str:
        with self.sink.lock:
            self.sink.count += 1
            if not self.sink.count_only:
                raw = envelope.original_content or envelope.content
                parsed = email.message_from_bytes(raw, policy=email.policy.default)
                self.sink.messages.append(
                    Received(envelope.mail_from, list(envelope.rcpt_tos), parsed, raw)
                )
        return "250 Message accepted"


class SmtpSink:
    """Start with :meth:`start` (or as a context manager); ``port`` is chosen by the OS."""

    def __init__(self, *, count_only: bool = False, refuse: set[str] | None = None) -> None:
        self.count_only = count_only
        self.refuse = {address.lower() for address in (refuse or set())}
        self.lock = threading.Lock()
        self.count = 0
        self.messages: list[Received] = []
        self.port = free_port()
        self.controller = Controller(
            _Handler(self),
            hostname="127.0.0.1",
            port=self.port,
            data_size_limit=10**7,
        )

    def start(self) -> SmtpSink:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def to(self, address: str) -> list[Received]:
        with self.lock:
            return [m for m in self.messages if address in m.rcpt_tos]
