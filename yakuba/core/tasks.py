"""Background tasks every module may use (Django's Tasks API, ``django.tasks``).

The backend comes from ``YAKUBA_TASK_BACKEND`` (see ``config/settings/base.py``):
django-tasks-db's ``db_worker`` in the embedded default, django-tasks-rq's
``rqworker`` on Redis for scale-out, and the immediate backend in tests.

Enqueue after the transaction that produced the data commits (HOUSE_STYLE
habit 3)::

    transaction.on_commit(lambda: send_mail_task.enqueue(subject, body, [address]))
"""

from __future__ import annotations

import email.utils

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.utils import timezone


@task
def ping_task() -> str:
    """Prove that a worker picks up tasks: returns ``"pong <ISO time>"``.

    ``python -m yakuba ping-worker`` enqueues it and waits for the answer.
    """
    return f"pong {timezone.now().isoformat()}"


@task(queue_name="mail")
def send_mail_task(
    subject: str,
    body: str,
    to: list[str],
    html: str = "",
    sender_name: str = "",
    headers: dict[str, str] | None = None,
) -> int:
    """Send an e-mail from ``DEFAULT_FROM_EMAIL`` through ``MAILERS["default"]``; returns the number sent (0 or 1).

    ``body`` is the text part; with ``html`` the mail is multipart/alternative.
    ``sender_name`` is shown before the address (e.g. the city's name).
    Arguments are plain strings so the task serialises on every backend. Failures
    raise, so the backend records the task as FAILED and the error is visible.
    """
    sender = (
        email.utils.formataddr((sender_name, settings.DEFAULT_FROM_EMAIL), charset="utf-8")
        if sender_name
        else None
    )
    message = EmailMultiAlternatives(subject, body, sender, list(to), headers=headers or {})
    if html:
        message.attach_alternative(html, "text/html")
    return message.send(using="default")
