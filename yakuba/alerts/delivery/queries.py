"""Reads of the delivery engine's progress, for the staff dashboard."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from ..models import Alert, Delivery, DeliveryState


def progress(alert: Alert) -> dict[str, Any]:
    """Counts per channel and state, and the chunks done, of one alert (no addresses)."""
    fresh = Alert.objects.filter(pk=alert.pk).values(
        "targets_total", "chunks_done", "chunks_total"
    )[0]
    by_channel: dict[str, dict[str, int]] = {}
    rows = (
        Delivery.objects.filter(alert_id=alert.pk)
        .values("channel", "state")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts = by_channel.setdefault(row["channel"], {state: 0 for state in DeliveryState.values})
        counts[row["state"]] = row["count"]
    return {
        "total": fresh["targets_total"],
        "chunks_done": fresh["chunks_done"],
        "chunks_total": fresh["chunks_total"],
        "by_channel": by_channel,
    }
