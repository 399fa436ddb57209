"""Delivery channels behind one interface (:mod:`.base`): e-mail, Web Push, LINE.

:func:`sender_for` is the registry the delivery engine uses.  The senders are imported
lazily: a worker that never sends LINE messages never imports the LINE SDK.
"""

from __future__ import annotations

import importlib

from django.conf import settings

from .base import Sender

SENDERS: dict[str, str] = {
    "email": "yakuba.alerts.channels.email.EmailSender",
    "webpush": "yakuba.alerts.channels.webpush.WebPushSender",
    "line": "yakuba.alerts.channels.line.LineSender",
}


def sender_for(channel: str) -> Sender:
    """A new, unopened sender for ``channel`` (``KeyError`` for an unknown channel)."""
    module_name, _, class_name = SENDERS[channel].rpartition(".")
    return getattr(importlib.import_module(module_name), class_name)()


def enabled_channels() -> list[str]:
    """The channels the engine delivers on: e-mail and Web Push always, LINE once configured."""
    channels = ["email", "webpush"]
    if settings.YAKUBA_LINE_CHANNEL_ACCESS_TOKEN:
        channels.append("line")
    return channels
