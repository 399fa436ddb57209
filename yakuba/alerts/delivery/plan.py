"""Who receives an alert: one ``Delivery`` row per deliverable endpoint, numbered into chunks.

One ``INSERT … SELECT`` creates every row in the database (no rows travel through
Python: a million subscribers take seconds), with ``ON CONFLICT DO NOTHING`` on the
(alert, endpoint) unique constraint so planning twice changes nothing.  The same
statement runs on PostgreSQL and SQLite (window function, ``ON CONFLICT``, ``&``).

Matching (the contract): ``category_mask & category.mask != 0``, the endpoint is active
and confirmed, its channel is enabled, and the subscriber follows the whole city, or
the alert is whole-city, or one of the subscriber's 町丁目 is among the alert's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction

from ..channels import enabled_channels
from ..models import (
    Alert,
    AlertStatus,
    Delivery,
    DeliveryState,
    Endpoint,
    Subscriber,
    SubscriberArea,
)


@dataclass(frozen=True)
class Plan:
    """The chunks to enqueue: ``(channel, chunk)`` pairs; empty when already planned."""

    targets_total: int
    chunks: list[tuple[str, int]]


def _insert_sql(alert: Alert, channels: list[str], chunk_size: int) -> tuple[str, list]:
    quote = connection.ops.quote_name
    delivery = quote(Delivery._meta.db_table)
    endpoint = quote(Endpoint._meta.db_table)
    subscriber = quote(Subscriber._meta.db_table)
    area = quote(SubscriberArea._meta.db_table)
    params: list = [alert.pk, chunk_size, DeliveryState.QUEUED]
    channel_marks = ", ".join(["%s"] * len(channels))
    params += [True, *channels, alert.category.mask]
    area_condition = ""
    if not alert.whole_city:
        area_marks = ", ".join(["%s"] * len(alert.area_codes))
        area_condition = (
            f" AND (s.whole_city = %s OR EXISTS (SELECT 1 FROM {area} a"
            f" WHERE a.subscriber_id = s.id AND a.area_code IN ({area_marks})))"
        )
        params += [True, *alert.area_codes]
    sql = (
        f"INSERT INTO {delivery} (alert_id, endpoint_id, channel, chunk, state, attempts, error)"
        f" SELECT %s, e.id, e.channel,"
        f" (ROW_NUMBER() OVER (PARTITION BY e.channel ORDER BY e.id) - 1) / %s, %s, 0, ''"
        f" FROM {endpoint} e JOIN {subscriber} s ON s.id = e.subscriber_id"
        f" WHERE e.active = %s AND e.confirmed_at IS NOT NULL AND e.channel IN ({channel_marks})"
        f" AND (s.category_mask & %s) <> 0{area_condition}"
        f" ON CONFLICT DO NOTHING"
    )
    return sql, params


def plan_alert(alert_id: int, chunk_size: int | None = None) -> Plan:
    """Create the alert's delivery rows once and record its totals; returns the chunks to send."""
    chunk_size = chunk_size or settings.YAKUBA_ALERT_CHUNK_SIZE
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update()
            .select_related("category")
            .filter(pk=alert_id, status=AlertStatus.SENDING)
            .first()
        )
        if alert is None or alert.chunks_total or alert.targets_total:
            return Plan(0, [])  # not sending, or planned before (a retried task)
        sql, params = _insert_sql(alert, enabled_channels(), chunk_size)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.execute(
                f"SELECT channel, COUNT(*), MAX(chunk) FROM {connection.ops.quote_name(Delivery._meta.db_table)}"
                " WHERE alert_id = %s GROUP BY channel",
                [alert.pk],
            )
            counts = cursor.fetchall()
        chunks = [(channel, number) for channel, _, last in counts for number in range(last + 1)]
        total = sum(count for _, count, _ in counts)
        Alert.objects.filter(pk=alert.pk).update(targets_total=total, chunks_total=len(chunks))
    return Plan(total, chunks)
