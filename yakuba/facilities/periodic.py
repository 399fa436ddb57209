"""Periodic jobs of the facilities module, run by one self-rescheduling task.

Each part registers its jobs (``register("expire_unpaid", function)``); a job takes the
current time and returns a count for the log.  ``manage.py facilities_tick`` runs them
once, every N seconds (``--every``), or starts the task (``--start-ticker``) that runs
them every ``TICK_SECONDS`` on the task backend (database or Redis workers).  Jobs must
be idempotent: running one twice, or late, does no harm.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from django.utils import timezone

logger = logging.getLogger(__name__)

TICK_SECONDS = 300

Job = Callable[[datetime.datetime], int]
_jobs: dict[str, Job] = {}


def register(name: str, job: Job) -> Job:
    _jobs[name] = job
    return job


def jobs() -> dict[str, Job]:
    return dict(sorted(_jobs.items()))


def run_due_jobs(now: datetime.datetime | None = None) -> dict[str, int]:
    """Run every job once; one failing job does not stop the others."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    for name, job in jobs().items():
        try:
            counts[name] = job(now)
        except Exception:  # noqa: BLE001 - logged, the next tick retries
            logger.exception("facilities periodic job failed", extra={"job": name})
            counts[name] = -1
    return counts
