"""JMA 防災情報XML: legacy VPWW53/54, R06 VPWW55–61 and earthquake VXSE51/53 messages.

Only the municipal blocks are read (``Warning[@type="気象警報・注意報（市町村等）"]``,
``Intensity/Observation/Pref/Area/City``): they carry the city's own code, so a message
that names the city only through its prefecture or sub-region is never mistaken for it.
"""

from __future__ import annotations

import re

from lxml import etree

from .. import phenomena
from ..models import Level
from .common import Finding, ParsedMessage, ParseError, find, findall, local, text, when

MUNICIPAL_WARNING = "気象警報・注意報（市町村等）"
_URL_TYPE = re.compile(r"_(V[A-Z]{3}\d{2})_\d{6}\.xml$")
_TITLE_TYPES = (
    ("気象特別警報・警報・注意報", "VPWW53"),
    ("気象警報・注意報（Ｈ２７）", "VPWW54"),
    ("気象警報・注意報（Ｒ０６）（大雨）", "VPWW55"),
    ("気象警報・注意報（Ｒ０６）（土砂）", "VPWW56"),
    ("気象警報・注意報（Ｒ０６）（高潮）", "VPWW57"),
    ("気象警報・注意報（Ｒ０６）（暴風）", "VPWW58"),
    ("気象警報・注意報（Ｒ０６）（波浪）", "VPWW59"),
    ("気象警報・注意報（Ｒ０６）（大雪）", "VPWW60"),
    ("気象警報・注意報（Ｒ０６）（その他注意報）", "VPWW61"),
    ("震度速報", "VXSE51"),
    ("震源に関する情報", "VXSE52"),
    ("震源・震度に関する情報", "VXSE53"),
)
WEATHER_TYPES = {"VPWW53", "VPWW54"} | {f"VPWW{n}" for n in range(55, 62)}
LEGACY_TYPES = {"VPWW53", "VPWW54"}
QUAKE_TYPES = {"VXSE51", "VXSE53"}
CLEARED = ("解除",)
NOTHING = "発表警報・注意報はなし"


def type_code_of(title: str, url: str = "") -> str:
    found = _URL_TYPE.search(url or "")
    if found:
        return found.group(1)
    for prefix, code in _TITLE_TYPES:
        if title.startswith(prefix):
            return code
    return ""


def parse_jma(
    root: etree._Element, *, city_code: str, url: str = "", quake_area_code: str = ""
) -> ParsedMessage:
    control, head = find(root, "Control"), find(root, "Head")
    if local(root) != "Report" or control is None or head is None:
        raise ParseError("not a JMA Report (Control and Head required)")
    title = text(control, "Title")
    status = text(control, "Status")
    if status not in ("通常", "訓練", "試験"):
        raise ParseError(f"unknown Control/Status {status!r}")
    report_time = when(text(head, "ReportDateTime"))
    if report_time is None:
        raise ParseError("Head/ReportDateTime missing or without offset")
    type_code = type_code_of(title, url)
    message = ParsedMessage(
        source="jma",
        type_code=type_code,
        title=text(head, "Title") or title,
        status=status,
        info_type=text(head, "InfoType"),
        report_datetime=report_time,
        event_id=text(head, "EventID"),
        office=text(control, "PublishingOffice"),
        headline=text(head, "Headline/Text"),
        legacy=type_code in LEGACY_TYPES,
        expires=when(text(head, "ValidDateTime")),
    )
    if message.info_type not in ("発表", "訂正", "取消"):
        raise ParseError(f"unknown Head/InfoType {message.info_type!r}")
    body = find(root, "Body")
    if body is None or message.info_type == "取消":
        return message
    if type_code in WEATHER_TYPES:
        _weather(body, message, city_code)
    elif type_code in QUAKE_TYPES:
        _quake(body, message, city_code, quake_area_code)
    return message


def _weather(body: etree._Element, message: ParsedMessage, city_code: str) -> None:
    for warning in findall(body, "Warning"):
        if warning.get("type") != MUNICIPAL_WARNING:
            continue
        for item in findall(warning, "Item"):
            code = text(item, "Area/Code")
            if code != city_code:
                message.other_areas += 1
                continue
            area_name = text(item, "Area/Name")
            for kind in findall(item, "Kind"):
                finding = _weather_kind(kind, code, area_name)
                if finding is not None:
                    message.findings.append(finding)


def _weather_kind(kind: etree._Element, area_code: str, area_name: str) -> Finding | None:
    name, code, status = text(kind, "Name"), text(kind, "Code"), text(kind, "Status")
    if status == NOTHING or (not name and not code):
        return None
    parsed = phenomena.kind_from(code, name)
    if parsed is None:  # 解除 (code 00): the cleared kind is the LastKind
        parsed = phenomena.kind_from(text(kind, "LastKind/Code"), text(kind, "LastKind/Name"))
        if parsed is None:
            return None
        status = "解除"
    phenomenon, level = parsed
    extra: dict = {"conditions": [c.text.strip() for c in findall(kind, "Condition") if c.text]}
    if status in CLEARED:
        extra["cleared_level"] = level
        level = Level.CLEAR
    significancy = text(kind, "Property/SignificancyPart/Base/Significancy/Code")
    alert_level = phenomena.SIGNIFICANCY_LEVEL.get(significancy) or phenomena.alert_level_of(name)
    return Finding(
        kind="weather",
        subject=phenomenon,
        level=level,
        status=status,
        area_code=area_code,
        area_name=area_name,
        kind_name=name or phenomena.kind_name(phenomenon, level),
        kind_code=code,
        alert_level=alert_level if level != Level.CLEAR else None,
        extra=extra,
    )


def _quake(body: etree._Element, message: ParsedMessage, city_code: str, area_code: str) -> None:
    hypocenter = text(body, "Earthquake/Hypocenter/Area/Name")
    magnitude = find(body, "Earthquake/Magnitude")
    message.extra["hypocenter"] = hypocenter
    message.extra["magnitude"] = (
        (magnitude.get("description") or magnitude.text or "").strip()
        if magnitude is not None
        else ""
    )
    message.extra["origin_time"] = text(body, "Earthquake/OriginTime")
    message.extra["comment"] = text(body, "Comments/ForecastComment/Text")
    subject = f"地震:{message.event_id}"
    for pref in findall(body, "Intensity/Observation/Pref"):
        for area in findall(pref, "Area"):
            cities = findall(area, "City")
            matched = False
            for city in cities:
                if text(city, "Code") == city_code:
                    matched = True
                    message.findings.append(
                        Finding(
                            kind="quake",
                            subject=subject,
                            level=text(city, "MaxInt"),
                            status="発表",
                            area_code=city_code,
                            area_name=text(city, "Name"),
                            kind_name="震度",
                        )
                    )
            if not cities and area_code and text(area, "Code") == area_code:
                matched = True  # VXSE51 lists areas only (震度速報)
                message.findings.append(
                    Finding(
                        kind="quake",
                        subject=subject,
                        level=text(area, "MaxInt"),
                        status="発表",
                        area_code=city_code,  # one state per quake for the city
                        area_name=text(area, "Name"),
                        kind_name="震度",
                    )
                )
            if not matched:
                message.other_areas += 1
