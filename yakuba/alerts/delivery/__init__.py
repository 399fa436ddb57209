"""The delivery engine: fan-out of an alert to its subscribers' endpoints on the Tasks API.

Contract with :mod:`yakuba.alerts.services.compose`: when an alert becomes ``sending``
the compose service calls :func:`start` after its transaction commits.  The steps:
:mod:`.plan` (who, in chunks) → :mod:`.engine` (send a chunk, record each result) →
the alert becomes ``sent``; :mod:`.redrive` recovers chunks of crashed workers.
See ``docs/modules/alerts-delivery.md``.
"""

from __future__ import annotations

from typing import Any


def start(alert_id: int) -> None:
    """Begin delivering an alert that has just become ``sending`` (called on commit)."""
    from .tasks import plan_fanout

    plan_fanout.enqueue(alert_id)


def retry_failed(alert_id: int, actor: Any) -> int:
    """Queue the alert's failed deliveries again (not bounced ones); returns how many.

    The alert goes back to ``sending`` until they are done; an AlertEvent "retried"
    records who asked.
    """
    from django.db import transaction
    from django.db.models import F

    from ..models import Alert, AlertEvent, AlertStatus, Delivery, DeliveryState
    from .tasks import enqueue_chunks

    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert_id)
        failed = Delivery.objects.filter(
            alert_id=alert_id, state=DeliveryState.FAILED, endpoint__active=True
        )
        chunks = sorted(set(failed.values_list("channel", "chunk")))
        count = failed.update(state=DeliveryState.QUEUED, attempts=0, error="")
        if count:
            Alert.objects.filter(pk=alert_id).update(
                status=AlertStatus.SENDING,
                completed_at=None,
                chunks_done=F("chunks_done") - min(len(chunks), alert.chunks_done),
            )
        AlertEvent.objects.create(alert_id=alert_id, action="retried", actor=actor, note=str(count))
        transaction.on_commit(lambda: enqueue_chunks(alert_id, chunks))
    return count
