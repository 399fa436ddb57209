"""Background tasks every module may use (Django's Tasks API, ``django.tasks``).

The backend comes from ``YAKUBA_TASK_BACKEND`` (see ``config/settings/base.py``):
django-tasks-db's ``db_worker`` in the embedded default, django-tasks-rq's
``rqworker`` on Redis for scale-out, and the immediate backend in tests.

Enqueue after the transaction that produced the data commits (HOUSE_STYLE
habit 3)::

    transaction.on_commit(lambda: send_mail_task.enqueue(subject, body, [address]))
"""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.tasks import task
from django.utils import timezone


@task
def ping_task() -> str:
    """Prove that a worker picks up tasks: returns ``"pong <ISO time>"``.

    ``python -m yakuba ping-worker`` enqueues it and waits for the answer.
    """
    return f"pong {timezone.now().isoformat()}"


@task(queue_name="mail")
def send_mail_task(subject: str, body: str, to: list[str]) -> int:
    """Send a plain-text e-mail from ``DEFAULT_FROM_EMAIL`` through ``MAILERS["default"]``; returns the number sent (0 or 1).

    Arguments are plain strings so the task serialises on every backend. Failures
    raise, so the backend records the task as FAILED and the error is visible.
    """
    return EmailMessage(subject, body, None, list(to)).send(using="default")
