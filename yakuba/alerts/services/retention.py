"""Retention of subscribers' data, as the 個人情報ファイル簿 entry states it.

* Delivery records are kept one year after the delivery, then deleted.
* An endpoint that was switched off (left, push subscription gone, LINE user blocked,
  repeated failures) keeps no address or keys: they are erased like an unsubscribe
  (``unsubscribed:<id>``), so only counts remain.

Run daily: ``manage.py alerts_purge`` (docs/modules/alerts.md).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Delivery, Endpoint
from .subscriptions import UNSUBSCRIBED

DELIVERY_RETENTION = datetime.timedelta(days=365)


@dataclass(frozen=True)
class Purged:
    deliveries: int
    endpoints: int


def purge(now: datetime.datetime | None = None, *, batch: int = 10_000) -> Purged:
    """Delete old delivery records and erase switched-off endpoints; returns the counts."""
    now = now or timezone.now()
    cutoff = now - DELIVERY_RETENTION
    old = Delivery.objects.filter(
        Q(sent_at__lt=cutoff) | Q(sent_at__isnull=True, alert__created__lt=cutoff)
    )
    deliveries = 0
    while True:
        ids = list(old.values_list("pk", flat=True)[:batch])
        if not ids:
            break
        deliveries += Delivery.objects.filter(pk__in=ids).delete()[0]
    endpoints = 0
    switched_off = Endpoint.objects.filter(active=False).exclude(
        address__startswith=f"{UNSUBSCRIBED}:"
    )
    for endpoint_id in switched_off.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            endpoints += Endpoint.objects.filter(pk=endpoint_id, active=False).update(
                address=f"{UNSUBSCRIBED}:{endpoint_id}", keys={}
            )
    return Purged(deliveries, endpoints)
