"""The delivery engine: fan-out of an alert to its subscribers' endpoints on the Tasks API.

Contract with :mod:`yakuba.alerts.services.compose`: when an alert becomes ``sending``
the compose service calls :func:`start` after its transaction commits.
"""

from __future__ import annotations


def start(alert_id: int) -> None:
    """Begin delivering an alert that has just become ``sending`` (called on commit)."""
    from .tasks import plan_fanout

    plan_fanout.enqueue(alert_id)
