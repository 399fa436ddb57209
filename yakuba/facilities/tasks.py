"""Tasks of the facilities module (Django Tasks API): thin, take ids, safe to run twice."""

from __future__ import annotations

import datetime

from django.tasks import default_task_backend, task
from django.utils import timezone

from . import periodic


@task(queue_name="default")
def facilities_tick_task(reschedule: bool = True) -> dict[str, int]:
    """Run the periodic jobs, then enqueue the next run ``TICK_SECONDS`` later."""
    counts = periodic.run_due_jobs()
    if reschedule and default_task_backend.supports_defer:
        later = timezone.now() + datetime.timedelta(seconds=periodic.TICK_SECONDS)
        facilities_tick_task.using(run_after=later).enqueue(True)
    return counts
