#!/usr/bin/env python
"""Public alert outputs under load: Atom feed, CAP feed, JSON API (1,000 sent alerts) vs /ping.

    .venv/bin/python bench/alerts_feeds.py [--alerts 1000] [--duration 10] [--connections 16]
    .venv/bin/python bench/alerts_feeds.py --database-url postgres://postgres@127.0.0.1:5432/yakuba_bench_feeds

Steps, all in one run:

1. a throwaway SQLite database with the demo city (or ``--database-url``, which is only
   migrated: it must hold town areas for the demo's 町丁目, or none);
2. N sent alerts made through the real compose service (``create_automatic``, released
   at once; the delivery engine's start is switched off for the load, since fan-out is
   not what is measured), spread over the past weeks, some in three languages, some
   for 町丁目, every fifth an Update;
3. gunicorn (2 sync workers, ``config.settings.bench``) and wrk against, in order:
   (a) ``/ping``, (b) ``/alerts/feed.atom``, (c) ``/alerts/cap.atom``,
   (d) ``/alerts/api/alerts.json`` (limit 100), (e) the public list page ``/alerts/``,
   (f) ``/alerts/feed.atom`` revalidated with ``If-None-Match`` (304).

Prints requests/s, p50 and p99 and the ratio to (a); writes bench/results/alerts_feeds.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import tempfile
import urllib.request
from dataclasses import asdict
from pathlib import Path

from _harness import (
    BASELINE,
    RESULTS_DIR,
    ROOT,
    BenchmarkError,
    Target,
    _versions,
    bench_environment,
    format_table,
    manage,
    prepare_database,
    run_wrk,
    start_server,
)

MAKE_ALERTS = """
import datetime, random
from django.utils import timezone
from yakuba.alerts import delivery
from yakuba.alerts.models import Alert, Category, MsgType
from yakuba.alerts.outputs.testing import sent_alert
from yakuba.residents.queries import town_areas

delivery.start = lambda alert_id: None  # fan-out is not what this benchmark measures
random.seed(1)
categories = list(Category.objects.all())
codes = [area.code for area in town_areas()]
now = timezone.now()
previous = None
for number in range({count}):
    languages = {{}}
    if number % 3 == 0:
        languages = dict(
            title_en=f"Notice {{number}}", body_en="Please read the details on the city site.",
            title_easy=f"おしらせ {{number}}", body_easy="くわしく は しの ページ を みて ください。",
        )
    area_codes = random.sample(codes, k=min(len(codes), 2)) if codes and number % 2 else []
    revision = previous is not None and number % 5 == 4
    alert = sent_alert(
        random.choice(categories),
        title_ja=f"お知らせ 第{{number}}号",
        body_ja="市からのお知らせです。" * 5,
        area_codes=area_codes,
        references=previous if revision else None,
        msg_type=MsgType.UPDATE if revision else MsgType.ALERT,
    )
    Alert.objects.filter(pk=alert.pk).update(
        sent_at=now - datetime.timedelta(minutes=30 * ({count} - number))
    )
    previous = alert
print(Alert.objects.filter(status="sending").count())
"""


def etag_of(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
        return response.headers["ETag"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=1000, help="sent alerts (default 1000)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per target")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    options = parser.parse_args()
    try:
        return run(options)
    except BenchmarkError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2


def run(options: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="yakuba-bench-") as work:
        env = bench_environment(Path(work), options.database_url)
        print("bench alerts_feeds: preparing the database ...", flush=True)
        database = prepare_database(env, demo_residents=None if options.database_url else 100)
        made = manage(env, "shell", "-c", MAKE_ALERTS.format(count=options.alerts))
        public = made.stdout.strip().splitlines()[-1]
        print(f"bench alerts_feeds: {database}; {public} sent alerts", flush=True)
        results = []
        with start_server(env, workers=options.workers) as base_url:
            etag = etag_of(base_url + "/alerts/feed.atom")
            targets = [
                Target(BASELINE, "/ping"),
                Target("(b) Atom feed /alerts/feed.atom", "/alerts/feed.atom"),
                Target("(c) CAP feed /alerts/cap.atom", "/alerts/cap.atom"),
                Target("(d) JSON /alerts/api/alerts.json", "/alerts/api/alerts.json?limit=100"),
                Target("(e) list page /alerts/", "/alerts/"),
                Target(
                    "(f) feed.atom revalidation (304)",
                    "/alerts/feed.atom",
                    {"If-None-Match": etag},
                ),
            ]
            for target in targets:
                url = base_url + target.path
                load = dict(
                    duration=options.duration,
                    connections=options.connections,
                    threads=options.threads,
                    headers=target.headers,
                )
                if options.warmup:
                    run_wrk(url, **{**load, "duration": options.warmup})
                result = run_wrk(url, name=target.name, **load)
                results.append(result)
                print(f"  {target.name}: {result.requests_per_second:,.0f} req/s", flush=True)
        vendor = env["DATABASE_URL"].split(":", 1)[0]
    print()
    print(format_table(results, results[0]))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    report = {
        "name": "alerts_feeds",
        "finished": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": vendor,
        "data": f"{database}; {public} sent alerts",
        "server": {"program": "gunicorn", "workers": options.workers, "worker_class": "sync"},
        "load": {
            "tool": "wrk",
            "threads": options.threads,
            "connections": options.connections,
            "duration_s": options.duration,
        },
        "versions": _versions(),
        "results": [
            {
                **asdict(result),
                "relative_to_baseline": result.requests_per_second / results[0].requests_per_second,
            }
            for result in results
        ],
    }
    output = RESULTS_DIR / "alerts_feeds.json"
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten: {output.relative_to(ROOT)}")
    failing = [result.name for result in results if result.non_2xx_3xx or result.socket_errors]
    if failing:
        print(f"bench alerts_feeds: responses with errors: {', '.join(failing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
