"""Crawl every staff page and check that personal data never shows without an access record.

Given the demo city (a small population, every department), a staff member who
holds the department-admin role in every department and is a system
administrator, when the crawler visits every URL of the staff console — each
URL pattern with its integer parameters filled from real people's ids, with and
without a purpose and a search text — and every staff link found on the pages
it visits, then any response that shows a person's name, kana name or 住民票コード
must have appended an access record for that person in the same request (or for a
subject the audit module knows is the same person, such as the facility registration
made from the account linked to that resident record).

The crawler also checks that it saw personal data on the search and detail
pages: a crawler that never finds anything proves nothing.
"""

from __future__ import annotations

import datetime
import re
from collections import deque
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

PERSON_SUBJECT_KIND = "residents.person"
SAMPLE_SIZE = 3
MAX_PAGES = 4000
# Pages of one shape (the path with its numbers, dates included, blanked) visited at most:
# a daily sheet links to the next day, and the next, and so on for ever.
MAX_PER_SHAPE = 40
# Never follow links that end the session or that would download the whole register.
SKIPPED = re.compile(r"/(logout|sign-?out|log-out)/?|/export\b|\.csv$")
LINK = re.compile(r"""href=["']([^"'#]+)["']""")


@dataclass
class Marker:
    person_id: int
    texts: tuple[str, ...]


@dataclass
class CrawlReport:
    visited: list[str] = field(default_factory=list)
    shown: dict[str, set[int]] = field(default_factory=dict)
    unrecorded: list[tuple[str, int, str]] = field(default_factory=list)
    errors: list[tuple[str, int]] = field(default_factory=list)


def _staff_patterns() -> list[tuple[str, list[tuple[str, str]]]]:
    """(route template, [(param name, converter)]) for every URL under /staff/."""
    found: list[tuple[str, list[tuple[str, str]]]] = []

    def walk(patterns, prefix: str, params: list[tuple[str, str]]) -> None:
        for entry in patterns:
            route = str(entry.pattern)
            converters = [
                (name, type(conv).__name__)
                for name, conv in getattr(entry.pattern, "converters", {}).items()
            ]
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route, params + converters)
            elif isinstance(entry, URLPattern):
                found.append((prefix + route, params + converters))

    walk(get_resolver().url_patterns, "/", [])
    return [(route, params) for route, params in found if route.startswith("/staff/")]


def _concrete_urls(person_ids: list[int]) -> list[tuple[str, bool]]:
    """Every staff URL with each sample id; ``True`` marks the ones built from the first sample."""
    urls = []
    for route, params in _staff_patterns():
        if re.search(r"\^|\$|\(\?P", route):
            continue  # regex routes: none in yakuba today
        candidates = [(route, True)]
        for name, converter in params:
            values = [str(pk) for pk in person_ids] if converter == "IntConverter" else ["x"]
            candidates = [
                (
                    re.sub(rf"<(?:\w+:)?{name}>", value, candidate, count=1),
                    primary and value in (values[0], "x"),
                )
                for candidate, primary in candidates
                for value in values
            ]
        urls.extend(candidates)
    return urls


def _with_queries(url: str, purposes: list[str], search_text: str) -> list[str]:
    variants = [url]
    for purpose in purposes:
        query = {"purpose": purpose, "query": search_text, "q": search_text}
        variants.append(f"{url}?{urlencode(query)}")
    return variants


def _shape(url: str) -> str:
    return re.sub(r"\d+", "9", url.split("?")[0])


def _body(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return unescape(content.decode("utf-8", errors="replace"))


def _crawl(
    client,
    seeds: list[str],
    markers: list[Marker],
    purposes: list[str] = (),
    search_text: str = "",
) -> CrawlReport:
    from yakuba.audit.models import AccessRecord
    from yakuba.audit.services import Subject, same_person_subjects

    report = CrawlReport()
    queue: deque[str] = deque(seeds)
    seen: set[str] = set(seeds)
    per_shape: dict[str, int] = {}
    purpose_asked: set[str] = set()

    def follow(target: str) -> None:
        shape = _shape(target)
        if target in seen or SKIPPED.search(target) or per_shape.get(shape, 0) >= MAX_PER_SHAPE:
            return
        seen.add(target)
        per_shape[shape] = per_shape.get(shape, 0) + 1
        queue.append(target)

    for seed in seeds:
        per_shape[_shape(seed)] = per_shape.get(_shape(seed), 0) + 1
    while queue and len(report.visited) < MAX_PAGES:
        url = queue.popleft()
        before = AccessRecord.objects.order_by("-sequence").values_list("sequence", flat=True)
        last = before.first() or 0
        response = client.get(url)
        report.visited.append(url)
        if response.status_code >= 500:
            report.errors.append((url, response.status_code))
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            target = response.headers.get("Location", "")
            if target.startswith("/staff/"):
                follow(target)
            continue
        body = _body(response)
        recorded = {
            alias.id
            for kind, subject_id in AccessRecord.objects.filter(sequence__gt=last)
            .values_list("subject_kind", "subject_id")
            .distinct()
            for alias in same_person_subjects(Subject(kind, subject_id))
            if alias.kind == PERSON_SUBJECT_KIND
        }
        for marker in markers:
            hit = next((text for text in marker.texts if text in body), None)
            if hit is None:
                continue
            report.shown.setdefault(url, set()).add(marker.person_id)
            if str(marker.person_id) not in recorded:
                report.unrecorded.append((url, marker.person_id, hit))
        content_type = response.headers.get("Content-Type", "")
        if "html" not in content_type:
            continue
        shape = _shape(url)
        if purposes and shape not in purpose_asked and 'name="purpose"' in body:
            # The page asks for a legal purpose: try it with each declared one (once per
            # shape of page: a page reads its purpose the same way whatever the id).
            purpose_asked.add(shape)
            for variant in _with_queries(url.split("?")[0], purposes, search_text)[1:]:
                if variant not in seen:
                    seen.add(variant)
                    queue.append(variant)
        for href in LINK.findall(body):
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith("/staff/"):
                continue
            follow(parts.path + (f"?{parts.query}" if parts.query else ""))
    return report


@pytest.fixture
def crawler_world(db, client):
    """The demo city with a handful of residents, and an all-powerful staff member."""
    from yakuba.core.privacy_register import all_purposes
    from yakuba.demo.loader import load_demo_city
    from yakuba.identity.permissions import departments_on
    from yakuba.identity.services import assign_staff, create_staff_member
    from yakuba.identity.testing import login_staff
    from yakuba.residents.models import Person

    cache.clear()  # the municipality profile is cached across tests
    load_demo_city(residents=12, seed=7)
    staff = create_staff_member(
        email="crawler@city.example.lg.jp",
        display_name="巡回 検査",
        display_name_kana="ジュンカイ ケンサ",
        password="crawler-password-2026",
        staff_number="C0001",
        is_system_admin=True,
    )
    for index, unit in enumerate(departments_on(timezone.localdate())):
        assign_staff(
            staff, unit, "admin", valid_from=datetime.date(2024, 4, 1), is_primary=index == 0
        )
    login_staff(client, staff)

    people = list(Person.objects.order_by("pk"))
    staff_names = {staff.display_name}
    markers = [
        Marker(
            person.pk,
            tuple(
                text
                for text in (person.full_name, person.full_name_kana, person.resident_code)
                if text not in staff_names
            ),
        )
        for person in people
    ]
    samples = [people[0], people[len(people) // 2], people[-1]][:SAMPLE_SIZE]
    return {
        "client": client,
        "markers": markers,
        "samples": samples,
        "purposes": sorted(all_purposes()),
    }


def test_every_staff_page_showing_personal_data_leaves_an_access_record(crawler_world):
    world = crawler_world
    samples = world["samples"]
    seeds: list[str] = []
    # Every URL with every sample id, and a search-text variant of the first sample's URLs;
    # a page that asks for a legal purpose (a ``purpose`` field) is then visited once per
    # declared purpose (a page reads its purpose the same way whatever the id).
    search_text = samples[0].family_name
    for url, primary in _concrete_urls([person.pk for person in samples]):
        seeds.append(url)
        if primary:
            seeds.append(f"{url}?{urlencode({'query': search_text, 'q': search_text})}")
    seeds = [url for url in dict.fromkeys(seeds) if not SKIPPED.search(url.split("?")[0])]

    report = _crawl(world["client"], seeds, world["markers"], world["purposes"], search_text)

    assert report.errors == [], f"staff pages answered with a server error: {report.errors}"
    assert report.unrecorded == [], (
        "personal data shown without an access record "
        f"(url, person id, text): {report.unrecorded[:20]}"
    )
    search_url = reverse("console:resident_search")
    detail_prefix = reverse("console:person_detail", args=[samples[0].pk])
    assert any(url.startswith(search_url + "?") for url in report.shown), (
        "the crawler never saw personal data on the search page"
    )
    assert any(url.startswith(detail_prefix) for url in report.shown), (
        "the crawler never saw personal data on a person page"
    )
    assert len(report.visited) < MAX_PAGES, "the crawl was cut short; raise MAX_PAGES"
    still_signed_in = world["client"].get(reverse("console:dashboard"))
    assert still_signed_in.status_code == 200, "the crawl lost its session half-way"


def test_catches_a_page_that_shows_personal_data_without_a_record(crawler_world, settings):
    settings.ROOT_URLCONF = "tests.crawler_leaky_urls"
    world = crawler_world
    person = world["samples"][0]

    report = _crawl(world["client"], [f"/staff/leaky/{person.pk}/"], world["markers"])

    assert report.unrecorded == [(f"/staff/leaky/{person.pk}/", person.pk, person.full_name)]
