"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives.

``SmtpSink`` stores every message (envelope and parsed ``email.message``) for tests;
``count_only=True`` just counts (benchmarks: no parsing, no storing).  ``refuse`` lists
recipients answered with ``550`` (a bounce).  ``recipients`` counts accepted messages per
recipient in both modes.

``disconnect_every=N`` answers every N-th message ``421`` and closes the connection (the
message is not accepted).  ``stall_after=N`` holds the reply to the (N+1)-th message's data until :meth:`release`:
the fault test kills a worker while it waits for that reply.  A message counts as
accepted only once the ``250`` reply is being sent, as on a real server: if the client
vanishes during the stall, the message is dropped.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import logging
import socket
import threading
import time
from collections import Counter
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

    async def handle_EHLO(self, server, session, envelope, hostname: str, responses: list[str]):
        # aiosmtpd reads commands one by one, so pipelined commands (RFC 2920) just work.
        session.host_name = hostname
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_RCPT(self, server, session, envelope: Envelope, address: str, options):
        if address.lower() in self.sink.refuse:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope: Envelope) -> str:
        sink = self.sink
        if sink.stall_after is not None and sink.count >= sink.stall_after:
            sink.stalled.set()
            await sink._released.wait()
            if server.transport is None or server.transport.is_closing():
                return "451 4.3.0 Client gone"
        sink.data_commands += 1
        if sink.disconnect_every and sink.data_commands % sink.disconnect_every == 0:
            server.loop.call_soon(server.transport.close)  # drop the client, message refused
            return "421 4.3.2 Closing connection"
        with sink.lock:
            sink.count += 1
            sink.last_accepted = time.time()
            sink.recipients.update(envelope.rcpt_tos)
            if not sink.count_only:
                raw = envelope.original_content or envelope.content
                parsed = email.message_from_bytes(raw, policy=email.policy.default)
                sink.messages.append(
                    Received(envelope.mail_from, list(envelope.rcpt_tos), parsed, raw)
                )
        return "250 Message accepted"


class SmtpSink:
    """Start with :meth:`start` (or as a context manager); ``port`` is chosen by the OS."""

    def __init__(
        self,
        *,
        count_only: bool = False,
        refuse: set[str] | None = None,
        stall_after: int | None = None,
        disconnect_every: int | None = None,
        port: int | None = None,
    ) -> None:
        self.count_only = count_only
        self.refuse = {address.lower() for address in (refuse or set())}
        self.stall_after = stall_after
        self.disconnect_every = disconnect_every
        self.data_commands = 0
        self.stalled = threading.Event()
        self.lock = threading.Lock()
        self.count = 0
        self.last_accepted = 0.0  # time.time() of the last accepted message
        self.recipients: Counter[str] = Counter()
        self.messages: list[Received] = []
        self.port = port or free_port()
        self.controller = Controller(
            _Handler(self), hostname="127.0.0.1", port=self.port, data_size_limit=10**7
        )
        self._released = asyncio.Event()
        # aiosmtpd logs every SMTP command at INFO: far more than the sending itself.
        logging.getLogger("mail.log").setLevel(logging.WARNING)

    def start(self) -> SmtpSink:
        self.controller.start()
        return self

    def release(self) -> None:
        """End the stall: every held and later message is answered at once."""
        self.stall_after = None
        self.controller.loop.call_soon_threadsafe(self._released.set)

    def stop(self) -> None:
        self.controller.stop()

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def to(self, address: str) -> list[Received]:
        with self.lock:
            return [m for m in self.messages if address in m.rcpt_tos]
