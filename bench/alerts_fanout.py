#!/usr/bin/env python
"""Alert fan-out: time from "send" to the last message accepted by a loopback SMTP server.

    .venv/bin/python bench/alerts_fanout.py                          # 100,000 subscribers
    .venv/bin/python bench/alerts_fanout.py --subscribers 1000000 --workers 3
    .venv/bin/python bench/alerts_fanout.py --database-url postgres://postgres@127.0.0.1:5432/mydb

Steps, all in one run:

1. a fresh PostgreSQL database (``yakuba_bench_alerts`` on 127.0.0.1:5432, dropped and
   created; or ``--database-url``, which must be empty), migrated (the seeded categories);
2. N subscribers with one confirmed e-mail address each (80 % 日本語, 10 % English,
   10 % やさしい日本語), written with ``COPY`` (``yakuba.core.bulk.copy_rows``);
3. an SMTP sink (``yakuba.alerts.testing.smtp_sink.SmtpSink``, ``count_only``) in its own
   process on a free loopback port;
4. **raw intake**: the sink fed by a minimal sender — ``--workers`` processes, each one
   ``smtplib`` connection sending a message of the same size in a plain ``sendmail`` loop —
   for ``--raw-seconds``: the physical limit of this sink on this machine;
5. **fan-out**: ``--workers`` real ``manage.py db_worker`` processes (django-tasks-db,
   ``config.settings.bench``) and an alert that becomes ``sending`` (what approval does):
   the time from ``delivery.start()`` to the sink's last accepted message, the planning
   time, and the rate relative to the raw intake.

Writes ``bench/results/alerts_fanout.json``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing
import os
import platform
import smtplib
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from _harness import PYTHON, RESULTS_DIR, ROOT, bench_environment, manage

ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_DATABASE = "yakuba_bench_alerts"
LANGUAGES = ["ja"] * 8 + ["en", "easy"]


# ------------------------------------------------------------------------ the sink


def _sink_process(port_value, count_value, last_value, ready) -> None:
    sys.path.insert(0, str(ROOT))
    from yakuba.alerts.testing.smtp_sink import SmtpSink

    sink = SmtpSink(count_only=True).start()
    port_value.value = sink.port
    ready.set()
    while True:  # publish the count for the parent (the sink itself stays lean)
        count_value.value = sink.count
        last_value.value = sink.last_accepted
        time.sleep(0.002)


class SinkProcess:
    def __init__(self) -> None:
        self.port = multiprocessing.Value("i", 0)
        self.count = multiprocessing.Value("q", 0, lock=False)
        self.last = multiprocessing.Value("d", 0.0, lock=False)
        ready = multiprocessing.Event()
        self.process = multiprocessing.Process(
            target=_sink_process, args=(self.port, self.count, self.last, ready), daemon=True
        )
        self.process.start()
        ready.wait(30)

    def stop(self) -> None:
        self.process.terminate()
        self.process.join(10)


# ---------------------------------------------------------------------- database


def fresh_database(url: str | None) -> str:
    if url:
        return url
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DEFAULT_DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DEFAULT_DATABASE}"')
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{DEFAULT_DATABASE}"


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def load_subscribers(count: int) -> float:
    """N subscribers with a confirmed e-mail endpoint each, by COPY; returns seconds."""
    from django.db import connection
    from django.utils import timezone

    from yakuba.alerts.models import Category, Endpoint, Subscriber
    from yakuba.core.bulk import copy_rows

    started = time.monotonic()
    mask = Category.objects.get(code="bosai").mask | Category.objects.get(code="shisei").mask
    now = timezone.now()
    copy_rows(
        Subscriber,
        ["id", "created", "updated", "public_id", "language", "category_mask", "whole_city",
         "token_version"],
        ((n, now, now, uuid.uuid4(), LANGUAGES[n % 10], mask, True, 1)
         for n in range(1, count + 1)),
    )  # fmt: skip
    copy_rows(
        Endpoint,
        ["id", "created", "updated", "subscriber_id", "channel", "address", "keys",
         "confirmed_at", "active", "failure_count", "disabled_reason"],
        ((n, now, now, n, "email", f"resident-{n:07d}@example.jp", "{}", now, True, 0, "")
         for n in range(1, count + 1)),
    )  # fmt: skip
    with connection.cursor() as cursor:
        for model in (Subscriber, Endpoint):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            )
            cursor.execute(f"ANALYZE {table}")
    return time.monotonic() - started


def new_alert():
    from django.utils import timezone

    from yakuba.alerts.models import Alert, AlertStatus, Category
    from yakuba.alerts.services.compose import new_identifier

    return Alert.objects.create(
        identifier=new_identifier(),
        category=Category.objects.get(code="bosai"),
        event="大雨",
        title_ja="大雨警報（土砂災害）が発表されました",
        body_ja="市内に大雨警報が発表されました。崖の近くの方は早めに避難してください。" * 4,
        title_en="Heavy rain warning",
        body_en="A heavy rain warning is in effect. Residents near slopes should evacuate early."
        * 4,
        title_easy="大雨の 警報が 出ました",
        body_easy="雨が とても 強いです。 がけの 近くの 人は 早く にげて ください。" * 4,
        status=AlertStatus.SENDING,
        sent_at=timezone.now(),
    )


def sample_message(alert) -> bytes:
    """The bytes of one real fan-out message (for the raw sender's message size)."""
    from yakuba.alerts.channels.base import Message
    from yakuba.alerts.channels.email import EmailSender
    from yakuba.alerts.delivery.render import render_with_links

    rendered = render_with_links(
        alert, "email", "ja", "https://example.jp/m/" + "x" * 80, "https://example.jp/u/" + "y" * 90
    )
    message = Message(
        delivery_id=1,
        endpoint_id=1,
        address="resident-0000001@example.jp",
        language="ja",
        alert_identifier=alert.identifier,
        msg_type=alert.msg_type,
        severity=alert.severity,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        url=rendered.url,
        manage_url="",
        unsubscribe_url="https://example.jp/u/" + "y" * 90,
    )
    return EmailSender().as_bytes(message)


# ------------------------------------------------------------------------ raw rate


def _raw_sender(port: int, data: bytes, seconds: float, sent) -> None:
    connection = smtplib.SMTP("127.0.0.1", port)
    deadline = time.monotonic() + seconds
    count = 0
    while time.monotonic() < deadline:
        connection.sendmail("bench@example.jp", [f"raw-{count}@example.jp"], data)
        count += 1
    connection.quit()
    with sent.get_lock():
        sent.value += count


def raw_rate(sink: SinkProcess, data: bytes, connections: int, seconds: float) -> float:
    sent = multiprocessing.Value("q", 0)
    before = sink.count.value
    senders = [
        multiprocessing.Process(target=_raw_sender, args=(sink.port.value, data, seconds, sent))
        for _ in range(connections)
    ]
    started = time.monotonic()
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    elapsed = time.monotonic() - started
    accepted = sink.count.value - before
    return accepted / elapsed


# ------------------------------------------------------------------------- fan-out


def start_workers(env: dict[str, str], count: int, log_dir: Path) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.05",
             "--worker-id", f"bench-{number}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(log_dir / f"worker-{number}.log", "ab"),  # noqa: SIM115
        )
        for number in range(count)
    ]  # fmt: skip


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()


def fan_out(alert, sink: SinkProcess, expected: int, timeout: float) -> dict:
    from yakuba.alerts import delivery
    from yakuba.alerts.models import Alert

    before = sink.count.value
    started_wall = time.time()
    started = time.monotonic()
    delivery.start(alert.pk)
    planned_at = None
    deadline = started + timeout
    while sink.count.value - before < expected:
        if time.monotonic() > deadline:
            break
        if planned_at is None and Alert.objects.filter(pk=alert.pk, chunks_total__gt=0).exists():
            planned_at = time.monotonic() - started
        time.sleep(0.05 if planned_at is None else 0.2)
    received = sink.count.value - before
    seconds = (sink.last.value - started_wall) if received else float("nan")
    alert.refresh_from_db()
    return {
        "received": received,
        "seconds_to_last_message": seconds,
        "planned_after_s": planned_at,
        "rate_per_s": received / seconds if received else 0.0,
        "alert_status": alert.status,
        "chunks": alert.chunks_total,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--raw-seconds", type=float, default=10.0)
    parser.add_argument("--timeout", type=float, default=3600.0)
    parser.add_argument("--database-url")
    options = parser.parse_args()

    url = fresh_database(options.database_url)
    with tempfile.TemporaryDirectory(prefix="yakuba-bench-alerts-") as work:
        work_dir = Path(work)
        sink = SinkProcess()
        env = bench_environment(work_dir, url)
        env.update(
            YAKUBA_TASK_BACKEND="database",
            ALERTS_EMAIL_HOST="127.0.0.1",
            ALERTS_EMAIL_PORT=str(sink.port.value),
        )
        print(f"bench alerts_fanout: migrating {url.rsplit('/', 1)[1]} ...", flush=True)
        manage(env, "migrate", "--noinput")
        setup_django(env)
        load_seconds = load_subscribers(options.subscribers)
        print(f"  {options.subscribers:,} subscribers loaded in {load_seconds:.1f} s", flush=True)
        alert = new_alert()
        data = sample_message(alert)
        raw = raw_rate(sink, data, options.workers, options.raw_seconds)
        print(
            f"  raw intake ({options.workers} connection(s), {len(data):,} bytes): {raw:,.0f} msg/s",
            flush=True,
        )
        workers = start_workers(env, options.workers, work_dir)
        try:
            time.sleep(3)  # let the workers start (Django import) before the clock runs
            result = fan_out(alert, sink, options.subscribers, options.timeout)
        finally:
            stop_workers(workers)
            sink.stop()
    result["ratio_to_raw"] = result["rate_per_s"] / raw if raw else 0.0
    print(
        f"  fan-out: {result['received']:,} messages in {result['seconds_to_last_message']:.1f} s"
        f" = {result['rate_per_s']:,.0f} msg/s ({result['ratio_to_raw']:.0%} of raw);"
        f" planned after {result['planned_after_s'] or float('nan'):.1f} s,"
        f" {result['chunks']} chunks, alert {result['alert_status']}"
    )
    report = {
        "name": "alerts_fanout",
        "finished": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "subscribers": options.subscribers,
        "workers": options.workers,
        "message_bytes": len(data),
        "load_seconds": load_seconds,
        "raw_rate_per_s": raw,
        **result,
        "versions": {"python": platform.python_version(), "cpus": str(os.cpu_count())},
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "alerts_fanout.json").write_text(json.dumps(report, indent=2) + "\n")
    return 0 if result["received"] == options.subscribers else 1


if __name__ == "__main__":
    sys.exit(main())
