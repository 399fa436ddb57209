"""Sent alerts for tests and the feeds benchmark, made through the real compose services.

:func:`sent_alert` goes through :func:`yakuba.alerts.services.compose.create_automatic`
with ``send=True`` (validated, released, audited like any alert); the delivery engine is
started on commit, so callers that must not depend on it capture the on-commit callbacks
or replace ``yakuba.alerts.delivery.start``.
"""

from __future__ import annotations

import uuid
from typing import Any

from ..models import Alert, Category, MsgType, Source
from ..services import compose


def sent_alert(
    category: Category,
    *,
    references: Alert | None = None,
    msg_type: str = MsgType.ALERT,
    source_key: str = "",
    **content: Any,
) -> Alert:
    """One alert released at once (``sending``), with sensible Japanese defaults."""
    values: dict[str, Any] = {
        "category": category,
        "event": "大雨",
        "title_ja": "大雨に注意してください",
        "body_ja": "川や用水路に近づかないでください。",
    }
    values.update(content)
    alert, _created = compose.create_automatic(
        source=Source.CAP,
        source_key=source_key or f"outputs-{uuid.uuid4().hex}",
        content=compose.AlertContent(**values),
        send=True,
        references=references,
        msg_type=msg_type,
    )
    return alert
