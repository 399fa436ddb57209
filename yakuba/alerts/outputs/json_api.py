"""The JSON API's parameters and records (``/alerts/api/alerts.json``).

Parameters are checked here and every problem becomes a :class:`BadParameter` with a
Japanese and an English message (the API is read by programs of any language, so both
are always given), which the view answers with 400 — never a 500.

Pagination is by cursor: newest first on (``sent_at``, id); ``next_cursor`` names the
last record returned and the next page starts after it, so records sent meanwhile never
shift a page.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import QueryDict

from ..models import Alert
from . import common

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_AREA_CODE = re.compile(r"^[0-9]{7}$")
_CATEGORY_CODE = re.compile(r"^[-a-z0-9_]{1,32}$")


class BadParameter(ValueError):
    def __init__(self, parameter: str, message_ja: str, message_en: str) -> None:
        super().__init__(message_en)
        self.parameter = parameter
        self.message_ja = message_ja
        self.message_en = message_en

    def as_json(self) -> dict[str, Any]:
        return {
            "error": {
                "code": "invalid_parameter",
                "parameter": self.parameter,
                "message_ja": self.message_ja,
                "message_en": self.message_en,
            }
        }


@dataclass(frozen=True)
class ListParameters:
    category: str = ""
    area: str = ""
    since: datetime.datetime | None = None
    limit: int = DEFAULT_LIMIT
    cursor: tuple[datetime.datetime, int] | None = None


def parse_since(text: str) -> datetime.datetime:
    """ISO 8601 date or date-time; without an offset it is Japan time."""
    try:
        moment = datetime.datetime.fromisoformat(text.strip().replace(" ", "+"))
    except ValueError as error:
        raise BadParameter(
            "since",
            "since は ISO 8601 形式の日時で指定してください（例: 2026-12-01T09:00:00+09:00）。",
            "since must be an ISO 8601 date-time (e.g. 2026-12-01T09:00:00+09:00).",
        ) from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=common.TOKYO)
    return moment


def encode_cursor(alert: Alert) -> str:
    raw = json.dumps([common.sent_time(alert).isoformat(), alert.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str) -> tuple[datetime.datetime, int]:
    try:
        padded = text + "=" * (-len(text) % 4)
        stamp, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        moment = datetime.datetime.fromisoformat(stamp)
        if moment.tzinfo is None or not isinstance(pk, int):
            raise ValueError("cursor fields")
        return moment, pk
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as error:
        raise BadParameter(
            "cursor",
            "cursor が正しくありません。前の応答の next_cursor をそのまま指定してください。",
            "cursor is not valid; pass the next_cursor of the previous response unchanged.",
        ) from error


def parse_list_parameters(query: QueryDict) -> ListParameters:
    known = {"category", "area", "since", "limit", "cursor"}
    unknown = sorted(set(query) - known)
    if unknown:
        raise BadParameter(
            unknown[0],
            f"使えないパラメータです: {', '.join(unknown)}（使えるもの: {', '.join(sorted(known))}）",
            f"unknown parameter: {', '.join(unknown)} (known: {', '.join(sorted(known))})",
        )
    category = query.get("category", "").strip()
    if category and not _CATEGORY_CODE.match(category):
        raise BadParameter(
            "category",
            "category は配信分類のコード（例: bosai）で指定してください。",
            "category must be a category code (e.g. bosai).",
        )
    area = query.get("area", "").strip()
    if area and not _AREA_CODE.match(area):
        raise BadParameter(
            "area",
            "area は7桁の町字コードで指定してください。",
            "area must be a 7-digit town area code.",
        )
    limit_text = query.get("limit", "").strip() or str(DEFAULT_LIMIT)
    if not limit_text.isdigit() or not 1 <= int(limit_text) <= MAX_LIMIT:
        raise BadParameter(
            "limit",
            f"limit は1から{MAX_LIMIT}までの整数で指定してください。",
            f"limit must be a whole number from 1 to {MAX_LIMIT}.",
        )
    since_text = query.get("since", "").strip()
    cursor_text = query.get("cursor", "").strip()
    return ListParameters(
        category=category,
        area=area,
        since=parse_since(since_text) if since_text else None,
        limit=int(limit_text),
        cursor=decode_cursor(cursor_text) if cursor_text else None,
    )


def after_cursor(alerts: QuerySet[Alert], cursor: tuple[datetime.datetime, int]) -> QuerySet[Alert]:
    moment, pk = cursor
    return alerts.filter(Q(sent_at__lt=moment) | Q(sent_at=moment, pk__lt=pk))


def alert_record(alert: Alert, area_map: dict[str, str]) -> dict[str, Any]:
    """One alert as the API gives it (all languages; times in Japan time with offset)."""
    languages = alert.languages
    category = alert.category
    return {
        "id": alert.pk,
        "identifier": alert.identifier,
        "status": alert.cap_status,
        "msg_type": alert.msg_type,
        "references": (
            {
                "id": alert.references.pk,
                "identifier": alert.references.identifier,
            }
            if alert.references_id
            else None
        ),
        "category": {
            "code": category.code,
            "name": category.name_ja,
            "names": {"ja": category.name_ja, "en": category.name_en, "easy": category.name_easy},
        },
        "event": alert.event,
        "severity": alert.severity,
        "urgency": alert.urgency,
        "certainty": alert.certainty,
        "languages": languages,
        "titles": {language: alert.title_in(language) for language in languages},
        "bodies": {language: alert.body_in(language) for language in languages},
        "whole_city": alert.whole_city,
        "areas": [{"code": code, "name": area_map.get(code, code)} for code in alert.area_codes],
        "sent": common.timestamp(common.sent_time(alert)),
        "expires": common.timestamp(alert.expires_at) if alert.expires_at else None,
        "url": common.page_url(alert),
        "cap_url": common.cap_url(alert),
    }
