"""The city's facts every file repeats, and the value formats of the standard
(STANDARDS.md 1.3): codes, decimal degrees, ``hh:mm``, dates, ``;``-separated lists,
``1``/empty flags, ``有``/``無``."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import jaconv
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from yakuba.core.services import get_municipality

#: 曜日 as the standard writes them (ISO weekday 1 = Monday … 7 = Sunday).
WEEKDAY_NAMES = {1: "月", 2: "火", 3: "水", 4: "木", 5: "金", 6: "土", 7: "日"}
#: Half-width ``;`` separates several values in one cell.
LIST_SEPARATOR = ";"


class MunicipalityNotSet(RuntimeError):
    """The municipality profile is missing: the files need the city's code and name."""


@dataclass(frozen=True)
class City:
    code: str  # 6-digit 全国地方公共団体コード
    name: str  # 武蔵村山市
    prefecture: str  # 東京都
    phone: str
    website: str

    @property
    def full_name(self) -> str:
        """地方公共団体名 as the files write it: prefecture and city (東京都武蔵村山市)."""
        return f"{self.prefecture}{self.name}"

    @property
    def corporate_number(self) -> str:
        """The city's 法人番号: check digit + ``000020`` + the 6-digit code
        (国税庁の方式; 武蔵村山市 = 3000020132233)."""
        base = "000020" + self.code
        total = sum(
            int(digit) * (1 if position % 2 else 2)
            for position, digit in enumerate(reversed(base), start=1)
        )
        return f"{9 - total % 9}{base}"


def current_city() -> City:
    profile = get_municipality()
    if profile is None:
        raise MunicipalityNotSet(
            _(
                "自治体情報（全国地方公共団体コードなど）が設定されていません。先に設定してください。"
            )
        )
    return City(
        code=profile.code,
        name=profile.name,
        prefecture=profile.prefecture,
        phone=profile.phone,
        website=profile.website,
    )


def site_url(path: str) -> str:
    return settings.YAKUBA_SITE_URL + path


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def tidy_text(value: str) -> str:
    """Text as staff wrote it, tidied: full-width digits → half-width, half-width katakana
    → full-width (voiced marks composed), spaces collapsed.  Other full-width characters
    (（）「」ＡＢＣ) are kept: names and addresses keep their spelling."""
    value = jaconv.h2z(
        (value or "").translate(_FULL_WIDTH_DIGITS), kana=True, ascii=False, digit=False
    )
    return " ".join(value.replace("\u3000", " ").split())


def text(value: Any) -> str:
    """A cell: ``None`` → empty; line breaks become spaces (a cell stays on one line)."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def degrees(value: Decimal | float | str | None) -> str:
    """Decimal degrees without exponent or trailing noise (``35.754200``)."""
    if value is None or value == "":
        return ""
    return f"{Decimal(str(value)):f}"


def clock(value: datetime.time | datetime.datetime | None) -> str:
    """``hh:mm`` (local time for a moment)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).time()
    return f"{value.hour:02d}:{value.minute:02d}"


def day(value: datetime.date | datetime.datetime | None) -> str:
    """``YYYY-MM-DD`` (local date for a moment)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.isoformat()


def weekdays(open_days: Iterable[int]) -> str:
    """``月;火;水;木;金`` for ISO weekday numbers."""
    return LIST_SEPARATOR.join(WEEKDAY_NAMES[number] for number in sorted(set(open_days)))


def flag(value: bool) -> str:
    return "1" if value else ""


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return "有" if value else "無"


def number(value: int | None) -> str:
    return "" if value is None else str(value)


_TOP_LEVEL_SPLIT = re.compile(r"[;；\n。]")
_OPENING = "（(「『【［["
_CLOSING = "）)」』】］]"


def list_items(value: str) -> list[str]:
    """Items of a prose list: split at line breaks, 。, ; and at 、 outside brackets
    (「車いす用の客席（大ホール8席、小ホール4席）、エレベーター。」 → two items)."""
    items: list[str] = []
    for part in _TOP_LEVEL_SPLIT.split(value or ""):
        depth, current = 0, []
        for character in part:
            if character in _OPENING:
                depth += 1
            elif character in _CLOSING:
                depth = max(depth - 1, 0)
            if character == "、" and depth == 0:
                items.append("".join(current))
                current = []
            else:
                current.append(character)
        items.append("".join(current))
    return [item.strip() for item in (" ".join(i.split()) for i in items) if item.strip()]


def joined(items: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(item.replace(LIST_SEPARATOR, ",") for item in items if item)
