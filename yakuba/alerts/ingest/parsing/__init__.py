"""Parsers of the messages the link receives: JMA 防災情報XML (warnings, earthquakes), CAP 1.2.

:func:`parse` recognises the document by its root element and returns a
:class:`~.common.ParsedMessage`; anything unreadable raises :class:`~.common.ParseError`.
"""

from __future__ import annotations

from .cap import parse_cap
from .common import CAP_NS, JMA_NS, Finding, ParsedMessage, ParseError, load
from .jma import parse_jma

__all__ = ["Finding", "ParseError", "ParsedMessage", "parse", "parse_cap", "parse_jma"]


def parse(
    data: bytes,
    *,
    city_code: str,
    url: str = "",
    quake_area_code: str = "",
    city_names: tuple[str, ...] = (),
) -> ParsedMessage:
    """Parse a JMA report or a CAP 1.2 alert, keeping only what concerns ``city_code``."""
    root, namespace = load(data)
    if namespace == CAP_NS:
        return parse_cap(root, city_code=city_code, city_names=city_names)
    if namespace == JMA_NS:
        return parse_jma(root, city_code=city_code, url=url, quake_area_code=quake_area_code)
    raise ParseError(f"unknown document type {root.tag}")
