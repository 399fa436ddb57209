"""Atom 1.0 feeds (RFC 4287): the alerts feed and the CAP index feed.

* ``/alerts/feed.atom``: the newest sent alerts in one language (``?lang=``), entries
  with the title, the body as ``content`` (text), the category and a link to the page.
* ``/alerts/cap.atom``: the same alerts, each entry linking to its CAP document with
  ``type="application/cap+xml"`` (what Google Public Alerts and other CAP aggregators read).

Entry ids are the alerts' CAP identifiers (``urn:uuid:…``), so the Atom entry and the
CAP message name the same thing.  A sent alert never changes (a revision is a new
alert), so ``published`` and ``updated`` are both the time it was sent.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from ..languages import LANGUAGE_TAGS
from ..models import Alert
from . import common

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: The ``updated`` of a feed with no entries yet: a fixed instant, so that it stays stable.
EMPTY_FEED_UPDATED = datetime.datetime(2026, 1, 1, tzinfo=common.TOKYO)


@dataclass(frozen=True)
class FeedMeta:
    """What identifies one feed: its absolute URL (also its id), title and language."""

    self_url: str
    title: str
    language: str
    alternate_url: str


def _add(parent: etree._Element, name: str, text: str | None = None, **attributes: str):
    element = etree.SubElement(parent, f"{{{ATOM_NAMESPACE}}}{name}", attributes)
    if text is not None:
        element.text = text
    return element


def _feed_head(meta: FeedMeta, alerts: Sequence[Alert]) -> etree._Element:
    feed = etree.Element(f"{{{ATOM_NAMESPACE}}}feed", nsmap={None: ATOM_NAMESPACE})
    feed.set(XML_LANG, LANGUAGE_TAGS[meta.language])
    _add(feed, "id", meta.self_url)
    _add(feed, "title", meta.title)
    updated = max((common.sent_time(alert) for alert in alerts), default=EMPTY_FEED_UPDATED)
    _add(feed, "updated", common.timestamp(updated))
    author = _add(feed, "author")
    _add(author, "name", common.city_name(meta.language))
    _add(feed, "link", rel="self", href=meta.self_url, type="application/atom+xml")
    _add(feed, "link", rel="alternate", href=meta.alternate_url, type="text/html")
    _add(feed, "generator", "yakuba")
    return feed


def _entry_head(feed: etree._Element, alert: Alert, language: str) -> etree._Element:
    entry = _add(feed, "entry")
    entry.set(XML_LANG, LANGUAGE_TAGS[language if language in alert.languages else "ja"])
    _add(entry, "id", alert.identifier)
    _add(entry, "title", alert.title_in(language))
    sent = common.timestamp(common.sent_time(alert))
    _add(entry, "updated", sent)
    _add(entry, "published", sent)
    _add(
        entry,
        "category",
        term=alert.category.code,
        label=alert.category.name_in(language),
        scheme=common.list_url(),
    )
    return entry


def alerts_feed(meta: FeedMeta, alerts: Sequence[Alert]) -> bytes:
    """The human-readable feed: title, body as text content, link to the alert's page."""
    feed = _feed_head(meta, alerts)
    for alert in alerts:
        entry = _entry_head(feed, alert, meta.language)
        _add(entry, "link", rel="alternate", type="text/html", href=common.page_url(alert))
        _add(entry, "link", rel="related", type="application/cap+xml", href=common.cap_url(alert))
        _add(entry, "summary", alert.title_in(meta.language), type="text")
        _add(entry, "content", alert.body_in(meta.language), type="text")
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def cap_index_feed(meta: FeedMeta, alerts: Sequence[Alert]) -> bytes:
    """The CAP index: each entry points at the alert's CAP 1.2 document."""
    feed = _feed_head(meta, alerts)
    for alert in alerts:
        entry = _entry_head(feed, alert, meta.language)
        _add(entry, "link", rel="alternate", type="application/cap+xml", href=common.cap_url(alert))
        _add(entry, "link", rel="related", type="text/html", href=common.page_url(alert))
        _add(entry, "summary", f"{alert.event}: {alert.title_in(meta.language)}", type="text")
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)
