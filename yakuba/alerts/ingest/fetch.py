"""A polite client of the JMA Atom feeds (``settings.YAKUBA_JMA_FEEDS``).

JMA blocks heavy downloaders and asks clients not to fetch the same file twice, so:

* feeds are fetched with a conditional GET (``If-None-Match`` / ``If-Modified-Since``
  from :class:`FeedState`); a ``304`` ends the poll of that feed;
* a message file is fetched only when its entry is relevant (a warning or earthquake
  title, from the city's prefecture office or a nationwide earthquake message) and its
  URL is not yet in :class:`ReceivedMessage`;
* every request has a timeout, a size cap, accepts gzip, and names yakuba in the
  ``User-Agent``.
"""

from __future__ import annotations

import gzip
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from lxml import etree

from . import apply
from .models import FeedState, ReceivedMessage
from .parsing.common import ParseError, findall, load, local, text

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
MAX_BYTES = 8 * 1024 * 1024  # extra_l.xml is about 3 MB
USER_AGENT = "yakuba-alerts/1.0 (municipal alert service; +https://github.com/yakuba)"

#: Entry titles of the messages the link reads (Atom ``<title>`` = the report's Control/Title).
WEATHER_TITLES = ("気象特別警報・警報・注意報", "気象警報・注意報")
QUAKE_TITLES = ("震度速報", "震源・震度に関する情報")
_FILE = re.compile(r"_(V[A-Z]{3}\d{2})_(\d{6})\.xml$")


@dataclass
class PollReport:
    """What one poll did (for the command's output and the tests)."""

    feeds_fetched: int = 0
    feeds_unchanged: int = 0
    feeds_failed: int = 0
    messages_fetched: int = 0
    messages_skipped: int = 0
    outcomes: list[str] = field(default_factory=list)


@dataclass
class Entry:
    title: str
    url: str
    author: str = ""


def office_code() -> str:
    """The prefecture forecast office code of the city (東京都 → ``130000``)."""
    return getattr(settings, "YAKUBA_JMA_OFFICE_CODE", "") or (
        settings.YAKUBA_JMA_AREA_CODE[:2] + "0000"
    )


def relevant(entry: Entry) -> bool:
    """Is this feed entry one the city must read?  Decided without downloading it."""
    found = _FILE.search(entry.url)
    if entry.title.startswith(QUAKE_TITLES):
        return True  # nationwide messages, listing cities by code
    if entry.title.startswith(WEATHER_TITLES):
        return found is None or found.group(2) == office_code()
    return False


def _get(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(
        url,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(MAX_BYTES + 1)
            status, response_headers = response.status, dict(response.headers.items())
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return 304, dict(error.headers.items()), b""
        raise
    if len(body) > MAX_BYTES:
        raise ValueError(f"response larger than {MAX_BYTES} bytes")
    if response_headers.get("Content-Encoding", "").lower() == "gzip":
        body = gzip.decompress(body)
    return status, response_headers, body


def entries_of(feed: bytes) -> list[Entry]:
    root, _namespace = load(feed)
    if local(root) != "feed":
        raise ParseError("not an Atom feed")
    found = []
    for entry in findall(root, "entry"):
        link = next(
            (
                e.get("href", "")
                for e in findall(entry, "link")
                if e.get("rel", "alternate") == "alternate"
            ),
            "",
        )
        title = text(entry, "title")
        if link:
            found.append(Entry(title, link, text(entry, "author/name")))
    return found


def poll_feed(url: str, report: PollReport) -> None:
    state, _created = FeedState.objects.get_or_create(url=url)
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    state.last_fetched_at = timezone.now()
    try:
        status, response_headers, body = _get(url, headers)
        if status == 304:
            report.feeds_unchanged += 1
            state.last_status = "304 Not Modified"
            state.save()
            return
        entries = entries_of(body)
    except (OSError, ValueError, etree.LxmlError, ParseError) as error:
        report.feeds_failed += 1
        state.last_status = f"error: {error}"[:200]
        state.save()
        logger.warning("alerts.ingest: feed %s failed: %s", url, error)
        return
    report.feeds_fetched += 1
    # Message files are fetched only from the feed's own host (a tampered feed cannot
    # make the poller request arbitrary addresses).
    host = urllib.parse.urlsplit(url)[:2]
    wanted = [e for e in entries if relevant(e) and urllib.parse.urlsplit(e.url)[:2] == host]
    known = set(
        ReceivedMessage.objects.filter(key__in=[e.url for e in wanted]).values_list(
            "key", flat=True
        )
    )
    # Oldest first (feeds list newest first) so updates apply after what they update.
    for entry in reversed(wanted):
        if entry.url in known:
            report.messages_skipped += 1
            continue
        known.add(entry.url)
        try:
            _status, _headers, data = _get(entry.url, {})
        except (OSError, ValueError) as error:
            logger.warning("alerts.ingest: message %s failed: %s", entry.url, error)
            continue  # not recorded: fetched again on the next poll
        report.messages_fetched += 1
        record = apply.receive_jma(entry.url, data)
        report.outcomes.append(record.outcome_code)
    # Validators are saved only after the messages were handled: a crash re-reads the feed.
    state.etag = response_headers.get("ETag", "")[:200]
    state.last_modified = response_headers.get("Last-Modified", "")[:100]
    state.last_status = f"{status} ({len(entries)} entries, {len(wanted)} relevant)"[:200]
    state.save()


def poll_once() -> PollReport:
    report = PollReport()
    for url in settings.YAKUBA_JMA_FEEDS:
        poll_feed(url, report)
    return report
