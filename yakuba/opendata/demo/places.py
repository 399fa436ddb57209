"""The demo city's staff-kept tables behind two standard datasets: 指定緊急避難場所 and AED.

Plausible sites (school grounds, parks, the city's halls), not the city's official
designation.  Written through ``services.places.save_place`` by 防災安全課 (the datasets'
publisher), identified by fixed IDs so a second load changes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ..models import AedLocation, EvacuationSpace
from ..services import places as place_services

CITY = "東京都武蔵村山市"
PHONE = "042-565-1111"

#: (ID, name, kana, address, latitude, longitude, hazards, also a 指定避難所, capacity,
#: 町会・自治会).
EVACUATION_SPACES: tuple[tuple[Any, ...], ...] = (
    ("E00001", "市立第一小学校 校庭", "シリツダイイチショウガッコウ コウテイ", "本町三丁目1番地", "35.755900", "139.383100", ("earthquake", "large_fire"), True, 1800, "本町一丁目自治会;本町二丁目自治会"),
    ("E00002", "市立第二小学校 校庭", "シリツダイニショウガッコウ コウテイ", "学園二丁目8番地", "35.748600", "139.390400", ("earthquake", "large_fire", "flood"), True, 1600, "学園自治会"),
    ("E00003", "市立第三小学校 校庭", "シリツダイサンショウガッコウ コウテイ", "大南一丁目20番地", "35.742300", "139.396500", ("earthquake", "large_fire"), True, 1700, "大南第一自治会;大南第二自治会"),
    ("E00004", "大南公園", "オオミナミコウエン", "大南三丁目10番地", "35.740200", "139.396000", ("earthquake", "large_fire"), False, 5200, "大南第三自治会"),
    ("E00005", "緑が丘中央公園", "ミドリガオカチュウオウコウエン", "緑が丘1460番地", "35.743300", "139.409800", ("earthquake", "large_fire", "inland_flood"), False, 3800, "緑が丘自治会"),
    ("E00006", "市民総合体育館", "シミンソウゴウタイイクカン", "本町五丁目2番地", "35.760100", "139.386700", ("earthquake", "flood", "inland_flood"), True, 900, "本町三丁目自治会"),
    ("E00007", "野山北・六道山公園 岸田んぼ広場", "ノヤマキタロクドウヤマコウエン キシタンボヒロバ", "岸三丁目地内", "35.766200", "139.367900", ("earthquake", "large_fire"), False, 6000, "岸自治会;三ツ木自治会"),
    ("E00008", "市立第四中学校 校庭", "シリツダイヨンチュウガッコウ コウテイ", "中藤一丁目45番地", "35.760800", "139.398600", ("earthquake", "large_fire"), True, 2000, "中藤自治会;神明自治会"),
)  # fmt: skip

#: (ID, name, kana, address, building, placement, latitude, longitude, days, opens, closes,
#: pediatric pads).
AEDS: tuple[tuple[Any, ...], ...] = (
    ("A00001", "武蔵村山市役所", "ムサシムラヤマシヤクショ", "本町一丁目1番地の1", "", "1階 正面玄関横", "35.754830", "139.387360", "月;火;水;木;金", "08:30", "17:15", True),
    ("A00002", "市民会館（さくらホール）", "シミンカイカン", "学園四丁目5番地の1", "", "1階 受付前", "35.753620", "139.386100", "月;火;水;木;金;土;日", "09:00", "22:00", True),
    ("A00003", "市民総合体育館", "シミンソウゴウタイイクカン", "本町五丁目2番地", "", "1階 事務室前", "35.760100", "139.386700", "火;水;木;金;土;日", "09:00", "21:00", True),
    ("A00004", "中央図書館", "チュウオウトショカン", "本町一丁目2番地", "", "1階 カウンター横", "35.755300", "139.388300", "火;水;木;金;土;日", "09:30", "19:00", False),
    ("A00005", "緑が丘ふれあいセンター", "ミドリガオカフレアイセンター", "緑が丘1460番地", "12号棟 1階", "入口ホール", "35.743900", "139.408500", "月;火;水;木;金;土", "09:00", "21:00", None),
    ("A00006", "市立第一小学校", "シリツダイイチショウガッコウ", "本町三丁目1番地", "", "体育館 入口", "35.755900", "139.383100", "月;火;水;木;金", "08:00", "17:00", True),
    ("A00007", "大南公園 管理棟", "オオミナミコウエン カンリトウ", "大南三丁目10番地", "", "管理棟 外壁（屋外）", "35.740200", "139.396000", "月;火;水;木;金;土;日", "", "", False),
)  # fmt: skip


def _time(text: str) -> datetime.time | None:
    return datetime.time.fromisoformat(text) if text else None


def load_demo_places(actor: Any) -> int:
    """The demo's evacuation spaces and AEDs not there yet; returns how many were added."""
    added = 0
    known = set(EvacuationSpace.objects.values_list("identifier", flat=True))
    for (
        identifier,
        name,
        kana,
        address,
        lat,
        lon,
        hazards,
        shelter,
        capacity,
        groups,
    ) in EVACUATION_SPACES:
        if identifier in known:
            continue
        place_services.save_place(
            actor,
            "evacuation_space",
            {
                "identifier": identifier,
                "name": name,
                "name_kana": kana,
                "address": CITY + address,
                "latitude": Decimal(lat),
                "longitude": Decimal(lon),
                "phone": PHONE,
                "is_designated_shelter": shelter,
                "capacity": capacity,
                "neighbourhood_associations": groups,
                **{hazard: True for hazard in hazards},
            },
        )
        added += 1
    known = set(AedLocation.objects.values_list("identifier", flat=True))
    for row in AEDS:
        identifier, name, kana, address, building, placement, lat, lon = row[:8]
        days, opens, closes, pediatric = row[8:]
        if identifier in known:
            continue
        place_services.save_place(
            actor,
            "aed",
            {
                "identifier": identifier,
                "name": name,
                "name_kana": kana,
                "address": CITY + address,
                "building": building,
                "placement": placement,
                "latitude": Decimal(lat),
                "longitude": Decimal(lon),
                "phone": PHONE,
                "available_days": days,
                "opens_at": _time(opens),
                "closes_at": _time(closes),
                "has_pediatric_pads": pediatric,
            },
        )
        added += 1
    return added
