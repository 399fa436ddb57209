"""Re-driving chunks a crashed worker left behind.

A worker killed mid-chunk leaves its unrecorded rows ``queued`` and its task result
``RUNNING`` for ever (django-tasks-db does not re-run it).  :func:`redrive_stuck` finds
alerts still ``sending`` after ``older_than``, and enqueues ``send_chunk`` again for each
of their chunks that has queued rows and that no live worker holds (:mod:`.locks`).  It runs
on every scheduler tick (``STUCK_MINUTES``) and as ``manage.py alerts_redrive``.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from ..models import Alert, AlertStatus, Delivery, DeliveryState
from .locks import is_busy

#: An alert still sending this long after it started is checked for stuck chunks.
STUCK_MINUTES = 10


def stuck_chunks(older_than: datetime.timedelta) -> list[tuple[int, str, int]]:
    """``(alert, channel, chunk)`` with queued rows, of alerts sending since before the cut-off."""
    cutoff = timezone.now() - older_than
    alert_ids = list(
        Alert.objects.filter(status=AlertStatus.SENDING, sent_at__lte=cutoff).values_list(
            "pk", flat=True
        )
    )
    found = (
        Delivery.objects.filter(alert_id__in=alert_ids, state=DeliveryState.QUEUED)
        .values_list("alert_id", "channel", "chunk")
        .distinct()
        .order_by("alert_id", "channel", "chunk")
    )
    return [row for row in found if not is_busy(*row)]


def redrive_stuck(older_than: datetime.timedelta) -> list[tuple[int, str, int]]:
    """Enqueue the stuck chunks again, and plan alerts whose planning never ran; returns them."""
    from .tasks import plan_fanout, send_chunk

    cutoff = timezone.now() - older_than
    unplanned = Alert.objects.filter(
        status=AlertStatus.SENDING, sent_at__lte=cutoff, chunks_total=0
    ).values_list("pk", flat=True)
    for alert_id in unplanned:
        plan_fanout.enqueue(alert_id)
    chunks = stuck_chunks(older_than)
    for alert_id, channel, chunk in chunks:
        send_chunk.enqueue(alert_id, chunk, channel)
    return chunks
