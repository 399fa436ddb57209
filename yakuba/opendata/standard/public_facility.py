"""公共施設一覧 (public_facility) from the facilities module's public catalogue: one row per
active facility, ``ID`` = the facility code."""

from __future__ import annotations

from django.utils.translation import gettext as _

from yakuba.core.japanese import hiragana_to_katakana, normalize_width
from yakuba.facilities.queries import catalogue as facility_catalogue

from .address import AddressSplitter
from .columns import PUBLIC_FACILITY_COLUMNS
from .table import Table
from .values import (
    WEEKDAY_NAMES,
    City,
    clock,
    degrees,
    joined,
    list_items,
    site_url,
    text,
    weekdays,
)

#: The facility page on the citizen site (``portal:facilities:facility_detail``; written
#: out for the reason given in :mod:`yakuba.opendata.serialize`).
FACILITY_PATH = "/facilities/{code}/"


def kana(value: str) -> str:
    """Full-width katakana as 名称_カナ wants it."""
    return hiragana_to_katakana(normalize_width(value or "")).strip()


def closed_days_note(closed: list[int]) -> str:
    if not closed:
        return ""
    names = "・".join(WEEKDAY_NAMES[day] for day in sorted(set(closed)) if day in WEEKDAY_NAMES)
    return _(
        "毎週%(days)s曜日は休館（祝日も休館）。臨時の休館日は施設の案内ページをご覧ください。"
    ) % {"days": names}


def build(city: City) -> Table:
    table = Table(PUBLIC_FACILITY_COLUMNS)
    splitter = AddressSplitter(city)
    facilities = sorted(facility_catalogue.catalogue_facilities(), key=lambda f: f.code)
    for facility in facilities:
        closed = [day for day in (facility.closed_weekdays or []) if day in WEEKDAY_NAMES]
        address = splitter.split(facility.address)
        values = {
            "全国地方公共団体コード": city.code,
            "ID": facility.code,
            "地方公共団体名": city.full_name,
            "名称": text(facility.name),
            "名称_カナ": kana(facility.name_kana),
            "名称_英語": text(facility.name_en),
            **address.values(),
            "緯度": degrees(facility.latitude),
            "経度": degrees(facility.longitude),
            "電話番号": text(facility.phone),
            "法人番号": city.corporate_number,
            "団体名": city.name,
            "利用可能曜日": weekdays(set(WEEKDAY_NAMES) - set(closed)),
            "開始時間": clock(facility.opens_at),
            "終了時間": clock(facility.closes_at),
            "利用可能日時特記事項": closed_days_note(closed),
            "説明": text(facility.description),
            "バリアフリー情報": joined(list_items(facility.accessibility)),
            "URL": site_url(FACILITY_PATH.format(code=facility.code)),
        }
        table.add(values, identifier=facility.code, name=facility.name)
    return table
