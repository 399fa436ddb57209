#!/usr/bin/env python
"""Registry at scale: bulk-load N residents into PostgreSQL, then time the hot reads against /ping.

    .venv/bin/python bench/registry.py                       # 200,000 residents
    .venv/bin/python bench/registry.py --residents 3700000   # a city the size of Yokohama
    .venv/bin/python bench/registry.py --database-url postgres://postgres@127.0.0.1:5432/mydb

Steps, all in one run:

1. a fresh PostgreSQL database (``yakuba_bench_registry`` on 127.0.0.1:5432, dropped
   and created; or ``--database-url``, which must be empty), migrated, with the demo
   city's organisation, accounts and town areas (``demo_data --residents 3``);
2. a registry CSV of N residents written by the demo generator, in chunks (memory
   stays flat at millions), then loaded with the real import path
   (``manage.py registry_import``: every check, bulk writes, one transaction) —
   the **load rate** in people per second;
3. gunicorn (2 sync workers, ``config.settings.bench``) and, from one client,
   sequential requests (a new connection each, as wrk-less as possible) to:
   (a) the trivial view ``/ping``; (b) the staff search by kana name
   (``?query=ヤマダ ハナコ``, a different name each time, with its access
   records); (c) a person page reconstructed **as of a past date** from the
   history (``?as_of=…``, with the household members of that day);
   p50/p95 of each and the ratio to (a) measured in the same run;
4. (d) card login, in process: ``yakuba.jpki`` issue_challenge → the emulated
   card signs → verify_login (see :func:`measure_card_login`);
5. (e) the population statistics as of two days (one aggregate query each).

Results: a table on stdout and ``bench/results/registry.json``.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import http.client
import json
import os
import random
import statistics
import sys
import tempfile
import time
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path

from _harness import (
    RESULTS_DIR,
    ROOT,
    BenchmarkError,
    _versions,
    bench_environment,
    manage,
    start_server,
)

DEFAULT_DATABASE = "yakuba_bench_registry"
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
CHUNK_RESIDENTS = 50_000
STAFF_EMAIL = "shimin@city.musashimurayama.example.lg.jp"  # demo: 市民課 operator
PURPOSE = "resident_inquiry"


@dataclass
class Measurement:
    name: str
    samples: int
    p50_ms: float
    p95_ms: float
    mean_ms: float
    p50_vs_ping: float = 0.0
    note: str = ""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summarise(name: str, seconds: list[float], note: str = "") -> Measurement:
    milliseconds = [value * 1000 for value in seconds]
    return Measurement(
        name,
        len(milliseconds),
        percentile(milliseconds, 0.50),
        percentile(milliseconds, 0.95),
        statistics.fmean(milliseconds),
        note=note,
    )


# ------------------------------------------------------------------- database


def fresh_database(url: str | None) -> str:
    """The database URL to use: the given one, or a freshly created default."""
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


# ------------------------------------------------------------------ the data


def write_registry_csv(path: Path, residents: int, seed: int) -> tuple[int, int]:
    """N residents in the registry CSV format, generated chunk by chunk; returns (people, households).

    Each chunk is the demo generator with its own seed; the demo persona's
    household (the first of every chunk) is left out, household numbers and
    住民票コード are renumbered so they are unique across chunks (and never
    clash with the demo's own: 世帯番号 of 10 digits from 5000000001, codes
    from 90000000001).
    """
    from yakuba.demo.population import generate_population
    from yakuba.residents.services import read_town_area_csv
    from yakuba.residents.transfer.csv_format import (
        EXPORT_HEADERS,
        RELATIONSHIP_LABELS,
        SEX_LABELS,
    )

    areas = read_town_area_csv()
    names = {area.code: area.name for area in areas}
    people = households = 0
    chunk_index = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(EXPORT_HEADERS)
        while people < residents:
            wanted = min(CHUNK_RESIDENTS, residents - people) + 3  # + the persona's household
            generated = generate_population(wanted, seed + chunk_index, town_areas=areas)[1:]
            chunk_index += 1
            for household in generated:
                if people >= residents:
                    break
                households += 1
                number = f"{5_000_000_000 + households:010d}"
                for member in household.members[: residents - people]:
                    people += 1
                    writer.writerow(
                        [
                            f"{90_000_000_000 + people:011d}",
                            number,
                            member.family_name,
                            member.given_name,
                            member.family_name_kana,
                            member.given_name_kana,
                            member.former_family_name,
                            member.birth_date.isoformat(),
                            SEX_LABELS[member.sex],
                            RELATIONSHIP_LABELS[member.relationship],
                            household.town_area_code,
                            names[household.town_area_code],
                            household.banchi,
                            household.katagaki,
                            member.became_resident_on.isoformat(),
                            member.address_set_on.isoformat(),
                            member.previous_address,
                            member.registered_domicile,
                            member.domicile_head,
                            "住民",
                            "",
                            "",
                            "",
                        ]
                    )
    return people, households


def load_registry(env: dict[str, str], path: Path) -> tuple[float, str]:
    started = time.monotonic()
    completed = manage(env, "registry_import", str(path), "--show", "5")
    return time.monotonic() - started, completed.stdout.strip()


def analyze(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ANALYZE")


# ------------------------------------------------------------------ sampling


def staff_session() -> str:
    """A session of the demo 市民課 operator, signed in with TOTP verified (as a browser would be)."""
    from django.test import Client

    from yakuba.identity.models import User
    from yakuba.identity.testing import login_staff

    client = Client()
    login_staff(client, User.objects.get(email=STAFF_EMAIL))
    return client.cookies["sessionid"].value


def sample_names(count: int, seed: int) -> list[str]:
    from yakuba.residents.models import Person

    total = Person.objects.count()
    chooser = random.Random(seed)
    picks = sorted(chooser.sample(range(total), min(count, total)))
    names = []
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True)[:total])
    for index in picks:
        person = Person.objects.only("family_name_kana", "given_name_kana").get(pk=ids[index])
        names.append(f"{person.family_name_kana} {person.given_name_kana}")
    return names


def sample_people_as_of(count: int, day: datetime.date, seed: int) -> list[int]:
    from yakuba.residents.models import Person

    ids = list(
        Person.objects.filter(became_resident_on__lte=day)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return random.Random(seed).sample(ids, min(count, len(ids)))


# --------------------------------------------------------------------- HTTP


def timed_get(host: str, port: int, path: str, cookie: str = "") -> tuple[float, int, int]:
    """One GET on a new connection: (seconds, status, body bytes)."""
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=60)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed, response.status, len(body)


def measure_paths(base_url: str, paths: list[str], cookie: str, warmup: int) -> list[float]:
    parts = urllib.parse.urlsplit(base_url)
    for path in paths[:warmup]:
        timed_get(parts.hostname, parts.port, path, cookie)
    seconds = []
    for path in paths:
        elapsed, status, _size = timed_get(parts.hostname, parts.port, path, cookie)
        if status != 200:
            raise BenchmarkError(f"GET {path} answered {status}")
        seconds.append(elapsed)
    return seconds


# --------------------------------------------------------------- card login


def measure_card_login(logins: int) -> Measurement | None:
    """(d) Card login with the emulated JPKI card, through ``yakuba.jpki``'s own functions.

    The place the jpki module fills in: ``issue_challenge()`` (server) → the card
    signs the nonce after its PIN (``EmulatedReader.sign``, the card's side, not
    timed) → ``verify_login(nonce, signature, certificate)`` (server: chain,
    validity, CRL, signature, single use of the nonce).  Timed: the two server
    calls, in process (no HTTP).  ``None`` when ``yakuba.jpki`` does not offer them.
    """
    try:
        from yakuba.jpki.demo import issue_demo_cards
        from yakuba.jpki.models import CertificateKind
        from yakuba.jpki.readers.emulated import EmulatedReader
        from yakuba.jpki.services.login import issue_challenge, login_message, verify_login
    except ImportError:
        return None
    from yakuba.residents.models import Person

    people = list(
        Person.objects.filter(status="resident", birth_date__lte=datetime.date(2000, 1, 1))
        .order_by("pk")
        .values_list("pk", flat=True)[:20]
    )
    issue_demo_cards(people, auth_pin="1234", sign_pin="ABC123")
    reader = EmulatedReader()
    handles = [slot.handle for slot in reader.cards()][:20]
    certificates = {
        handle: reader.read_certificate(handle, CertificateKind.AUTHENTICATION)
        for handle in handles
    }
    seconds = []
    for index in range(logins):
        handle = handles[index % len(handles)]
        started = time.perf_counter()
        challenge = issue_challenge()
        issued = time.perf_counter() - started
        signature = reader.sign(
            handle, CertificateKind.AUTHENTICATION, "1234", login_message(challenge.nonce)
        )
        started = time.perf_counter()
        verify_login(challenge.nonce, signature, certificates[handle])
        seconds.append(issued + time.perf_counter() - started)
    return summarise(
        "(d) card login (issue_challenge + verify_login)", seconds, "in process, no HTTP"
    )


# ---------------------------------------------------------------- statistics


def measure_statistics(days: list[datetime.date]) -> list[Measurement]:
    from yakuba.residents.transfer.statistics import population_table

    results = []
    for day in days:
        seconds = []
        for _repeat in range(3):
            started = time.perf_counter()
            population_table(day)
            seconds.append(time.perf_counter() - started)
        results.append(
            summarise(
                f"(e) population statistics as of {day.isoformat()}", seconds, "in process, 3 runs"
            )
        )
    return results


# ----------------------------------------------------------------------- main


def format_rows(rows: list[Measurement]) -> str:
    table = [("target", "n", "p50 ms", "p95 ms", "mean ms", "p50 vs (a)", "note")]
    for row in rows:
        table.append(
            (
                row.name,
                str(row.samples),
                f"{row.p50_ms:.2f}",
                f"{row.p95_ms:.2f}",
                f"{row.mean_ms:.2f}",
                f"{row.p50_vs_ping:.1f}x" if row.p50_vs_ping else "",
                row.note,
            )
        )
    widths = [max(len(line[column]) for line in table) for column in range(len(table[0]))]
    lines = []
    for index, line in enumerate(table):
        cells = [line[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(line[1:-1], widths[1:-1], strict=True)]
        cells.append(line[-1])
        lines.append("  ".join(cells))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--residents", type=int, default=200_000, help="people to load (default 200,000)"
    )
    parser.add_argument("--database-url", default=None, help="an empty PostgreSQL database to use")
    parser.add_argument(
        "--requests", type=int, default=300, help="requests per HTTP target (default 300)"
    )
    parser.add_argument("--logins", type=int, default=100, help="card logins to time (default 100)")
    parser.add_argument(
        "--warmup", type=int, default=20, help="unmeasured requests first (default 20)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--as-of", default="2020-04-01", help="past date of the person pages")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    as_of = datetime.date.fromisoformat(options.as_of)

    url = fresh_database(options.database_url)
    if not url.startswith("postgres"):
        raise BenchmarkError("the registry benchmark runs on PostgreSQL")
    with tempfile.TemporaryDirectory(prefix="yakuba-bench-registry-") as work:
        work_dir = Path(work)
        env = bench_environment(work_dir, url)
        env["YAKUBA_TASK_BACKEND"] = "immediate"
        print(f"bench registry: migrating {url.rsplit('/', 1)[-1]} ...", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "demo_data", "--residents", "3", "--seed", str(options.seed))
        setup_django(env)

        csv_path = work_dir / "registry.csv"
        started = time.monotonic()
        people, households = write_registry_csv(csv_path, options.residents, options.seed)
        generated = time.monotonic() - started
        size = csv_path.stat().st_size
        print(
            f"bench registry: generated {people:,} people / {households:,} households "
            f"({size / 1e6:,.0f} MB) in {generated:.1f} s; loading ...",
            flush=True,
        )
        load_seconds, load_output = load_registry(env, csv_path)
        rate = people / load_seconds
        print(f"bench registry: loaded in {load_seconds:.1f} s = {rate:,.0f} people/s", flush=True)
        print("  " + load_output.replace("\n", "\n  "), flush=True)
        analyze(url)

        cookie = staff_session()
        count = options.requests
        names = sample_names(count, options.seed)
        people_ids = sample_people_as_of(count, as_of, options.seed)
        search_paths = [
            "/staff/residents/?" + urllib.parse.urlencode({"query": name, "purpose": PURPOSE})
            for name in names
        ]
        detail_paths = [
            f"/staff/residents/{pk}/?"
            + urllib.parse.urlencode({"purpose": PURPOSE, "as_of": as_of.isoformat()})
            for pk in people_ids
        ]
        rows: list[Measurement] = []
        with start_server(env, workers=options.workers) as base_url:
            print(
                f"bench registry: {count} sequential requests per target on {base_url}", flush=True
            )
            ping = summarise(
                "(a) trivial view /ping",
                measure_paths(base_url, ["/ping"] * count, "", options.warmup),
            )
            rows.append(ping)
            rows.append(
                summarise(
                    "(b) search by kana name",
                    measure_paths(base_url, search_paths, cookie, options.warmup),
                    "staff page, access record per person listed",
                )
            )
            rows.append(
                summarise(
                    f"(c) person page as of {as_of.isoformat()}",
                    measure_paths(base_url, detail_paths, cookie, options.warmup),
                    "history reconstruction + household of that day",
                )
            )
        card = measure_card_login(options.logins)
        if card is not None:
            rows.append(card)
        rows += measure_statistics([datetime.date.today(), as_of])
        for row in rows:
            row.p50_vs_ping = row.p50_ms / ping.p50_ms if ping.p50_ms else 0.0
        rows[0].p50_vs_ping = 1.0

    print()
    print(
        f"load: {people:,} people, {households:,} households in {load_seconds:.1f} s ({rate:,.0f} people/s)"
    )
    print(format_rows(rows))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    report = {
        "name": "registry",
        "finished": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": "postgresql",
        "residents": people,
        "households": households,
        "csv_bytes": size,
        "generate_seconds": round(generated, 2),
        "load_seconds": round(load_seconds, 2),
        "load_people_per_second": round(rate),
        "as_of": as_of.isoformat(),
        "server": {"program": "gunicorn", "workers": options.workers, "worker_class": "sync"},
        "client": "sequential, one new connection per request",
        "versions": _versions(),
        "results": [asdict(row) for row in rows],
    }
    output = RESULTS_DIR / "registry.json"
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten: {output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchmarkError as error:
        print(f"bench: {error}", file=sys.stderr)
        sys.exit(2)
