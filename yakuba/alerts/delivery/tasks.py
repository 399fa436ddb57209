"""Tasks of the delivery engine (Django Tasks API): thin, take ids, safe to run twice."""

from __future__ import annotations

import datetime

from django.tasks import default_task_backend, task
from django.utils import timezone

from . import engine, plan, redrive

#: Backoff of a chunk left with temporary failures: 30 s, 60 s, 120 s, … at most 10 minutes.
BACKOFF_SECONDS = 30
BACKOFF_CAP_SECONDS = 600
#: Period of the scheduler tick (release scheduled alerts, re-drive stuck chunks).
TICK_SECONDS = 60


def _later(seconds: float) -> datetime.datetime | None:
    """``run_after`` for the backend, or ``None`` when it cannot defer (immediate backend)."""
    if not default_task_backend.supports_defer:
        return None
    return timezone.now() + datetime.timedelta(seconds=seconds)


def enqueue_chunks(alert_id: int, chunks: list[tuple[str, int]]) -> None:
    for channel, chunk in chunks:
        send_chunk.enqueue(alert_id, chunk, channel)


@task(queue_name="bulk")
def plan_fanout(alert_id: int) -> int:
    """Create the alert's deliveries, enqueue one ``send_chunk`` per chunk; returns the targets."""
    planned = plan.plan_alert(alert_id)
    enqueue_chunks(alert_id, planned.chunks)
    if not planned.chunks:
        engine.complete_if_done(alert_id)  # nobody to reach, or planned by an earlier run
    return planned.targets_total


@task(queue_name="bulk")
def send_chunk(alert_id: int, chunk: int, channel: str) -> int:
    """Send one chunk; re-enqueue it with a backoff while temporary failures remain."""
    outcome = engine.send_chunk(alert_id, channel, chunk)
    if outcome.retry_later:
        delay = min(BACKOFF_SECONDS * 2 ** max(outcome.attempts - 1, 0), BACKOFF_CAP_SECONDS)
        run_after = _later(delay)
        deferred = send_chunk.using(run_after=run_after) if run_after else send_chunk
        deferred.enqueue(alert_id, chunk, channel)
    return outcome.sent


@task(queue_name="default")
def scheduler_tick(reschedule: bool = True) -> list[int]:
    """Release scheduled alerts that are due and re-drive stuck chunks; then run again later.

    Started once by ``manage.py alerts_release_due --start-ticker``; every run enqueues the
    next one ``TICK_SECONDS`` later when the backend supports ``run_after``.
    """
    from ..services import compose

    released = compose.release_due()
    redrive.redrive_stuck(older_than=datetime.timedelta(minutes=redrive.STUCK_MINUTES))
    run_after = _later(TICK_SECONDS)
    if reschedule and run_after is not None:
        scheduler_tick.using(run_after=run_after).enqueue(True)
    return released
