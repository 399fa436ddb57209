"""Fault test: a real worker killed (SIGKILL) in the middle of a 10,000-recipient send.

The worker is ``manage.py db_worker`` (django-tasks-db) on the test database, sending to a
real loopback SMTP server.  The server holds its reply to the 2,501st message (in the
middle of a chunk); while the worker waits for it, the test kills the worker, then starts
a new one and re-drives the stuck chunk (``manage.py alerts_redrive``).  Every recipient must get exactly one message.
PostgreSQL only: several processes share the database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from yakuba.alerts.models import (
    Alert,
    AlertStatus,
    Delivery,
    DeliveryState,
    Endpoint,
    Subscriber,
)
from yakuba.alerts.services import compose
from yakuba.alerts.services.compose import AlertContent
from yakuba.alerts.testing.smtp_sink import SmtpSink

ROOT = Path(__file__).resolve().parents[3]
RECIPIENTS = 10_000
#: The server holds its reply to the next message: in the middle of the third chunk of 1,000.
STALL_AFTER = 2_500
DATABASE_TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "mail", "bulk"],
    }
}


def _database_url() -> str:
    data = connection.settings_dict
    user = data["USER"] or "postgres"
    password = f":{data['PASSWORD']}" if data["PASSWORD"] else ""
    host = data["HOST"] or "127.0.0.1"
    port = data["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{data['NAME']}"


def _worker(port: int, var_dir: Path) -> subprocess.Popen:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.bench",
        YAKUBA_TASK_BACKEND="database",
        DATABASE_URL=_database_url(),
        ALERTS_EMAIL_HOST="127.0.0.1",
        ALERTS_EMAIL_PORT=str(port),
        SECRET_KEY=settings.SECRET_KEY,
        YAKUBA_VAR_DIR=str(var_dir),
        LOG_LEVEL="WARNING",
    )
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.05"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(var_dir / "worker.log", "ab"),  # noqa: SIM115 - closed with the process
    )


def _wait(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _subscribers(categories) -> None:
    mask = categories["shisei"].mask
    now = timezone.now()
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(category_mask=mask) for _ in range(RECIPIENTS)
    )
    Endpoint.objects.bulk_create(
        Endpoint(
            subscriber=subscriber,
            channel="email",
            address=f"resident-{number:05d}@example.jp",
            confirmed_at=now,
        )
        for number, subscriber in enumerate(subscribers)
    )


@pytest.mark.django_db(transaction=True)
def test_killed_worker_neither_loses_nor_repeats_a_message(categories, composer, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("several worker processes share the database: PostgreSQL only")
    _subscribers(categories)
    workers: list[subprocess.Popen] = []
    with (
        SmtpSink(count_only=True, stall_after=STALL_AFTER) as sink,
        override_settings(TASKS=DATABASE_TASKS),
    ):
        try:
            content = AlertContent(
                category=categories["shisei"],
                event="お知らせ",
                title_ja="断水のお知らせ",
                body_ja="本日14時から16時まで断水します。",
            )
            alert = compose.submit(composer, compose.create_draft(composer, content))
            workers.append(_worker(sink.port, tmp_path))
            _wait(sink.stalled.is_set, 40, "the worker to reach the held message")
            os.kill(workers[0].pid, signal.SIGKILL)
            workers[0].wait(timeout=10)
            sink.release()
            sent_before = Delivery.objects.filter(alert=alert, state=DeliveryState.SENT).count()
            assert sent_before == STALL_AFTER == sink.count

            # The killed worker's chunk lock goes with its database session.
            _wait(lambda: not _busy(alert.pk), 10, "the killed worker's session to end")
            workers.append(_worker(sink.port, tmp_path))
            call_command("alerts_redrive", "--older-than", "0", stdout=open(os.devnull, "w"))
            _wait(
                lambda: Alert.objects.get(pk=alert.pk).status == AlertStatus.SENT,
                40,
                "the alert to be sent",
            )
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.terminate()
                    worker.wait(timeout=15)

        assert sink.count == RECIPIENTS
        assert len(sink.recipients) == RECIPIENTS
        assert set(sink.recipients.values()) == {1}
    assert Delivery.objects.filter(alert=alert, state=DeliveryState.SENT).count() == RECIPIENTS
    alert.refresh_from_db()
    assert alert.chunks_done == alert.chunks_total == 10


def _busy(alert_id: int) -> bool:
    from yakuba.alerts.delivery.locks import is_busy

    chunks = (
        Delivery.objects.filter(alert_id=alert_id, state=DeliveryState.QUEUED)
        .values_list("channel", "chunk")
        .distinct()
    )
    return any(is_busy(alert_id, channel, chunk) for channel, chunk in chunks)
