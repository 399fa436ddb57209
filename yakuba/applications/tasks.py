"""Tasks of the online applications module (Django Tasks API): thin, take ids."""

from __future__ import annotations

from django.tasks import task


@task(queue_name="mail")
def notify_status_change_task(
    submission_id: int, to_status: str, event_id: int | None = None
) -> int:
    """E-mail the applicant about one status change (``services.notifications``)."""
    from .services.notifications import send_status_mail

    return send_status_mail(submission_id, to_status, event_id)
