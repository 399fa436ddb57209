#!/usr/bin/env python
"""Certificates at kiosks: card authentication + content + PDF + PAdES signature, p50/p95/p99.

    .venv/bin/python bench/certificates.py                          # 200,000 residents, fresh
    .venv/bin/python bench/certificates.py --residents 50000 --samples 100
    .venv/bin/python bench/certificates.py --reuse-register \\
        --database-url postgres://postgres@127.0.0.1:5432/yakuba_bench_registry_3m

The issue's target: card authentication + PDF generation + signing with a register of
3.7 million residents on PostgreSQL, **p95 ≤ 300 ms** on this machine.

1. The register. By default ``yakuba_bench_certificates`` is dropped and created on
   127.0.0.1:5432 (or the empty database of ``--database-url``), migrated, loaded with the demo
   city (``demo_data --residents 3``) and then with ``--residents`` people through the
   registry benchmark's loader (``bench/registry.py``: the demo generator, chunk by chunk,
   and the real ``registry_import``). With ``--reuse-register`` the database of
   ``--database-url`` already holds a register (e.g. the 3.7M one): it is only migrated.
2. ``--samples`` (200) current residents drawn at random over the whole register, each
   given an emulated My Number card (``jpki.services.cards.issue_cards_in_bulk``, PIN 1234),
   and a bench kiosk ``BENCH01``.
3. In process, one client, per resident in turn: (a) the baseline, a trivial call
   (``SELECT 1`` through Django's connection); (b) card authentication: ``issue_challenge``
   → the emulated card signs the nonce after its PIN (timed apart: on a real card the chip
   checks the PIN; the emulator checks an Argon2 hash) → ``verify_login``; (c) the content,
   住民票の写し of the whole household (``content.build_certificate``); (d) the PDF
   (``render_certificate_pdf``); (e) the PAdES signature (``sign_certificate_pdf``);
   (f) the whole ``issue_certificate`` (c–e plus the serial, the insert, the access record
   of every person printed).
4. Over HTTP on gunicorn (2 sync workers, ``config.settings.bench``, ``YAKUBA_JPKI_DEMO``):
   (a) ``GET /ping``; (g) the kiosk app when it is installed: the PIN POST (challenge, card,
   verify, holder checks, session), the confirm POST (``issue_certificate``) and the PDF GET —
   the screens between them are walked through untimed.
5. ``--processes`` (4) processes at once, each authenticating and issuing (b + f) for its
   own residents: throughput and latency under concurrency.

Prints a table; writes ``bench/results/certificates.json``. Exit status 1 when the p95 of
card authentication + issue (b + f, server side, single client) exceeds ``--target-ms``
(300); 2 when the benchmark could not run.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import multiprocessing
import os
import random
import re
import statistics
import sys
import tempfile
import time
import urllib.parse
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from _harness import RESULTS_DIR, ROOT, BenchmarkError, bench_environment, manage, start_server

DEFAULT_DATABASE = "yakuba_bench_certificates"
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
KIOSK_CODE = "BENCH01"
AUTH_PIN = "1234"
SIGN_PIN = "ABC123"
KIND = "residence"
OPTIONS = {"scope": "household"}


@dataclass
class Row:
    name: str
    samples: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    per_second: float
    p50_vs_baseline: float = 0.0
    note: str = ""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summarise(name: str, seconds: list[float], *, wall: float | None = None, note: str = "") -> Row:
    ms = [value * 1000 for value in seconds]
    total = wall if wall is not None else sum(seconds)
    return Row(
        name,
        len(ms),
        percentile(ms, 0.50),
        percentile(ms, 0.95),
        percentile(ms, 0.99),
        statistics.fmean(ms),
        len(ms) / total if total else 0.0,
        note=note,
    )


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "?"


# ---------------------------------------------------------------------- set-up


def fresh_database(url: str | None) -> str:
    if url:
        return url
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DEFAULT_DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DEFAULT_DATABASE}"')
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{DEFAULT_DATABASE}"


def load_register(env: dict[str, str], url: str, residents: int, seed: int, work: Path) -> dict:
    import registry

    manage(env, "demo_data", "--residents", "3", "--seed", str(seed))
    registry.setup_django(env)
    csv_path = work / "registry.csv"
    started = time.monotonic()
    people, households = registry.write_registry_csv(csv_path, residents, seed)
    generated = time.monotonic() - started
    print(f"  generated {people:,} people / {households:,} households in {generated:.1f} s")
    seconds, _output = registry.load_registry(env, csv_path)
    csv_path.unlink()
    registry.analyze(url)
    print(f"  loaded in {seconds:.1f} s ({people / seconds:,.0f} people/s)", flush=True)
    return {"generated_s": round(generated, 1), "load_s": round(seconds, 1), "people": people}


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


@dataclass(frozen=True)
class Sampled:
    person_id: int
    household_size: int
    card: str  # the emulated reader's handle (the card number)


def sample_residents(count: int, seed: int) -> list[Sampled]:
    """``count`` current residents at random over the pk range, without a card so far, each
    given one now (``issue_cards_in_bulk``)."""
    from django.db import connection
    from django.db.models import Count, Max, Min

    from yakuba.jpki.models import Card
    from yakuba.jpki.services.cards import BulkHolder, issue_cards_in_bulk
    from yakuba.jpki.services.crl import publish_crl
    from yakuba.residents.models import Person

    bounds = Person.objects.aggregate(low=Min("pk"), high=Max("pk"))
    carded = set(Card.objects.values_list("person_id", flat=True))
    rng = random.Random(seed)
    chosen: dict[int, BulkHolder] = {}
    attempts = 0
    while len(chosen) < count and attempts < count * 50:
        attempts += 1
        row = (
            Person.objects.filter(pk__gte=rng.randint(bounds["low"], bounds["high"]))
            .filter(status="resident")
            .order_by("pk")
            .values_list("pk", "family_name", "given_name", "birth_date")
            .first()
        )
        if row is None or row[0] in carded or row[0] in chosen:
            continue
        chosen[row[0]] = BulkHolder(*row)
    # Cards of earlier runs (a reused register) belong to a CA whose keys went with that
    # run's temporary directory; retire them so the emulated reader, which lists the first
    # 500 cards in use, lists this run's cards (a bench database only: a direct update).
    from django.utils import timezone

    Card.objects.filter(retired_at__isnull=True).update(retired_at=timezone.now())
    started = time.monotonic()
    issue_cards_in_bulk(list(chosen.values()), auth_pin=AUTH_PIN, sign_pin=SIGN_PIN)
    print(f"  {len(chosen)} emulated cards issued in {time.monotonic() - started:.1f} s")
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum would soon have them: with the planner's old
        # estimate of a near-empty card table, the emulated reader's card list joins the
        # whole register (a merge join over 3.7M people: 0.6–1.4 s instead of 1 ms).
        cursor.execute("ANALYZE jpki_card, jpki_cardcertificate")
    # Each run has its own card CA (in its temporary directory): a CRL left in a reused
    # database by an earlier run is signed by another CA, so publish this run's first.
    publish_crl()
    cards = dict(
        Card.objects.filter(person_id__in=list(chosen), retired_at__isnull=True).values_list(
            "person_id", "card_number"
        )
    )
    sizes = dict(
        Person.objects.filter(pk__in=list(chosen))
        .annotate(size=Count("household__members"))
        .values_list("pk", "size")
    )
    return [Sampled(pk, sizes.get(pk, 1), cards[pk]) for pk in chosen if pk in cards]


def bench_kiosk() -> Any:
    from yakuba.certificates.models import Kiosk
    from yakuba.certificates.services.kiosks import create_kiosk

    kiosk = Kiosk.objects.filter(code=KIOSK_CODE).first()
    return kiosk or create_kiosk(
        None, code=KIOSK_CODE, name="ベンチマーク端末", operator="yakuba bench", address=""
    )


# ---------------------------------------------------------------- in process


def card_login(reader: Any, handle: str) -> tuple[float, float, Any]:
    """(server seconds, card seconds, LoginResult) of one card authentication."""
    from yakuba.jpki.models import CertificateKind
    from yakuba.jpki.services.login import issue_challenge, login_message, verify_login

    started = time.perf_counter()
    challenge = issue_challenge()
    server = time.perf_counter() - started
    certificate = reader.read_certificate(handle, CertificateKind.AUTHENTICATION)
    started = time.perf_counter()
    signature = reader.sign(
        handle, CertificateKind.AUTHENTICATION, AUTH_PIN, login_message(challenge.nonce)
    )
    card = time.perf_counter() - started
    started = time.perf_counter()
    result = verify_login(challenge.nonce, signature, certificate)
    server += time.perf_counter() - started
    return server, card, result


def issue(kiosk: Any, login: Any) -> Any:
    from yakuba.certificates.services.issuance import issue_certificate

    return issue_certificate(
        kiosk=kiosk,
        person_id=login.person_id,
        card_certificate_serial=login.certificate_serial,
        kind=KIND,
        options=OPTIONS,
        copies=1,
        request_id=uuid.uuid4(),
    )


def measure_in_process(people: list[Sampled], kiosk: Any, warmup: int) -> dict[str, list[float]]:
    from django.db import connection
    from django.utils import timezone

    from yakuba.certificates import content
    from yakuba.certificates.content.document import IssueStamp
    from yakuba.certificates.pdf import render_certificate_pdf
    from yakuba.certificates.services.issuance import mayor_line, new_serial, verify_url
    from yakuba.certificates.signing import sign_certificate_pdf
    from yakuba.jpki.readers.emulated import EmulatedReader

    reader = EmulatedReader()
    times: dict[str, list[float]] = {
        key: [] for key in ("a", "b", "card", "c", "d", "e", "f", "bf", "bf_card")
    }
    for index, person in enumerate([*people[:warmup], *people]):
        measured = index >= warmup
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        baseline = time.perf_counter() - started
        server, card, login = card_login(reader, person.card)
        now = timezone.now()
        started = time.perf_counter()
        built = content.build_certificate(KIND, login.person_id, OPTIONS, at=now)
        built_s = time.perf_counter() - started
        serial = new_serial()
        stamp = IssueStamp(
            serial=serial,
            issued_at_iso=now.isoformat(),
            mayor_line=mayor_line(),
            verify_url=verify_url(serial, built.document.content_hash()),
            copies=1,
        )
        started = time.perf_counter()
        pdf = render_certificate_pdf(built.document, stamp)
        render_s = time.perf_counter() - started
        started = time.perf_counter()
        sign_certificate_pdf(pdf)
        sign_s = time.perf_counter() - started
        server2, card2, login2 = card_login(reader, person.card)
        started = time.perf_counter()
        issue(kiosk, login2)
        issue_s = time.perf_counter() - started
        if measured:
            for key, value in (
                ("a", baseline),
                ("b", server),
                ("card", card),
                ("c", built_s),
                ("d", render_s),
                ("e", sign_s),
                ("f", issue_s),
                ("bf", server2 + issue_s),
                ("bf_card", server2 + card2 + issue_s),
            ):
                times[key].append(value)
    return times


def concurrent_worker(env, people, barrier, queue) -> None:
    """One of ``--processes``: card login + issue for each of its residents, timed."""
    try:
        setup_django(env)
        from yakuba.jpki.readers.emulated import EmulatedReader

        kiosk = bench_kiosk()
        reader = EmulatedReader()
        issue(kiosk, card_login(reader, people[0].card)[2])  # warm: imports, fonts, keys
        people = people[1:]
        samples = []
        barrier.wait(timeout=300)
        started_all = time.monotonic()
        for person in people:
            started = time.perf_counter()
            server, card, login = card_login(reader, person.card)
            issued = time.perf_counter()
            issue(kiosk, login)
            done = time.perf_counter()
            samples.append((done - started, server + (done - issued)))
        queue.put({"samples": samples, "wall": time.monotonic() - started_all, "error": ""})
    except Exception as error:  # noqa: BLE001 - reported by the parent
        queue.put({"samples": [], "wall": 0.0, "error": repr(error)})


def measure_concurrent(
    env: dict[str, str], people: list[Sampled], processes: int, per_process: int
) -> tuple[list[float], list[float], float, list[str]]:
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes)
    queue = context.Queue()
    workers = []
    for index in range(processes):
        own = [people[(index * per_process + k) % len(people)] for k in range(per_process + 1)]
        worker = context.Process(target=concurrent_worker, args=(env, own, barrier, queue))
        worker.start()
        workers.append(worker)
    results = [queue.get(timeout=3600) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    with_card = [sample[0] for result in results for sample in result["samples"]]
    server = [sample[1] for result in results for sample in result["samples"]]
    wall = max((result["wall"] for result in results), default=0.0)
    return with_card, server, wall, [result["error"] for result in results if result["error"]]


# ---------------------------------------------------------------------- HTTP


class KioskClient:
    """A browser enrolled as the bench kiosk (demo enrolment), walking the kiosk screens."""

    def __init__(self, host: str, port: int, csrf: str) -> None:
        self.host, self.port, self.csrf = host, port, csrf
        self.cookies = {"csrftoken": csrf}

    def request(
        self, method: str, path: str, fields: dict | None = None
    ) -> tuple[float, int, str, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf, **fields}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        elapsed = time.perf_counter() - started
        connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        location = urllib.parse.urlsplit(response.getheader("Location") or "").path
        return elapsed, response.status, location, content

    def post(self, path: str, fields: dict, expect: str) -> float:
        elapsed, status, location, content = self.request("POST", path, fields)
        if status != 302 or location != expect:
            text = content.decode("utf-8", "replace")
            found = re.search(r'class="[^"]*error[^"]*"[^>]*>(.{0,300})', text, re.S)
            raise BenchmarkError(
                f"POST {path}: HTTP {status} → {location!r}, expected {expect}: "
                f"{found.group(1) if found else text[:300]}"
            )
        return elapsed

    def get(self, path: str) -> tuple[float, bytes]:
        elapsed, status, _location, content = self.request("GET", path)
        if status != 200:
            raise BenchmarkError(f"GET {path}: HTTP {status}")
        return elapsed, content


def measure_kiosk_http(base_url: str, people: list[Sampled], warmup: int) -> dict[str, list[float]]:
    from yakuba.certificates.web.kiosk.lookups import slot_token

    parts = urllib.parse.urlsplit(base_url)
    client = KioskClient(parts.hostname, parts.port, uuid.uuid4().hex)
    _elapsed, status, location, _ = client.request("GET", f"/kiosk/demo/{KIOSK_CODE}/")
    if status != 302:
        raise BenchmarkError(f"demo enrolment answered {status}")
    times: dict[str, list[float]] = {"pin": [], "confirm": [], "pdf": [], "g": []}
    for index, person in enumerate([*people[:warmup], *people]):
        client.post("/kiosk/", {"language": "ja"}, "/kiosk/card/")
        client.post("/kiosk/card/", {"card": slot_token(person.card)}, "/kiosk/pin/")
        pin = client.post("/kiosk/pin/", {"pin": AUTH_PIN}, "/kiosk/kind/")
        client.post("/kiosk/kind/", {"kind": KIND}, "/kiosk/options/")
        client.post("/kiosk/options/", dict(OPTIONS), "/kiosk/copies/")
        client.post("/kiosk/copies/", {"copies": "1", "action": "next"}, "/kiosk/confirm/")
        _elapsed, page = client.get("/kiosk/confirm/")
        found = re.search(rb'name="request_id"[^>]*value="([0-9a-f-]{36})"', page) or re.search(
            rb'value="([0-9a-f-]{36})"[^>]*name="request_id"', page
        )
        if not found:
            raise BenchmarkError("the confirm screen carries no request_id")
        confirm = client.post(
            "/kiosk/confirm/", {"request_id": found.group(1).decode()}, "/kiosk/print/"
        )
        _elapsed, page = client.get("/kiosk/print/")
        document = re.search(rb"/kiosk/print/(\d+)/document\.pdf", page)
        if not document:
            raise BenchmarkError("the print screen links no document")
        pdf_s, pdf = client.get(document.group(0).decode())
        if not pdf.startswith(b"%PDF"):
            raise BenchmarkError("the document is not a PDF")
        client.post("/kiosk/print/", {"printed": "yes"}, "/kiosk/done/")
        if index < warmup:
            continue  # each gunicorn worker imports and loads the fonts and keys once
        for key, value in (("pin", pin), ("confirm", confirm), ("pdf", pdf_s)):
            times[key].append(value)
        times["g"].append(pin + confirm + pdf_s)
    return times


def measure_ping(base_url: str, count: int) -> list[float]:
    parts = urllib.parse.urlsplit(base_url)
    client = KioskClient(parts.hostname, parts.port, uuid.uuid4().hex)
    seconds = []
    for index in range(count + 10):
        elapsed, status, _location, _content = client.request("GET", "/ping")
        if status != 200:
            raise BenchmarkError(f"/ping answered {status}")
        if index >= 10:
            seconds.append(elapsed)
    return seconds


def kiosk_app_installed() -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("portal:kiosk:pin")
    except NoReverseMatch:
        return False
    return True


# ------------------------------------------------------------------------ main


def format_rows(rows: list[Row]) -> str:
    table = [("target", "n", "p50 ms", "p95 ms", "p99 ms", "per s", "p50 vs /ping", "note")]
    for row in rows:
        table.append(
            (
                row.name,
                str(row.samples),
                f"{row.p50_ms:.1f}",
                f"{row.p95_ms:.1f}",
                f"{row.p99_ms:.1f}",
                f"{row.per_second:.1f}",
                f"{row.p50_vs_baseline:.1f}x" if row.p50_vs_baseline else "",
                row.note,
            )
        )
    widths = [max(len(line[column]) for line in table) for column in range(len(table[0]))]
    lines = []
    for index, line in enumerate(table):
        cells = [line[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(line[1:-1], widths[1:-1], strict=True)]
        cells.append(line[-1])
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


@dataclass
class Context:
    database: str
    residents: int = 0
    households: int = 0
    register: dict = field(default_factory=dict)
    load_before: str = ""
    load_after: str = ""


def register_size() -> tuple[int, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE relname IN "
            "('residents_person', 'residents_household') ORDER BY relname DESC"
        )
        person, household = (row[0] for row in cursor.fetchall())
    return int(person), int(household)


def run(options: argparse.Namespace) -> int:
    if options.reuse_register and not options.database_url:
        raise BenchmarkError("--reuse-register needs --database-url of a loaded register")
    url = fresh_database(options.database_url)
    if not url.startswith("postgres"):
        raise BenchmarkError("this benchmark runs on PostgreSQL")
    context = Context(url.rsplit("/", 1)[-1], load_before=load_average())
    rows: list[Row] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="yakuba-bench-certificates-") as work:
        work_dir = Path(work)
        env = bench_environment(work_dir, url)
        env["YAKUBA_TASK_BACKEND"] = "immediate"
        env["YAKUBA_JPKI_DEMO"] = "1"
        print(f"bench certificates: migrating {context.database} …", flush=True)
        manage(env, "migrate", "--noinput")
        if not options.reuse_register:
            context.register = load_register(env, url, options.residents, options.seed, work_dir)
        setup_django(env)
        context.residents, context.households = register_size()
        print(
            f"bench certificates: register of about {context.residents:,} people / "
            f"{context.households:,} households; sampling {options.samples} …",
            flush=True,
        )
        extra = options.processes * options.per_process
        people = sample_residents(options.samples + min(extra, options.samples), options.seed)
        single, spare = people[: options.samples], people[options.samples :] or people
        kiosk = bench_kiosk()

        times = measure_in_process(single, kiosk, options.warmup)
        sizes = [person.household_size for person in single]
        household_note = f"household of {statistics.fmean(sizes):.1f} people on average"
        rows += [
            summarise("(a) baseline: SELECT 1 in process", times["a"]),
            summarise(
                "(b) card auth: issue_challenge + verify_login", times["b"], note="server side"
            ),
            summarise(
                "    emulated card: PIN check + ECDSA signature",
                times["card"],
                note="the card's side (Argon2 PIN hash in the emulator)",
            ),
            summarise("(c) content: 住民票の写し, household", times["c"], note=household_note),
            summarise("(d) PDF (ReportLab)", times["d"]),
            summarise("(e) PAdES signature (pyHanko)", times["e"]),
            summarise(
                "(f) issue_certificate (c–e + insert + audit)", times["f"], note=household_note
            ),
            summarise("(b)+(f) card auth + issue", times["bf"], note="the target: p95 ≤ 300 ms"),
            summarise("(b)+(f) with the emulated card", times["bf_card"]),
        ]

        from django.db import connections

        connections.close_all()
        with start_server(env, workers=options.workers) as base_url:
            ping = summarise("(a) GET /ping over HTTP", measure_ping(base_url, options.samples))
            rows.insert(1, ping)
            if kiosk_app_installed() and not options.skip_http:
                from yakuba.jpki.readers.emulated import EmulatedReader

                listed = {slot.handle for slot in EmulatedReader().cards()}  # at most 500
                http_people = [p for p in single if p.card in listed][: options.http_samples]
                http = measure_kiosk_http(base_url, http_people, options.workers * 2)
                rows += [
                    summarise("(g) HTTP: PIN POST", http["pin"], note="incl. the emulated card"),
                    summarise("(g) HTTP: confirm POST (issue)", http["confirm"]),
                    summarise("(g) HTTP: PDF GET", http["pdf"]),
                    summarise("(g) HTTP: PIN + confirm + PDF", http["g"]),
                ]
            else:
                notes.append("(g) not measured: the kiosk app is not installed or --skip-http")

        with_card, server, wall, errors = measure_concurrent(
            env, spare, options.processes, options.per_process
        )
        if errors:
            raise BenchmarkError(f"concurrent workers failed: {errors}")
        label = f"{options.processes} processes"
        rows += [
            summarise(
                f"(f) {label}: card auth + issue",
                server,
                wall=wall,
                note="server side; per s = all",
            ),
            summarise(f"(f) {label}: with the emulated card", with_card, wall=wall),
        ]
        context.load_after = load_average()

    baseline = next(row for row in rows if row.name.startswith("(a) GET /ping")).p50_ms
    for row in rows:
        row.p50_vs_baseline = row.p50_ms / baseline if baseline else 0.0
    target_row = next(row for row in rows if row.name.startswith("(b)+(f) card auth"))
    passed = target_row.p95_ms <= options.target_ms
    print()
    print(
        f"register: ~{context.residents:,} people, ~{context.households:,} households "
        f"({context.database}); load average {context.load_before} → {context.load_after}"
    )
    print(format_rows(rows))
    for note in notes:
        print(f"note: {note}")
    print(
        f"\ntarget: p95 of card auth + issue {target_row.p95_ms:.1f} ms "
        f"{'≤' if passed else '>'} {options.target_ms} ms: {'PASS' if passed else 'FAIL'}"
    )
    report = {
        "name": "certificates",
        "finished": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": context.database,
        "residents": context.residents,
        "households": context.households,
        "register_load": context.register,
        "samples": options.samples,
        "processes": options.processes,
        "per_process": options.per_process,
        "load_average": {"before": context.load_before, "after": context.load_after},
        "target_ms": options.target_ms,
        "passed": passed,
        "notes": notes,
        "versions": _versions(),
        "results": [asdict(row) for row in rows],
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    output = RESULTS_DIR / f"{options.output}.json"
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"written: {output.relative_to(ROOT)}")
    return 0 if passed else 1


def _versions() -> dict[str, str]:
    import platform

    import django

    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "machine": platform.machine(),
        "cpus": str(os.cpu_count()),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=200_000, help="register size (200,000)")
    parser.add_argument("--database-url", default=None, help="an empty database, or a register")
    parser.add_argument(
        "--reuse-register",
        action="store_true",
        help="the --database-url already holds a register: only migrate, then measure",
    )
    parser.add_argument("--samples", type=int, default=200, help="residents timed (200)")
    parser.add_argument("--warmup", type=int, default=5, help="unmeasured rounds first (5)")
    parser.add_argument("--http-samples", type=int, default=100, help="kiosk HTTP walks (100)")
    parser.add_argument("--skip-http", action="store_true", help="leave out (g)")
    parser.add_argument("--processes", type=int, default=4, help="concurrent processes (4)")
    parser.add_argument("--per-process", type=int, default=50, help="issues per process (50)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--target-ms", type=float, default=300.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", default="certificates", help="results file name")
    return run(parser.parse_args())


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchmarkError as error:
        print(f"bench: {error}", file=sys.stderr)
        sys.exit(2)
