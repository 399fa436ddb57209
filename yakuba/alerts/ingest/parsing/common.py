"""Safe XML loading and the parsed form shared by every message type."""

from __future__ import annotations

import datetime
import functools
from dataclasses import asdict, dataclass, field
from typing import Any

from lxml import etree

JMA_NS = "http://xml.kishou.go.jp/jmaxml1/"
CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"

#: Untrusted input: no DTD, no entities, no network, no huge trees.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)


class ParseError(ValueError):
    """The document is not well-formed or lacks what every message must carry."""


@dataclass
class Finding:
    """One thing a message says about the city: a warning kind, a 解除, an intensity.

    ``subject`` is what state is kept for (a phenomenon, or ``地震:<EventID>``);
    ``level`` a :class:`~yakuba.alerts.ingest.models.Level` value or, for earthquakes,
    the 震度 (``4``, ``5-`` …); ``status`` the Kind/Status (発表, 継続, 解除 …).
    """

    kind: str  # "weather" | "quake" | "cap"
    subject: str
    level: str
    status: str
    area_code: str
    area_name: str
    kind_name: str = ""
    kind_code: str = ""
    alert_level: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class ParsedMessage:
    """The envelope and the findings for the city; ``legacy`` marks VPWW53/54."""

    source: str  # "jma" | "cap"
    type_code: str
    title: str
    status: str  # 通常 / 訓練 / 試験, or CAP Actual / Exercise / Test / System / Draft
    info_type: str  # 発表 / 訂正 / 取消, or CAP Alert / Update / Cancel
    report_datetime: datetime.datetime | None
    event_id: str = ""
    office: str = ""
    headline: str = ""
    legacy: bool = False
    identifier: str = ""
    references: list[str] = field(default_factory=list)
    expires: datetime.datetime | None = None
    findings: list[Finding] = field(default_factory=list)
    other_areas: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_real(self) -> bool:
        return self.status in ("通常", "Actual")

    def summary(self) -> dict[str, Any]:
        """JSON-able digest stored with the received message (no personal data in these)."""
        return {
            "title": self.title,
            "office": self.office,
            "headline": self.headline[:500],
            "legacy": self.legacy,
            "identifier": self.identifier,
            "references": self.references,
            "expires": self.expires.isoformat() if self.expires else None,
            "findings": [asdict(f) for f in self.findings],
            "other_areas": self.other_areas,
            **self.extra,
        }


def load(data: bytes) -> tuple[etree._Element, str]:
    """Parse bytes; return the root and its namespace.

    Paths are matched namespace-blind (:func:`find`, ``{*}`` wildcards): JMA puts Control,
    Head and Body in different namespaces, and renaming every element would cost five
    times the parse itself.
    """
    if not data or not data.strip():
        raise ParseError("empty document")
    try:
        root = etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as error:
        raise ParseError(f"not well-formed XML: {error}") from error
    return root, etree.QName(root).namespace or ""


@functools.lru_cache(maxsize=256)
def _any_namespace(path: str) -> str:
    return "/".join(f"{{*}}{step}" for step in path.split("/"))


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


def find(element: etree._Element | None, path: str) -> etree._Element | None:
    return None if element is None else element.find(_any_namespace(path))


def findall(element: etree._Element | None, path: str) -> list[etree._Element]:
    return [] if element is None else element.findall(_any_namespace(path))


def text(element: etree._Element | None, path: str = "", default: str = "") -> str:
    if element is None:
        return default
    found = find(element, path) if path else element
    if found is None or found.text is None:
        return default
    return found.text.strip()


def when(value: str) -> datetime.datetime | None:
    """An ISO 8601 date-time with offset (JMA, CAP); ``None`` when absent or unparseable."""
    if not value:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:  # JMA always writes an offset; be strict but safe
        return None
    return parsed
