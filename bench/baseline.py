#!/usr/bin/env python
"""Baseline benchmark: (a) the trivial view /ping and (b) the citizen home page /.

Both run on the same gunicorn (2 sync workers, config.settings.bench) in the same
run, loaded from loopback with wrk.  Prints requests/s, p50 and p99 latency and
each target's throughput relative to (a); writes bench/results/baseline.json.

    .venv/bin/python bench/baseline.py [--duration 10] [--connections 16]
    make bench

The database is a throwaway SQLite file with the demo city (100 residents)
unless --database-url (or DATABASE_URL) names one, which is only migrated.
"""

from __future__ import annotations

import argparse
import os
import sys

from _harness import BenchmarkError, Target, run_benchmark


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--duration", type=int, default=10, help="seconds of load per target (default 10)"
    )
    parser.add_argument("--connections", type=int, default=16, help="open connections (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--warmup", type=int, default=2, help="seconds of unmeasured load first (default 2)"
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL"), help="use this database"
    )
    options = parser.parse_args()
    try:
        return run_benchmark(
            "baseline",
            [Target("(b) citizen home /", "/")],
            duration=options.duration,
            connections=options.connections,
            threads=options.threads,
            workers=options.workers,
            warmup=options.warmup,
            database_url=options.database_url,
        )
    except BenchmarkError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
