"""Endpoint bookkeeping shared by every channel: failures, permanent errors, leaving."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from ..models import Endpoint

#: Consecutive temporary failures after which an endpoint is switched off.
MAX_CONSECUTIVE_FAILURES = 5


def record_success(endpoint_ids: list[int]) -> None:
    Endpoint.objects.filter(pk__in=endpoint_ids, failure_count__gt=0).update(failure_count=0)


@transaction.atomic
def record_failure(endpoint_id: int, reason: str) -> bool:
    """Count a temporary failure; returns whether the endpoint was switched off."""
    Endpoint.objects.filter(pk=endpoint_id).update(failure_count=F("failure_count") + 1)
    switched_off = Endpoint.objects.filter(
        pk=endpoint_id, active=True, failure_count__gte=MAX_CONSECUTIVE_FAILURES
    ).update(active=False, disabled_reason=reason[:200])
    return bool(switched_off)


def deactivate(endpoint_id: int, reason: str) -> None:
    """A permanent error (push subscription gone, LINE user blocked us, address bounced)."""
    Endpoint.objects.filter(pk=endpoint_id, active=True).update(
        active=False, disabled_reason=reason[:200]
    )
