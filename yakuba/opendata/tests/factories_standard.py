"""Builders for the standard-dataset tests: the demo city's profile, town areas, and rows
of the staff-kept tables (made through the services)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from yakuba.core.testing import demo_municipality
from yakuba.opendata.services import places as place_services
from yakuba.residents.tests.factories import TownAreaFactory

_numbers = itertools.count(1)


def demo_city():
    """The demo city (武蔵村山市, 132233) and two of its town areas (a fixture body:
    ``yield from demo_city()``)."""
    with demo_municipality() as profile:
        TownAreaFactory()  # 本町一丁目 0004001
        TownAreaFactory(
            code="0012000",
            town_name="緑が丘",
            chome=None,
            name="緑が丘",
            name_kana="ミドリガオカ",
            postal_code="208-0012",
            sort_order=2,
        )
        yield profile


def evacuation_values(**overrides: Any) -> dict[str, Any]:
    number = next(_numbers)
    return {
        "name": f"市民運動公園{number}",
        "name_kana": "シミンウンドウコウエン",
        "address": "東京都武蔵村山市本町一丁目1番地の1",
        "latitude": Decimal("35.754830"),
        "longitude": Decimal("139.387360"),
        "phone": "042-565-1111",
        "earthquake": True,
        "large_fire": True,
        "capacity": 1200,
        **overrides,
    }


def aed_values(**overrides: Any) -> dict[str, Any]:
    number = next(_numbers)
    return {
        "name": f"市役所本庁舎{number}",
        "address": "東京都武蔵村山市本町一丁目1番地の1",
        "placement": "1階 正面玄関横",
        "latitude": Decimal("35.754830"),
        "longitude": Decimal("139.387360"),
        "has_pediatric_pads": True,
        **overrides,
    }


def add_evacuation_space(actor, **overrides: Any):
    return place_services.save_place(actor, "evacuation_space", evacuation_values(**overrides))


def add_aed(actor, **overrides: Any):
    return place_services.save_place(actor, "aed", aed_values(**overrides))
