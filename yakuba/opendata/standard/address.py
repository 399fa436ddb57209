"""Splitting an address into the standard's ``所在地_*`` parts.

``東京都武蔵村山市本町一丁目17番地の1`` → 所在地_都道府県 東京都, 所在地_市区町村 武蔵村山市,
所在地_町字 本町一丁目, 所在地_番地以下 17番地の1, 町字ID 0004001 (the register's 町字コード,
the アドレス・ベース・レジストリ form), 所在地_全国地方公共団体コード 132233.

The town area is recognised from the residents module's list of 町丁目 (reference data):
written as registered (本町一丁目), with Arabic digits (本町1丁目), in the dash form
(本町1-17-1 → 番地以下 17-1), or without a leading 大字.  An address missing the
prefecture or the city gets them prepended in 所在地_連結表記; an address in another
municipality keeps only 所在地_連結表記 (the parts are left empty rather than guessed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from yakuba.core.japanese import normalize_width
from yakuba.residents import queries as residents_queries

from .values import City

#: The 所在地 block of the standard, in column order.
ADDRESS_COLUMNS = (
    "所在地_全国地方公共団体コード",
    "町字ID",
    "所在地_連結表記",
    "所在地_都道府県",
    "所在地_市区町村",
    "所在地_町字",
    "所在地_番地以下",
    "建物名等(方書)",
)


@dataclass(frozen=True)
class AddressParts:
    full: str = ""  # 所在地_連結表記
    code: str = ""  # 所在地_全国地方公共団体コード
    town_id: str = ""  # 町字ID
    prefecture: str = ""
    city: str = ""
    town: str = ""
    rest: str = ""  # 所在地_番地以下

    def cells(self, building: str = "") -> list[str]:
        """The address block in column order (ending with 建物名等(方書))."""
        return [
            self.code,
            self.town_id,
            self.full,
            self.prefecture,
            self.city,
            self.town,
            self.rest,
            building,
        ]

    def values(self, building: str = "") -> dict[str, str]:
        """The address block by column name."""
        return dict(zip(ADDRESS_COLUMNS, self.cells(building), strict=True))


@dataclass(frozen=True)
class _Area:
    code: str
    name: str
    town_name: str
    chome: int | None


def _areas() -> tuple[_Area, ...]:
    return tuple(
        _Area(area.code, area.name, area.town_name, area.chome)
        for area in residents_queries.town_areas()
    )


@lru_cache(maxsize=8)
def _variants(areas: tuple[_Area, ...]) -> tuple[tuple[str, _Area], ...]:
    """Every written form of each area, longest first."""
    forms: list[tuple[str, _Area]] = []
    for area in areas:
        names = {area.name, area.name.removeprefix("大字")}
        if area.chome:
            for town in {area.town_name, area.town_name.removeprefix("大字")}:
                names.add(f"{town}{area.chome}丁目")
        forms.extend((normalize_width(name), area) for name in names if name)
    return tuple(sorted(forms, key=lambda item: -len(item[0])))


def _match_town(rest: str, areas: tuple[_Area, ...]) -> tuple[_Area | None, str, str]:
    """(area, as written, what follows) for the longest town form ``rest`` starts with."""
    for written, area in _variants(areas):
        if rest.startswith(written):
            return area, written, rest[len(written) :]
    dash = re.match(r"^(\D+?)(\d+)-(.*)$", rest)
    if dash:
        town, chome, after = dash.groups()
        for area in areas:
            if area.chome == int(chome) and town in (
                area.town_name,
                area.town_name.removeprefix("大字"),
            ):
                return area, f"{town}{chome}-", after
    return None, "", rest


class AddressSplitter:
    """Splits addresses of one city (the town areas are read once)."""

    def __init__(self, city: City) -> None:
        self.city = city
        self.areas = _areas()

    def split(self, address: str) -> AddressParts:
        city = self.city
        value = " ".join(normalize_width(address or "").split())
        if not value:
            return AddressParts()
        rest = value
        if rest.startswith(city.prefecture):
            rest = rest[len(city.prefecture) :]
        elif re.match(r"^.{2,3}?[都道府県]", rest) and not rest.startswith(city.name):
            return AddressParts(full=value)  # another prefecture
        if rest.startswith(city.name):
            rest = rest[len(city.name) :]
        elif re.match(r"^.+?[市区町村]", rest) and _match_town(rest, self.areas)[0] is None:
            return AddressParts(full=value)  # another municipality
        rest = rest.lstrip()
        area, _written, after = _match_town(rest, self.areas)
        full = f"{city.prefecture}{city.name}{rest}"
        if area is None:
            return AddressParts(
                full=full, code=city.code, prefecture=city.prefecture, city=city.name, rest=rest
            )
        return AddressParts(
            full=full,
            code=city.code,
            town_id=area.code,
            prefecture=city.prefecture,
            city=city.name,
            town=area.name,
            rest=after.strip(),
        )
