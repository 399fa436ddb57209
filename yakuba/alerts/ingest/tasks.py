"""Scheduling of the JMA poll on the Tasks API.

``poll_jma`` polls once and, when the backend can defer (django-tasks-db, RQ), enqueues
itself again ``YAKUBA_JMA_POLL_SECONDS`` later — a self-perpetuating chain started once
(``alerts_poll_jma --enqueue`` or the demo).  Backends that cannot defer (the immediate
backend of the tests) poll once; cron or systemd then runs ``alerts_poll_jma --once``.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)


@task
def poll_jma() -> dict[str, int]:
    if not settings.YAKUBA_JMA_POLL_ENABLED:
        return {"skipped": 1}
    from .fetch import poll_once

    try:
        report = poll_once()
    finally:
        schedule_next()
    return {
        "feeds_fetched": report.feeds_fetched,
        "feeds_unchanged": report.feeds_unchanged,
        "messages_fetched": report.messages_fetched,
    }


def schedule_next() -> bool:
    """Enqueue the next poll when the backend supports ``run_after``; ``False`` otherwise."""
    if not poll_jma.get_backend().supports_defer:
        return False
    delay = datetime.timedelta(seconds=settings.YAKUBA_JMA_POLL_SECONDS)
    poll_jma.using(run_after=timezone.now() + delay).enqueue()
    return True
