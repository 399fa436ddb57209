"""Reusable pieces for yakuba's HTTP benchmarks: a real gunicorn, a real load tool (wrk).

A benchmark script (see bench/README.md) calls :func:`run_benchmark` with its
targets.  It always measures the trivial view ``/ping`` first, on the same server
in the same run, and reports every other target relative to it, so figures from
different machines and days stay comparable.

Building blocks, for scripts that need more control:

- :func:`bench_environment` -- environment for manage.py and gunicorn
  (``config.settings.bench``; a throwaway SQLite database unless a URL is given);
- :func:`prepare_database` -- migrate, and load the demo city when asked;
- :func:`manage` -- run a manage.py command in that environment;
- :func:`start_server` -- context manager: gunicorn on a free loopback port,
  waits for ``/healthz``, always stops it;
- :func:`run_wrk` -- one bounded wrk run, parsed into a :class:`WrkResult`.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
PYTHON = sys.executable
BASELINE = "(a) trivial view /ping"


@dataclass(frozen=True)
class Target:
    """One URL to load: ``name`` labels the table row; ``headers`` go to every request (e.g. a Cookie)."""

    name: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class WrkResult:
    """The parsed summary of one wrk run; latencies in milliseconds."""

    name: str
    url: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx_3xx: int
    socket_errors: int
    seconds: float

    @property
    def errors(self) -> int:
        return self.non_2xx_3xx + self.socket_errors


class BenchmarkError(RuntimeError):
    """The benchmark could not run (server did not start, wrk missing, ...)."""


# --- environment and database ------------------------------------------------------


def bench_environment(work_dir: Path, database_url: str | None = None) -> dict[str, str]:
    """Environment for manage.py and gunicorn: bench settings, quiet logs, state under ``work_dir``."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.bench",
        DATABASE_URL=database_url or f"sqlite:///{work_dir / 'bench.sqlite3'}",
        YAKUBA_VAR_DIR=str(work_dir),
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.setdefault("YAKUBA_TASK_BACKEND", "database")
    return env


def manage(env: dict[str, str], *arguments: str, quiet: bool = True) -> subprocess.CompletedProcess:
    """Run ``manage.py <arguments>`` in the benchmark environment; raise with its output on failure."""
    completed = subprocess.run(
        [PYTHON, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise BenchmarkError(
            f"manage.py {' '.join(arguments)} failed ({completed.returncode}):\n{completed.stdout}{completed.stderr}"
        )
    if not quiet:
        print(completed.stdout, end="")
    return completed


def has_command(env: dict[str, str], name: str) -> bool:
    """Is ``name`` a manage.py command in this project (e.g. ``demo_data``)?"""
    listing = manage(env, "help", "--commands").stdout.split()
    return name in listing


def prepare_database(env: dict[str, str], *, demo_residents: int | None = 100) -> str:
    """Migrate; load the demo city with ``demo_residents`` residents unless None. Returns what was done."""
    manage(env, "migrate", "--noinput")
    if demo_residents is None:
        return "migrated"
    if not has_command(env, "demo_data"):
        return "migrated (no demo_data command yet: empty municipality)"
    manage(env, "demo_data", "--residents", str(demo_residents), "--seed", "1")
    return f"migrated, demo city loaded ({demo_residents} residents)"


# --- server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get_status(url: str, timeout: float = 2.0) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


@contextlib.contextmanager
def start_server(
    env: dict[str, str], *, workers: int = 2, port: int | None = None, startup_timeout: float = 30.0
) -> Iterator[str]:
    """Run gunicorn (sync workers) on 127.0.0.1; yield its base URL once ``/healthz`` answers 200.

    The server is stopped when the block exits, also on errors and Ctrl-C.
    """
    gunicorn = Path(PYTHON).with_name("gunicorn")
    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = Path(env["YAKUBA_VAR_DIR"]) / "gunicorn.log"
    with open(log_path, "ab") as log:
        server = subprocess.Popen(
            [
                str(gunicorn),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + startup_timeout
        while _get_status(f"{base_url}/healthz") != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(errors="replace")[-3000:]
                raise BenchmarkError(f"gunicorn did not become healthy on {base_url}:\n{tail}")
            time.sleep(0.2)
        yield base_url
    finally:
        _stop(server)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


# --- load -------------------------------------------------------------------------------

_UNIT_TO_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}


def _milliseconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not match:
        raise BenchmarkError(f"unreadable wrk latency {text!r}")
    return float(match[1]) * _UNIT_TO_MS[match[2]]


def parse_wrk(output: str, *, name: str = "", url: str = "") -> WrkResult:
    """Parse the text wrk prints with ``--latency``."""

    def find(pattern: str) -> re.Match:
        match = re.search(pattern, output, re.MULTILINE)
        if not match:
            raise BenchmarkError(f"wrk output lacks {pattern!r}:\n{output}")
        return match

    requests = find(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m),")
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return WrkResult(
        name=name,
        url=url,
        requests_per_second=float(find(r"^Requests/sec:\s+([\d.]+)")[1]),
        p50_ms=_milliseconds(find(r"^\s+50%\s+(\S+)")[1]),
        p99_ms=_milliseconds(find(r"^\s+99%\s+(\S+)")[1]),
        requests=int(requests[1]),
        non_2xx_3xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=sum(int(count) for count in socket_errors.groups()) if socket_errors else 0,
        seconds=_milliseconds(requests[2] + requests[3]) / 1000,
    )


def run_wrk(
    url: str,
    *,
    name: str = "",
    duration: int = 10,
    connections: int = 16,
    threads: int = 2,
    headers: dict[str, str] | None = None,
) -> WrkResult:
    """Load ``url`` with wrk for ``duration`` seconds and return the parsed figures."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise BenchmarkError("wrk is not installed: `make system-deps` (Debian package wrk)")
    command = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    for header, value in (headers or {}).items():
        command += ["-H", f"{header}: {value}"]
    completed = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=duration + 60, check=False
    )
    if completed.returncode != 0:
        raise BenchmarkError(f"wrk failed ({completed.returncode}): {completed.stderr}")
    return parse_wrk(completed.stdout, name=name, url=url)


# --- whole runs ---------------------------------------------------------------------------


def format_table(results: Sequence[WrkResult], baseline: WrkResult) -> str:
    rows = [("target", "requests/s", "p50 ms", "p99 ms", "req/s vs (a)", "errors")]
    for result in results:
        ratio = (
            result.requests_per_second / baseline.requests_per_second
            if baseline.requests_per_second
            else 0
        )
        rows.append(
            (
                result.name,
                f"{result.requests_per_second:,.0f}",
                f"{result.p50_ms:.2f}",
                f"{result.p99_ms:.2f}",
                f"{ratio:.2f}x",
                str(result.errors),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _versions() -> dict[str, str]:
    import django

    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    first_line = (wrk_version.stdout or wrk_version.stderr).splitlines()[:1]
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "wrk": first_line[0] if first_line else "?",
        "machine": platform.machine(),
        "cpus": str(os.cpu_count()),
    }


def run_benchmark(
    name: str,
    targets: Sequence[Target],
    *,
    duration: int = 10,
    connections: int = 16,
    threads: int = 2,
    workers: int = 2,
    warmup: int = 2,
    database_url: str | None = None,
    demo_residents: int | None = 100,
) -> int:
    """Benchmark ``/ping`` then each target on one gunicorn; print a table; write results/<name>.json.

    Returns the process exit status: 1 when any target answered with errors
    (non-2xx/3xx or socket errors), because then the figures do not mean much.
    """
    all_targets = [Target(BASELINE, "/ping"), *targets]
    with tempfile.TemporaryDirectory(prefix="yakuba-bench-") as work:
        env = bench_environment(Path(work), database_url)
        print(f"bench {name}: preparing the database ...", flush=True)
        database = prepare_database(env, demo_residents=None if database_url else demo_residents)
        print(
            f"bench {name}: {database}; gunicorn -w {workers}; wrk -t{threads} -c{connections} -d{duration}s"
        )
        results: list[WrkResult] = []
        with start_server(env, workers=workers) as base_url:
            for target in all_targets:
                url = base_url + target.path
                status = _get_status(url)
                if status is None or status >= 400:
                    raise BenchmarkError(
                        f"{target.name}: GET {target.path} answered {status}, not 2xx/3xx"
                    )
                if warmup:
                    run_wrk(
                        url,
                        duration=warmup,
                        connections=connections,
                        threads=threads,
                        headers=target.headers,
                    )
                result = run_wrk(
                    url,
                    name=target.name,
                    duration=duration,
                    connections=connections,
                    threads=threads,
                    headers=target.headers,
                )
                results.append(result)
                print(f"  {target.name}: {result.requests_per_second:,.0f} req/s", flush=True)
        database_vendor = env["DATABASE_URL"].split(":", 1)[0]

    print()
    print(format_table(results, results[0]))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    report = {
        "name": name,
        "finished": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": database_vendor,
        "data": database,
        "server": {"program": "gunicorn", "workers": workers, "worker_class": "sync"},
        "load": {
            "tool": "wrk",
            "threads": threads,
            "connections": connections,
            "duration_s": duration,
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
    output = RESULTS_DIR / f"{name}.json"
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten: {output.relative_to(ROOT)}")
    failing = [result.name for result in results if result.errors]
    if failing:
        print(f"bench {name}: responses with errors: {', '.join(failing)}", file=sys.stderr)
        return 1
    return 0
