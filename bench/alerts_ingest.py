#!/usr/bin/env python
"""National-warning link: parse cost per message type, rule application rate, polite polling.

    .venv/bin/python bench/alerts_ingest.py                       # throwaway SQLite
    .venv/bin/python bench/alerts_ingest.py --messages 2000 \\
        --database-url postgres://postgres@127.0.0.1:5432/yakuba_bench_ingest   # empty PG database

In one run, in process (no HTTP server of yakuba involved):

1. **parse**: every fixture of ``yakuba/alerts/ingest/tests/fixtures`` parsed
   ``--parse-rounds`` times; microseconds per message, per type;
2. **apply**: ``--messages`` legacy VPWW54 messages of one city, each with a new report
   time and a level that changes every 4th message (so most are merged 継続 reports and a
   quarter create alerts through compose), recorded and applied one by one; messages/s;
3. **poll**: a loopback stand-in of the JMA feed with ``--entries`` entries (7 relevant to
   the city, the rest other prefectures or other message types): the first poll (feed +
   relevant files), then a poll answered ``304``; milliseconds and requests made.

Results: a table on stdout and ``bench/results/alerts_ingest.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _harness import RESULTS_DIR, ROOT, _versions, bench_environment, manage

FIXTURES = ROOT / "yakuba" / "alerts" / "ingest" / "tests" / "fixtures"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--parse-rounds", type=int, default=500)
    parser.add_argument("--entries", type=int, default=100)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="yakuba-bench-ingest-"))
    env = bench_environment(work, options.database_url)
    manage(env, "migrate", "--noinput")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    results = {
        "database": env["DATABASE_URL"].split(":", 1)[0],
        "versions": _versions(),
        "parse_us": measure_parse(options.parse_rounds),
        "apply": measure_apply(options.messages),
        "poll": measure_poll(options.entries),
    }
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "alerts_ingest.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False)
    )
    print(f"database: {results['database']}")
    print("parse (µs per message):")
    for name, value in results["parse_us"].items():
        print(f"  {name:40} {value:8.1f}")
    apply = results["apply"]
    print(
        f"apply: {apply['messages']} messages in {apply['seconds']:.2f} s = "
        f"{apply['per_second']:.0f}/s, p50 {apply['p50_ms']:.2f} ms, p99 {apply['p99_ms']:.2f} ms; "
        f"alerts created {apply['alerts']}"
    )
    poll = results["poll"]
    print(
        f"poll: {poll['entries']} entries; first {poll['first_ms']:.1f} ms "
        f"({poll['first_requests']} requests), unchanged {poll['second_ms']:.1f} ms "
        f"({poll['second_requests']} request, status {poll['second_status']})"
    )
    return 0


def _setup_city() -> None:
    import importlib

    from django.apps import apps

    from yakuba.alerts.ingest.rules import seed
    from yakuba.core.services import get_municipality, save_municipality

    importlib.import_module("yakuba.alerts.migrations.0002_categories").seed(apps, None)
    seed(apps, None)
    if get_municipality() is None:
        save_municipality(
            code="132233",
            name="武蔵村山市",
            name_kana="ムサシムラヤマシ",
            name_en="Musashimurayama City",
            prefecture="東京都",
            postal_code="208-8501",
            address="東京都武蔵村山市本町一丁目1番地の1",
            phone="042-565-1111",
        )


def measure_parse(rounds: int) -> dict[str, float]:
    from yakuba.alerts.ingest.parsing import ParseError, parse

    figures = {}
    for path in sorted(FIXTURES.glob("*.xml")):
        data = path.read_bytes()
        started = time.perf_counter()
        for _ in range(rounds):
            try:
                parse(data, city_code="1322300", url=path.name)
            except ParseError:
                pass
        figures[path.name] = (time.perf_counter() - started) / rounds * 1e6
    return figures


def measure_apply(count: int) -> dict[str, float]:
    import datetime

    from django.conf import settings

    from yakuba.alerts.ingest.apply import receive_jma
    from yakuba.alerts.models import Alert

    settings.YAKUBA_JMA_AREA_CODE = "1322300"
    _setup_city()
    template = (FIXTURES / "20260909074500_0_VPWW54_130000.xml").read_bytes()
    start = datetime.datetime(
        2027, 1, 1, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=9))
    )
    kinds = [("大雨警報", "03"), ("大雨注意報", "10")]
    before = Alert.objects.count()
    timings = []
    for number in range(count):
        moment = start + datetime.timedelta(minutes=10 * number)
        name, code = kinds[(number // 4) % 2]
        data = template.replace(b"2026-09-09T16:45:00+09:00", moment.isoformat().encode())
        data = data.replace(
            "大雨警報</Name><Code>03".encode(), f"{name}</Name><Code>{code}".encode()
        )
        url = f"http://bench.invalid/data/{moment:%Y%m%d%H%M%S}_0_VPWW54_130000.xml"
        began = time.perf_counter()
        receive_jma(url, data)
        timings.append((time.perf_counter() - began) * 1000)
    total = sum(timings) / 1000
    timings.sort()
    return {
        "messages": count,
        "seconds": total,
        "per_second": count / total,
        "p50_ms": statistics.median(timings),
        "p99_ms": timings[int(len(timings) * 0.99) - 1],
        "alerts": Alert.objects.count() - before,
    }


def measure_poll(entries: int) -> dict[str, float]:
    from django.conf import settings

    from yakuba.alerts.ingest.fetch import poll_once
    from yakuba.alerts.ingest.models import ReceivedMessage
    from yakuba.alerts.ingest.tests.jma_server import JmaStandIn, start

    ReceivedMessage.objects.filter(key__contains="127.0.0.1").delete()
    stand_in = JmaStandIn()
    server = start(stand_in)
    relevant = [p.name for p in sorted(FIXTURES.glob("2026*.xml"))][:7]
    filler = {
        f"20260909{n:06d}_0_VPWW54_{(n % 40 + 1) * 10000 + 140000:06d}.xml": b"<x/>"
        for n in range(max(entries - len(relevant), 0))
    }
    stand_in.publish(*relevant, extra=filler)
    settings.YAKUBA_JMA_FEEDS = [f"{stand_in.base}/feed/extra.xml"]
    try:
        began = time.perf_counter()
        poll_once()
        first = (time.perf_counter() - began) * 1000
        first_requests = len(stand_in.requests)
        began = time.perf_counter()
        poll_once()
        second = (time.perf_counter() - began) * 1000
    finally:
        server.shutdown()
        server.server_close()
    return {
        "entries": len(stand_in.files),
        "first_ms": first,
        "first_requests": first_requests,
        "second_ms": second,
        "second_requests": len(stand_in.requests) - first_requests,
        "second_status": stand_in.requests[-1].status,
    }


if __name__ == "__main__":
    sys.exit(main())
