"""CAP 1.2 input from other agencies (``urn:oasis:names:tc:emergency:cap:1.2``).

The Japanese ``<info>`` is preferred (``language`` ja/ja-JP), else the first one.  The
document concerns the city when an ``<area>`` carries one of its codes in a
``<geocode>`` value (7-digit JMA code, 6- or 5-digit 団体コード) or names it in
``<areaDesc>``; an alert without any ``<area>`` is taken as addressed to the city.
"""

from __future__ import annotations

from lxml import etree

from ..models import Level
from .common import Finding, ParsedMessage, ParseError, findall, local, text, when

SEVERITY_LEVEL = {
    "Extreme": Level.SPECIAL,
    "Severe": Level.WARNING,
    "Moderate": Level.ADVISORY,
    "Minor": Level.ADVISORY,
}
REQUIRED = ("identifier", "sender", "sent", "status", "msgType", "scope")


def parse_cap(
    root: etree._Element, *, city_code: str, city_names: tuple[str, ...] = ()
) -> ParsedMessage:
    if local(root) != "alert":
        raise ParseError("not a CAP alert")
    missing = [name for name in REQUIRED if not text(root, name)]
    if missing:
        raise ParseError(f"CAP alert lacks {', '.join(missing)}")
    sent = when(text(root, "sent"))
    if sent is None:
        raise ParseError("CAP sent is not a date-time with offset")
    infos = findall(root, "info")
    info = next(
        (i for i in infos if text(i, "language", "en-US").lower().startswith("ja")),
        infos[0] if infos else None,
    )
    references = text(root, "references").split()
    message = ParsedMessage(
        source="cap",
        type_code="CAP",
        title=text(info, "headline") or text(info, "event"),
        status=text(root, "status"),
        info_type=text(root, "msgType"),
        report_datetime=sent,
        event_id=text(root, "incidents"),
        office=text(info, "senderName") or text(root, "sender"),
        headline=text(info, "description"),
        identifier=f"{text(root, 'sender')},{text(root, 'identifier')}",
        references=[",".join(ref.split(",")[:2]) for ref in references],
        expires=when(text(info, "expires")),
    )
    if message.info_type not in ("Alert", "Update", "Cancel", "Ack", "Error"):
        raise ParseError(f"unknown CAP msgType {message.info_type!r}")
    if info is None:
        return message
    codes = {city_code, city_code[:5], _with_check_digit(city_code[:5])}
    areas = findall(info, "area")
    names = [text(a, "areaDesc") for a in areas]
    concerned = not areas or any(
        text(g, "value") in codes for a in areas for g in findall(a, "geocode")
    )
    concerned = concerned or any(n and any(c in n for c in city_names) for n in names)
    if not concerned:
        message.other_areas = len(areas)
        return message
    severity = text(info, "severity")
    level = SEVERITY_LEVEL.get(severity)
    if text(info, "responseType") == "AllClear" or message.info_type == "Cancel":
        level = Level.CLEAR
    message.extra.update(
        {
            "event": text(info, "event"),
            "severity": severity,
            "urgency": text(info, "urgency"),
            "certainty": text(info, "certainty"),
            "instruction": text(info, "instruction"),
            "cap_category": text(info, "category"),
        }
    )
    if level is not None:
        message.findings.append(
            Finding(
                kind="cap",
                subject=text(info, "event") or "CAP",
                level=level,
                status="解除" if level == Level.CLEAR else "発表",
                area_code=city_code,
                area_name="、".join(n for n in names if n),
                kind_name=text(info, "event"),
            )
        )
    return message


def _with_check_digit(code5: str) -> str:
    """The 6-digit 全国地方公共団体コード of a 5-digit code (JIS X 0402 check digit)."""
    if len(code5) != 5 or not code5.isdigit():
        return code5
    remainder = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True)) % 11
    return code5 + str((11 - remainder) % 10)
