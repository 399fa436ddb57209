#!/usr/bin/env python
"""Facilities: (a) the monthly lottery at scale, (b) booking under concurrent load on PostgreSQL.

    .venv/bin/python bench/facilities.py                    # both parts
    .venv/bin/python bench/facilities.py --skip-booking     # only (a), no database
    .venv/bin/python bench/facilities.py --clients 16 --bookings-per-client 200

(a) **Lottery**: 100,000 applications for 10,000 slots, drawn by
``yakuba.facilities.lottery.draw`` in process (the generator, limits and same-run
baseline of ``bench/facilities_lottery.py``, imported: every applicant's HMAC key
and one sort).  Target of issue #5: ≤ 2 s.

(b) **Booking**, on PostgreSQL: a fresh database (``yakuba_bench_facilities``, dropped
and created on the server of ``DATABASE_URL`` or 127.0.0.1:5432; or the empty database
of ``--database-url``), migrated, the demo city loaded (``demo_data --residents 3``),
plus a bench community centre of ``--rooms`` rooms × 午前/午後/夜間 with fees in the
published schedule, and ``--clients`` citizens with approved registrations, each
signed in (a session cookie).  gunicorn (2 sync workers, ``config.settings.bench``)
on loopback, and ``--clients`` client **processes**, started together, each sending
sequential requests on a new connection each:

1. ``GET /ping``, the trivial view, ``--bookings-per-client`` times per client;
2. **distinct slots**: each client books its own free slots through the real citizen
   write path, ``POST /facilities/book/room/<id>/<day>/confirm/`` with
   ``action=reserve`` (form, CSRF, session, fee quote,
   ``services.reservations.reserve``, the exclusion constraint) — every answer must be
   the redirect to the new booking;
3. **contention**: all clients race for the same ``--contended-slots`` slots, one slot
   at a time (a barrier releases them together): exactly one winner per slot, the
   others get the page with 「この時間帯は既に予約されています」 (or 予約済み);

then the same two booking runs with ``services.reservations.reserve`` called in
process by the client processes (no HTTP: the cost of the write path itself).  When
the citizen booking page does not exist (the URL ``portal:facilities:booking_confirm``
does not resolve), only the in-process runs are made.  The database is checked
afterwards: one active booking per successful request, exactly one per contested slot.

Prints requests/s, p50 and p99 and the ratio to ``/ping`` measured the same way in the
same run; writes ``bench/results/facilities.json``.  Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import datetime
import hmac
import http.client
import json
import multiprocessing
import os
import random
import secrets
import sys
import tempfile
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import facilities_lottery
from _harness import (
    RESULTS_DIR,
    ROOT,
    BenchmarkError,
    _versions,
    bench_environment,
    manage,
    start_server,
)

DEFAULT_DATABASE = "yakuba_bench_facilities"
BENCH_FACILITY = "bench-centre"
FRAMES = ("am", "pm", "night")
SPAWN = multiprocessing.get_context("spawn")

# ====================================================================== (a) lottery


def run_lottery(applications: int, slots: int, runs: int, data_seed: int) -> dict[str, Any]:
    print(f"(a) lottery: generating {applications:,} applications for {slots:,} slots …")
    slot_list, apps = facilities_lottery.generate(applications, slots, data_seed)
    limits = facilities_lottery.Limits(
        max_wins_per_applicant=2,
        max_wins_per_group=4,
        max_wins_per_facility_per_applicant=1,
        facility_of=facilities_lottery.facility_of,
    )
    seed = "0123456789abcdef0123456789abcdef"
    seed_bytes = seed.encode("utf-8")

    def sort_only():
        digest = hmac.digest
        return sorted(apps, key=lambda a: digest(seed_bytes, a.applicant.encode("utf-8"), "sha256"))

    def lottery():
        return facilities_lottery.draw(slot_list, apps, seed, limits)

    sort_only()
    result = lottery()
    baseline = facilities_lottery.measure(sort_only, runs)
    drawn = facilities_lottery.measure(lottery, runs)
    wins = sum(len(w) for w in result.winners.values())
    figures = {
        "applications": len(apps),
        "wishes": sum(len(a.wishes) for a in apps),
        "slots": len(slot_list),
        "runs": runs,
        "baseline_sort_seconds": baseline["seconds"],
        "baseline_sort_cpu_seconds": baseline["cpu_seconds"],
        "draw_seconds": drawn["seconds"],
        "draw_cpu_seconds": drawn["cpu_seconds"],
        "draw_vs_sort": drawn["seconds"] / baseline["seconds"],
        "wins": wins,
        "target_seconds": facilities_lottery.TARGET_SECONDS,
        "within_target": drawn["seconds"] <= facilities_lottery.TARGET_SECONDS,
    }
    print(
        f"(a) {figures['applications']:,} applications ({figures['wishes']:,} wishes), "
        f"{figures['slots']:,} slots, median of {runs} runs:"
    )
    print("| step | wall s | CPU s | vs baseline |")
    print("|---|---:|---:|---:|")
    print(
        f"| baseline: HMAC key + sort | {baseline['seconds']:.3f} "
        f"| {baseline['cpu_seconds']:.3f} | 1.00x |"
    )
    print(
        f"| draw | {drawn['seconds']:.3f} | {drawn['cpu_seconds']:.3f} "
        f"| {figures['draw_vs_sort']:.2f}x |"
    )
    status = "within" if figures["within_target"] else "OVER"
    print(f"(a) {wins:,} wins; target ≤ {facilities_lottery.TARGET_SECONDS:.0f} s: {status}\n")
    return figures


# ====================================================================== (b) booking


@dataclass
class Sample:
    seconds: float
    ok: bool
    slot: str = ""
    #: Not booked and not the clear refusal: a server error (HTTP 5xx) or, in process, an
    #: exception other than ValidationError (e.g. PostgreSQL's deadlock error).
    error: str = ""


@dataclass
class ClientResult:
    index: int
    started: float
    ended: float
    samples: list[Sample] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class Row:
    name: str
    requests: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    succeeded: int
    errors: int = 0
    note: str = ""
    rps_vs_ping: float = 0.0
    p50_vs_ping: float = 0.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summarise(name: str, results: list[ClientResult], note: str = "") -> Row:
    samples = [sample for result in results for sample in result.samples]
    wall = max(r.ended for r in results) - min(r.started for r in results)
    milliseconds = [sample.seconds * 1000 for sample in samples]
    return Row(
        name=name,
        requests=len(samples),
        requests_per_second=len(samples) / wall if wall else 0.0,
        p50_ms=percentile(milliseconds, 0.50),
        p99_ms=percentile(milliseconds, 0.99),
        succeeded=sum(1 for sample in samples if sample.ok),
        errors=sum(1 for sample in samples if sample.error),
        note=note,
    )


# ---------------------------------------------------------------- database and data


def fresh_database(url: str | None) -> str:
    """The database to use: ``url`` (must be empty), or ``yakuba_bench_facilities``
    dropped and created on the server of ``DATABASE_URL`` (default 127.0.0.1:5432)."""
    if url:
        return url
    import psycopg

    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not server.startswith("postgres"):
        raise BenchmarkError("the booking benchmark runs on PostgreSQL (DATABASE_URL)")
    admin = server.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DEFAULT_DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DEFAULT_DATABASE}"')
    return server.rsplit("/", 1)[0] + f"/{DEFAULT_DATABASE}"


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


@dataclass
class BenchData:
    registrations: list[int]
    cookies: list[str]
    csrf: str
    slots: list[tuple[int, str, str]]
    http_available: bool


def prepare_booking_data(clients: int, rooms: int, days: int, seed: int) -> BenchData:
    """The bench centre, its fees in the published schedule, ``clients`` signed-in
    citizens with approved registrations, and every bookable slot, shuffled."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from yakuba.facilities.models import (
        Facility,
        FacilityKind,
        FeeRate,
        RegistrationState,
        Room,
        TimeFrame,
        UserClass,
        UserRegistration,
    )
    from yakuba.facilities.services import schedule_on

    today = timezone.localdate()
    facility = Facility.objects.create(
        code=BENCH_FACILITY,
        name="ベンチマーク地区会館",
        kind=FacilityKind.COMMUNITY_CENTRE,
        address="東京都武蔵村山市本町一丁目1番地",
        lottery_enabled=False,
        booking_horizon_months=3,
    )
    frames = TimeFrame.objects.bulk_create(
        TimeFrame(facility=facility, code=code, label=label, starts=starts, ends=ends)
        for code, label, starts, ends in (
            ("am", "午前", datetime.time(9), datetime.time(12)),
            ("pm", "午後", datetime.time(13), datetime.time(17)),
            ("night", "夜間", datetime.time(18), datetime.time(21, 30)),
        )
    )
    room_list = Room.objects.bulk_create(
        Room(facility=facility, code=f"room-{n:03d}", name=f"第{n}会議室", capacity=30)
        for n in range(1, rooms + 1)
    )
    schedule = schedule_on(today)
    FeeRate.objects.bulk_create(
        FeeRate(schedule=schedule, room=room, frame=frame, user_class=user_class, amount=800)
        for room in room_list
        for frame in frames
        for user_class in UserClass.values
    )
    users = get_user_model().objects
    registrations, cookies = [], []
    for index in range(clients):
        user = users.create_user(
            f"bench-citizen-{index:03d}@example.jp",
            secrets.token_urlsafe(16),
            kind="citizen",
            display_name=f"ベンチ 利用者{index}",
            display_name_kana="ベンチ リヨウシャ",
            email_verified_at=timezone.now(),
        )
        registration = UserRegistration.objects.create(
            user=user,
            number=f"B{index:07d}",
            name=f"ベンチ 利用者{index}",
            name_kana="ベンチ リヨウシャ",
            address="東京都武蔵村山市本町一丁目1番地",
            phone="042-565-0000",
            is_resident=True,
            residence_source="document",
            state=RegistrationState.APPROVED,
            valid_until=today + datetime.timedelta(days=365),
        )
        registrations.append(registration.pk)
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies["sessionid"].value)
    slots = [
        (room.pk, (today + datetime.timedelta(days=offset)).isoformat(), frame)
        for offset in range(2, 2 + days)
        for room in room_list
        for frame in FRAMES
    ]
    random.Random(seed).shuffle(slots)
    try:
        reverse(
            "portal:facilities:booking_confirm",
            args=[room_list[0].pk, (today + datetime.timedelta(days=2)).isoformat()],
        )
        http_available = True
    except NoReverseMatch:
        http_available = False
    return BenchData(
        registrations=registrations,
        cookies=cookies,
        # One CSRF secret (32 characters) for every client: cookie and form field.
        csrf="".join(random.Random(seed).choices("abcdefghijklmnopqrstuvwxyz0123456789", k=32)),
        slots=slots,
        http_available=http_available,
    )


def check_database(contended: list[tuple[int, str, str]]) -> tuple[int, dict[str, int]]:
    """Active bookings in the bench centre, and active bookings per contested slot."""
    from yakuba.facilities.models import ACTIVE_STATES, Booking
    from yakuba.facilities.services.slots import at

    active = Booking.objects.filter(room__facility__code=BENCH_FACILITY, state__in=ACTIVE_STATES)
    frame_hours = {"am": 9, "pm": 13, "night": 18}
    per_slot = {}
    for room_id, day, frame in contended:
        starts_at = at(datetime.date.fromisoformat(day), datetime.time(frame_hours[frame]))
        per_slot[f"{room_id}/{day}/{frame}"] = active.filter(
            room_id=room_id, starts_at=starts_at
        ).count()
    return active.count(), per_slot


# ---------------------------------------------------------------- client processes


def run_clients(worker, jobs: list[list], shared: dict[str, Any], *, per_job_barrier: bool):
    """Start one process per job list; they start (and with ``per_job_barrier``, send
    each request) together.  Returns each client's result."""
    barrier = SPAWN.Barrier(len(jobs))
    queue = SPAWN.Queue()
    processes = [
        SPAWN.Process(
            target=worker, args=(index, job_list, barrier, queue, shared, per_job_barrier)
        )
        for index, job_list in enumerate(jobs)
    ]
    for process in processes:
        process.start()
    results = []
    try:
        for _ in processes:
            results.append(queue.get(timeout=600))
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()
    failures = [error for result in results for error in result.errors]
    if failures:
        raise BenchmarkError("client failed: " + "; ".join(failures[:3]))
    return sorted(results, key=lambda result: result.index)


def _request(host: str, port: int, method: str, path: str, body: bytes, headers: dict):
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=60)
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    location = response.getheader("Location", "")
    connection.close()
    return elapsed, response.status, location


def ping_worker(index, jobs, barrier, queue, shared, per_job_barrier):
    host, port = shared["host"], shared["port"]
    result = ClientResult(index, 0.0, 0.0)
    try:
        barrier.wait(timeout=120)
        result.started = time.monotonic()
        for _job in jobs:
            elapsed, status, _location = _request(host, port, "GET", "/ping", b"", {})
            result.samples.append(Sample(elapsed, status == 200))
        result.ended = time.monotonic()
    except Exception as error:  # reported to the parent, which stops the benchmark
        result.errors.append(repr(error))
    queue.put(result)


def http_booking_worker(index, jobs, barrier, queue, shared, per_job_barrier):
    """POST the booking form (action=reserve) for each (room, day, frame) in ``jobs``."""
    host, port = shared["host"], shared["port"]
    csrf = shared["csrf"]
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"sessionid={shared['cookies'][index]}; csrftoken={csrf}",
    }
    result = ClientResult(index, 0.0, 0.0)
    try:
        barrier.wait(timeout=120)
        result.started = time.monotonic()
        for room_id, day, frame in jobs:
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": csrf,
                    "frames": frame,
                    "purpose": "ベンチマーク",
                    "attendees": "10",
                    "token": secrets.token_urlsafe(18),
                    "action": "reserve",
                }
            ).encode()
            if per_job_barrier:
                barrier.wait(timeout=120)
            elapsed, status, location = _request(
                host, port, "POST", f"/facilities/book/room/{room_id}/{day}/confirm/", body, headers
            )
            booked = status == 302 and "/mine/" in location
            if not per_job_barrier and not booked:
                result.errors.append(f"POST {room_id}/{day}/{frame}: {status} {location}")
                break
            error = "" if booked or status == 200 else f"HTTP {status}"
            result.samples.append(Sample(elapsed, booked, f"{room_id}/{day}/{frame}", error))
        result.ended = time.monotonic()
    except Exception as error:
        result.errors.append(repr(error))
    queue.put(result)


def service_booking_worker(index, jobs, barrier, queue, shared, per_job_barrier):
    """Call ``services.reservations.reserve`` in this process for each job."""
    result = ClientResult(index, 0.0, 0.0)
    try:
        setup_django(shared["env"])
        from django.core.exceptions import ValidationError
        from django.db import DatabaseError, connection

        from yakuba.facilities.models import Room, UserRegistration
        from yakuba.facilities.services import reserve

        registration = UserRegistration.objects.select_related("user").get(
            pk=shared["registrations"][index]
        )
        rooms = {
            room.pk: room
            for room in Room.objects.select_related("facility").filter(
                facility__code=BENCH_FACILITY
            )
        }
        barrier.wait(timeout=120)
        result.started = time.monotonic()
        for room_id, day, frame in jobs:
            if per_job_barrier:
                barrier.wait(timeout=120)
            started = time.perf_counter()
            error = ""
            try:
                reserve(
                    registration=registration,
                    room=rooms[room_id],
                    day=datetime.date.fromisoformat(day),
                    frame_codes=[frame],
                    purpose="ベンチマーク",
                    attendees=10,
                )
                booked = True
            except ValidationError:
                booked = False
            except DatabaseError as failure:  # e.g. deadlock detected: not a clear refusal
                booked, error = False, type(failure.__cause__ or failure).__name__
                connection.close()
            elapsed = time.perf_counter() - started
            if not per_job_barrier and not booked:
                result.errors.append(f"reserve {room_id}/{day}/{frame} refused")
                break
            result.samples.append(Sample(elapsed, booked, f"{room_id}/{day}/{frame}", error))
        result.ended = time.monotonic()
    except Exception as error:
        result.errors.append(repr(error))
    queue.put(result)


def winners_per_slot(results: list[ClientResult]) -> dict[str, int]:
    winners: dict[str, int] = {}
    for result in results:
        for sample in result.samples:
            winners[sample.slot] = winners.get(sample.slot, 0) + (1 if sample.ok else 0)
    return winners


def run_booking(options) -> tuple[list[Row], dict[str, Any], bool]:
    url = fresh_database(options.database_url)
    if not url.startswith("postgres"):
        raise BenchmarkError("the booking benchmark runs on PostgreSQL")
    clients, per_client, contended_count = (
        options.clients,
        options.bookings_per_client,
        options.contended_slots,
    )
    checks_ok = True
    with tempfile.TemporaryDirectory(prefix="yakuba-bench-facilities-") as work:
        env = bench_environment(Path(work), url)
        print(f"(b) booking: migrating {url.rsplit('/', 1)[-1]} and loading the demo city …")
        manage(env, "migrate", "--noinput")
        manage(env, "demo_data", "--residents", "3", "--seed", "1")
        setup_django(env)
        data = prepare_booking_data(clients, options.rooms, options.days, options.seed)
        from django.db import connections

        connections.close_all()
        needed = 2 * (clients * per_client + contended_count)
        if len(data.slots) < needed:
            raise BenchmarkError(f"{len(data.slots)} slots, {needed} needed: more --rooms/--days")
        slots = iter(data.slots)

        def take(count: int) -> list[tuple[int, str, str]]:
            return [next(slots) for _ in range(count)]

        rows: list[Row] = []
        contested: list[tuple[int, str, str]] = []
        successes = 0
        winners: dict[str, dict[str, int]] = {}
        error_kinds: set[str] = set()
        shared: dict[str, Any] = {
            "env": env,
            "registrations": data.registrations,
            "cookies": data.cookies,
            "csrf": data.csrf,
        }
        with start_server(env, workers=options.workers) as base_url:
            parts = urllib.parse.urlsplit(base_url)
            shared.update(host=parts.hostname, port=parts.port)
            print(
                f"(b) {clients} client processes on {base_url} (gunicorn -w {options.workers}); "
                f"citizen booking page: {'yes' if data.http_available else 'not yet: in process only'}"
            )
            # Warm-up: each gunicorn worker imports and connects before the clock runs.
            run_clients(ping_worker, [[None] * 10 for _ in range(clients)], shared,
                        per_job_barrier=False)  # fmt: skip
            ping = summarise(
                "(1) GET /ping",
                run_clients(
                    ping_worker,
                    [[None] * per_client for _ in range(clients)],
                    shared,
                    per_job_barrier=False,
                ),  # fmt: skip
                "trivial view",
            )
            rows.append(ping)
            print(f"  {ping.name}: {ping.requests_per_second:,.0f} req/s", flush=True)
            if data.http_available:
                jobs = [take(per_client) for _ in range(clients)]
                distinct = run_clients(http_booking_worker, jobs, shared, per_job_barrier=False)
                row = summarise(
                    "(2) POST booking, distinct slots (HTTP)",
                    distinct,
                    "form + reserve(): every answer the redirect to the booking",
                )
                rows.append(row)
                successes += row.succeeded
                print(f"  {row.name}: {row.requests_per_second:,.0f} req/s", flush=True)
                race = take(contended_count)
                contested += race
                results = run_clients(
                    http_booking_worker, [race] * clients, shared, per_job_barrier=True
                )
                winners["http"] = winners_per_slot(results)
                error_kinds |= {s.error for r in results for s in r.samples if s.error}
                successes += sum(winners["http"].values())
                row = summarise(
                    "(3) POST booking, all clients race for one slot (HTTP)",
                    results,
                    f"{contended_count} slots × {clients} clients",
                )
                rows.append(row)
                print(f"  {row.name}: {row.requests_per_second:,.0f} req/s", flush=True)
        jobs = [take(per_client) for _ in range(clients)]
        distinct = run_clients(service_booking_worker, jobs, shared, per_job_barrier=False)
        row = summarise(
            "(4) reserve() in process, distinct slots", distinct, "no HTTP: the write path only"
        )
        rows.append(row)
        successes += row.succeeded
        race = take(contended_count)
        contested += race
        results = run_clients(service_booking_worker, [race] * clients, shared,
                              per_job_barrier=True)  # fmt: skip
        winners["service"] = winners_per_slot(results)
        error_kinds |= {s.error for r in results for s in r.samples if s.error}
        successes += sum(winners["service"].values())
        rows.append(
            summarise(
                "(5) reserve() in process, all clients race for one slot",
                results,
                f"{contended_count} slots × {clients} clients",
            )
        )
        active, per_slot = check_database(contested)
    for row in rows:
        row.rps_vs_ping = row.requests_per_second / ping.requests_per_second
        row.p50_vs_ping = row.p50_ms / ping.p50_ms if ping.p50_ms else 0.0
    one_winner = all(count == 1 for run in winners.values() for count in run.values())
    one_booking = all(count == 1 for count in per_slot.values())
    errors = sum(row.errors for row in rows)
    if not (one_winner and one_booking and active == successes and errors == 0):
        checks_ok = False
    checks = {
        "active_bookings": active,
        "successful_requests": successes,
        "exactly_one_winner_per_contested_slot": one_winner,
        "exactly_one_active_booking_per_contested_slot": one_booking,
        "http_available": data.http_available,
        "losers_without_the_clear_refusal": errors,
        "error_kinds": sorted(error_kinds),
    }
    return rows, checks, checks_ok


def format_rows(rows: list[Row]) -> str:
    table = [
        ("target", "n", "req/s", "p50 ms", "p99 ms", "req/s vs /ping", "p50 vs /ping", "ok", "err")
    ]
    for row in rows:
        table.append(
            (
                row.name,
                str(row.requests),
                f"{row.requests_per_second:,.0f}",
                f"{row.p50_ms:.2f}",
                f"{row.p99_ms:.2f}",
                f"{row.rps_vs_ping:.2f}x",
                f"{row.p50_vs_ping:.1f}x",
                str(row.succeeded),
                str(row.errors),
            )
        )
    widths = [max(len(line[column]) for line in table) for column in range(len(table[0]))]
    lines = []
    for index, line in enumerate(table):
        cells = [line[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(line[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-lottery", action="store_true")
    parser.add_argument("--skip-booking", action="store_true")
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--slots", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5, help="lottery: timed runs (median)")
    parser.add_argument("--data-seed", type=int, default=1, help="lottery: generated month")
    parser.add_argument("--database-url", default=None, help="an empty PostgreSQL database")
    parser.add_argument("--clients", type=int, default=8, help="client processes (default 8)")
    parser.add_argument("--bookings-per-client", type=int, default=100)
    parser.add_argument("--contended-slots", type=int, default=20)
    parser.add_argument("--rooms", type=int, default=40, help="rooms of the bench centre")
    parser.add_argument("--days", type=int, default=50, help="days ahead with bookable slots")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()

    report: dict[str, Any] = {
        "name": "facilities",
        "finished": "",
        "versions": {},
        "load_average_before": list(os.getloadavg()),
    }
    status = 0
    if not options.skip_lottery:
        report["lottery"] = run_lottery(
            options.applications, options.slots, options.runs, options.data_seed
        )
        if not report["lottery"]["within_target"]:
            status = 1
    if not options.skip_booking:
        rows, checks, checks_ok = run_booking(options)
        print()
        print(
            f"(b) booking on PostgreSQL, {options.clients} client processes, "
            f"gunicorn -w {options.workers}, a new connection per request:"
        )
        print(format_rows(rows))
        print(
            f"checks: {checks['active_bookings']} active bookings for "
            f"{checks['successful_requests']} successful requests; exactly one winner per "
            f"contested slot: {checks['exactly_one_winner_per_contested_slot']}; one active "
            f"booking per contested slot: {checks['exactly_one_active_booking_per_contested_slot']}; "
            f"losers without the clear refusal: {checks['losers_without_the_clear_refusal']} "
            f"{checks['error_kinds']}"
        )
        report["booking"] = {
            "database": "postgresql",
            "clients": options.clients,
            "bookings_per_client": options.bookings_per_client,
            "contended_slots": options.contended_slots,
            "server": {"program": "gunicorn", "workers": options.workers, "worker_class": "sync"},
            "client": "processes, sequential requests, one new connection per request",
            "results": [asdict(row) for row in rows],
            "checks": checks,
        }
        if not checks_ok:
            status = 1
    report["finished"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    report["load_average_after"] = list(os.getloadavg())
    try:
        report["versions"] = _versions()
    except OSError:
        report["versions"] = {"python": sys.version.split()[0]}
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    output = RESULTS_DIR / "facilities.json"
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten: {output.relative_to(ROOT)}")
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} on {os.cpu_count()} CPUs")
    return status


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchmarkError as error:
        print(f"bench: {error}", file=sys.stderr)
        sys.exit(2)
