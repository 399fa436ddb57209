"""指定緊急避難場所一覧 (evacuation_space) and AED設置箇所一覧 (aed) from the staff-kept
tables (:class:`~yakuba.opendata.models.EvacuationSpace`,
:class:`~yakuba.opendata.models.AedLocation`), one row per record in ID order."""

from __future__ import annotations

import re

from ..models import HAZARD_FIELDS, AedLocation, EvacuationSpace
from .address import AddressSplitter
from .columns import AED_COLUMNS, EVACUATION_SPACE_COLUMNS
from .table import Table
from .values import City, clock, degrees, flag, joined, text, yes_no


def _associations(value: str) -> str:
    """``;``-separated (staff may have typed 、 or , between the names)."""
    return joined(part.strip() for part in re.split(r"[;；、,，\n]", value or ""))


def build_evacuation_spaces(city: City) -> Table:
    table = Table(EVACUATION_SPACE_COLUMNS)
    splitter = AddressSplitter(city)
    for place in EvacuationSpace.objects.order_by("identifier"):
        values = {
            "全国地方公共団体コード": city.code,
            "ID": place.identifier,
            "名称": text(place.name),
            "名称_カナ": text(place.name_kana),
            "名称_英字": text(place.name_en),
            **splitter.split(place.address).values(text(place.building)),
            "緯度": degrees(place.latitude),
            "経度": degrees(place.longitude),
            "標高": degrees(place.elevation),
            "電話番号": text(place.phone),
            "内線番号": text(place.extension),
            "連絡先メールアドレス": place.email,
            "連絡先FormURL": place.form_url,
            "連絡先備考（その他、SNSなど）": text(place.contact_note),
            "郵便番号": place.postal_code,
            "市区町村コード": city.code,
            "地方公共団体名": city.full_name,
            **{column: flag(getattr(place, field)) for field, column in HAZARD_FIELDS},
            "指定避難所との重複": flag(place.is_designated_shelter),
            "想定収容人数": "" if place.capacity is None else str(place.capacity),
            "対象となる町会・自治会": _associations(place.neighbourhood_associations),
            "URL": place.url,
            "画像": place.image,
            "画像_ライセンス": text(place.image_license),
            "備考": text(place.note),
        }
        table.add(values, identifier=place.identifier, name=place.name)
    return table


def build_aeds(city: City) -> Table:
    table = Table(AED_COLUMNS)
    splitter = AddressSplitter(city)
    for place in AedLocation.objects.order_by("identifier"):
        values = {
            "全国地方公共団体コード": city.code,
            "ID": place.identifier,
            "地方公共団体名": city.full_name,
            "名称": text(place.name),
            "名称_カナ": text(place.name_kana),
            "名称_英語": text(place.name_en),
            **splitter.split(place.address).values(text(place.building)),
            "緯度": degrees(place.latitude),
            "経度": degrees(place.longitude),
            "設置位置": text(place.placement),
            "電話番号": text(place.phone),
            "内線番号": text(place.extension),
            "法人番号": place.corporate_number,
            "団体名": text(place.organisation_name),
            "利用可能曜日": text(place.available_days),
            "開始時間": clock(place.opens_at),
            "終了時間": clock(place.closes_at),
            "利用可能日時特記事項": text(place.availability_note),
            "小児対応設備の有無": yes_no(place.has_pediatric_pads),
            "URL": place.url,
            "画像": place.image,
            "画像_ライセンス": text(place.image_license),
            "備考": text(place.note),
        }
        table.add(values, identifier=place.identifier, name=place.name)
    return table
