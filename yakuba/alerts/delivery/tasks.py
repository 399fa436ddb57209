"""Tasks of the delivery engine (Django Tasks API)."""

from __future__ import annotations

from django.tasks import task


@task(queue_name="bulk")
def plan_fanout(alert_id: int) -> None:
    """Split an alert's targets into chunks and enqueue one send task per chunk."""
    raise NotImplementedError("delivery engine: to be written")
