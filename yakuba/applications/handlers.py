"""Reactions of the online applications module to events.

``submission_status_changed`` (sent after commit) → the applicant's e-mail, sent by a task
so a slow mail server never holds up the page that changed the status.  A failure to
enqueue is logged and never reaches the person who changed the status.
Connected in ``apps.ApplicationsConfig.ready()``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver

from .events import submission_status_changed

logger = logging.getLogger(__name__)


@receiver(submission_status_changed, dispatch_uid="applications.notify_applicant")
def notify_applicant(
    sender: Any,
    *,
    submission_id: int,
    to_status: str,
    event_id: int | None = None,
    **kwargs: Any,
) -> None:
    from .tasks import notify_status_change_task

    try:
        notify_status_change_task.enqueue(submission_id, str(to_status), event_id)
    except Exception:  # noqa: BLE001 - logged; the status change itself stands
        logger.exception("applications status mail failed", extra={"submission_id": submission_id})
