"""The interface every delivery channel implements, and the message the engine hands it.

The engine opens a sender once per chunk (an SMTP connection is reused across the chunk),
calls :meth:`Sender.send` for each message and records each :class:`Result` at once.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Message:
    """One rendered alert for one endpoint, in the subscriber's language."""

    delivery_id: int
    endpoint_id: int
    address: str
    language: str
    alert_identifier: str
    msg_type: str  # Alert / Update / Cancel
    severity: str
    subject: str
    text: str
    html: str
    url: str  # the alert's public page
    manage_url: str
    unsubscribe_url: str
    keys: dict[str, Any] = field(default_factory=dict)  # Web Push p256dh/auth


class Outcome(enum.Enum):
    SENT = "sent"  # accepted by the receiving server
    RETRY = "retry"  # temporary failure: try again later
    GONE = "gone"  # permanent: the endpoint no longer exists (switch it off)
    BOUNCED = "bounced"  # permanent for this address (refused recipient)


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    error: str = ""


class Sender(Protocol):
    channel: str

    def open(self) -> None: ...

    def send(self, message: Message) -> Result: ...

    def close(self) -> None: ...
