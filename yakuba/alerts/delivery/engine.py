"""Sending one chunk: claim it, send each message on one open sender, record each result at once.

Why a delivery is never sent twice nor lost:

* a chunk is held by one worker at a time (:mod:`.locks`; the lock dies with the worker);
* only rows still ``queued`` are sent, and each result is committed on its own right after
  the receiving server answered (``UPDATE … WHERE id = … AND state = 'queued'`` in
  autocommit), so a retried or re-driven chunk skips everything already recorded;
* a row stays ``queued`` until recorded, so a killed worker's unrecorded rows are sent by
  the re-drive (:mod:`.redrive`).

The one residual window is between the server's ``250`` reply and that commit (one local
``UPDATE``, well under a millisecond); a worker killed exactly there sends that one
message again.  ``synchronous_commit`` is off for these updates on PostgreSQL: a
*database server* crash may forget the last ~0.6 s of records (the WAL writer's delay),
a worker crash forgets nothing.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from .. import links
from ..channels import sender_for
from ..channels.base import Message, Outcome, Result, Sender
from ..models import Alert, AlertEvent, AlertStatus, Delivery, DeliveryState
from ..services import endpoints
from .locks import chunk_lock
from .render import MANAGE_MARK, UNSUBSCRIBE_MARK, Rendered, render_with_links

logger = logging.getLogger(__name__)

#: Sending attempts of one delivery before it is recorded ``failed``.
MAX_ATTEMPTS = 5
#: Temporary failures in a row after which the chunk stops and is retried later (server down).
MAX_RETRY_STREAK = 3


@dataclass(frozen=True)
class ChunkOutcome:
    busy: bool = False  # another worker holds the chunk
    sent: int = 0
    failed: int = 0
    retry_later: int = 0  # rows left queued after temporary failures
    attempts: int = 0  # highest attempt count among them (for the backoff)


def _mark(delivery_id: int, **values) -> int:
    return Delivery.objects.filter(pk=delivery_id, state=DeliveryState.QUEUED).update(**values)


def _mark_sent(delivery_id: int) -> None:
    """The hot path (once per message): one plain ``UPDATE``, no ORM compilation."""
    with connection.cursor() as cursor:
        cursor.execute(_SENT_SQL, [DeliveryState.SENT, timezone.now(), delivery_id])


_SENT_SQL = (
    f"UPDATE {Delivery._meta.db_table} SET state = %s, sent_at = %s, attempts = attempts + 1,"
    f" error = '' WHERE id = %s AND state = '{DeliveryState.QUEUED}'"
)


def _record(row: dict, result: Result) -> str:
    """Commit one result; returns the delivery's new state."""
    error = result.error[:300]
    if result.outcome is Outcome.SENT:
        _mark_sent(row["id"])
        return DeliveryState.SENT
    if result.outcome in (Outcome.BOUNCED, Outcome.GONE):
        state = DeliveryState.BOUNCED if result.outcome is Outcome.BOUNCED else DeliveryState.FAILED
        _mark(row["id"], state=state, attempts=F("attempts") + 1, error=error)
        endpoints.deactivate(row["endpoint_id"], error or result.outcome.value)
        return state
    if row["attempts"] + 1 >= MAX_ATTEMPTS:
        _mark(row["id"], state=DeliveryState.FAILED, attempts=F("attempts") + 1, error=error)
        endpoints.record_failure(row["endpoint_id"], error)
        return DeliveryState.FAILED
    _mark(row["id"], attempts=F("attempts") + 1, error=error)
    return DeliveryState.QUEUED


def _rows(alert_id: int, channel: str, chunk: int) -> list[dict]:
    return list(
        Delivery.objects.filter(
            alert_id=alert_id, channel=channel, chunk=chunk, state=DeliveryState.QUEUED
        )
        .order_by("pk")
        .values(
            "id",
            "endpoint_id",
            "attempts",
            address=F("endpoint__address"),
            keys=F("endpoint__keys"),
            active=F("endpoint__active"),
            subscriber_id=F("endpoint__subscriber_id"),
            public_id=F("endpoint__subscriber__public_id"),
            token_version=F("endpoint__subscriber__token_version"),
            language=F("endpoint__subscriber__language"),
        )
    )


@functools.cache
def _path_template(name: str) -> str:
    return reverse(name, args=["__TOKEN__"])


def _url(name: str, token: str) -> str:
    """``links.manage_url``/``unsubscribe_url`` without a ``reverse()`` per recipient."""
    return links.absolute(_path_template(name).replace("__TOKEN__", token))


def _message(alert: Alert, channel: str, row: dict, rendered: Rendered) -> Message:
    """One recipient's message; ``subject``/``text`` hold the channel's own form (push, LINE)."""
    # The token functions read only these attributes; model instances cost more than signing.
    subscriber = SimpleNamespace(public_id=row["public_id"], token_version=row["token_version"])
    endpoint = SimpleNamespace(pk=row["endpoint_id"], subscriber=subscriber)
    manage_url = _url("portal:alerts:manage", links.manage_token(subscriber))  # type: ignore[arg-type]
    unsubscribe_url = _url("portal:alerts:unsubscribe", links.unsubscribe_token(endpoint))  # type: ignore[arg-type]
    filled = rendered.with_links(manage_url, unsubscribe_url)
    subject, text, html = filled.subject, filled.text, filled.html
    if channel == "webpush":
        subject, text, html = filled.push["title"], filled.push["body"], ""
    elif channel == "line":
        subject, text, html = filled.push["title"], filled.line_text, ""
    return Message(
        delivery_id=row["id"],
        endpoint_id=row["endpoint_id"],
        address=row["address"],
        language=rendered.language,
        alert_identifier=alert.identifier,
        msg_type=alert.msg_type,
        severity=alert.severity,
        subject=subject,
        text=text,
        html=html,
        url=filled.url,
        manage_url=manage_url,
        unsubscribe_url=unsubscribe_url,
        keys=row["keys"] or {},
    )


def _fast_commits() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")


def _normal_commits() -> None:
    if connection.vendor == "postgresql" and connection.connection is not None:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def send_chunk(
    alert_id: int, channel: str, chunk: int, sender: Sender | None = None
) -> ChunkOutcome:
    """Send the queued deliveries of one chunk; see the module docstring for the guarantees."""
    with chunk_lock(alert_id, channel, chunk) as held:
        if not held:
            return ChunkOutcome(busy=True)
        alert = Alert.objects.select_related("category").get(pk=alert_id)
        if alert.status != AlertStatus.SENDING:
            return ChunkOutcome()
        rows = _rows(alert_id, channel, chunk)
        if not rows:
            return ChunkOutcome()
        outcome = _send_rows(alert, channel, rows, sender or sender_for(channel))
    if outcome.retry_later == 0:
        chunk_finished(alert_id, counted=outcome.sent + outcome.failed > 0)
    return outcome


def _results(sender: Sender, messages: Iterator[Message]) -> Iterator[tuple[Message, Result]]:
    """Each message with its result, through the sender's ``stream`` when it has one.

    ``EmailSender.stream`` pipelines the next envelope behind the current message; every
    result is still yielded (and recorded by the caller) before the next one is read.
    """
    stream = getattr(sender, "stream", None)
    if stream is not None:
        yield from stream(messages)
        return
    for message in messages:
        yield message, sender.send(message)


def _send_rows(alert: Alert, channel: str, rows: list[dict], sender: Sender) -> ChunkOutcome:
    rendered: dict[str, Rendered] = {}
    by_delivery = {row["id"]: row for row in rows}
    sent_endpoints: list[int] = []
    counts = {DeliveryState.SENT: 0, DeliveryState.FAILED: 0, DeliveryState.BOUNCED: 0}
    streak = 0
    handled = 0
    left = 0
    attempts = 0

    def messages() -> Iterator[Message]:
        nonlocal handled
        for row in rows:
            if not row["active"]:  # left (unsubscribed, bounced) after planning
                _mark(row["id"], state=DeliveryState.FAILED, error="endpoint inactive")
                counts[DeliveryState.FAILED] += 1
                handled += 1
                continue
            language = row["language"]
            if language not in rendered:
                rendered[language] = render_with_links(
                    alert, channel, language, MANAGE_MARK, UNSUBSCRIBE_MARK
                )
            yield _message(alert, channel, row, rendered[language])

    _fast_commits()
    sender.open()
    try:
        for message, result in _results(sender, messages()):
            row = by_delivery[message.delivery_id]
            state = _record(row, result)
            handled += 1
            if state == DeliveryState.QUEUED:
                streak += 1
                left += 1
                attempts = max(attempts, row["attempts"] + 1)
                if streak >= MAX_RETRY_STREAK:  # the server is down: retry the chunk later
                    left += len(rows) - handled
                    break
                continue
            streak = 0
            counts[state] += 1
            if state == DeliveryState.SENT:
                sent_endpoints.append(row["endpoint_id"])
    finally:
        try:
            sender.close()
        finally:
            _normal_commits()
    endpoints.record_success(sent_endpoints)
    return ChunkOutcome(
        sent=counts[DeliveryState.SENT],
        failed=counts[DeliveryState.FAILED] + counts[DeliveryState.BOUNCED],
        retry_later=left,
        attempts=attempts,
    )


def chunk_finished(alert_id: int, *, counted: bool) -> bool:
    """Count a finished chunk and complete the alert when nothing is queued any more."""
    if counted:
        Alert.objects.filter(pk=alert_id, chunks_done__lt=F("chunks_total")).update(
            chunks_done=F("chunks_done") + 1
        )
    return complete_if_done(alert_id)


def complete_if_done(alert_id: int) -> bool:
    """Mark the alert ``sent`` (once) when no delivery of it is queued; returns whether it did."""
    channels = [choice for choice, _ in Delivery._meta.get_field("channel").choices]
    if Delivery.objects.filter(
        alert_id=alert_id, channel__in=channels, state=DeliveryState.QUEUED
    ).exists():
        return False
    with transaction.atomic():
        completed = Alert.objects.filter(pk=alert_id, status=AlertStatus.SENDING).update(
            status=AlertStatus.SENT,
            completed_at=timezone.now(),
            chunks_done=F("chunks_total"),
            updated=timezone.now(),
        )
        if completed:
            AlertEvent.objects.create(alert_id=alert_id, action="completed")
    return bool(completed)
