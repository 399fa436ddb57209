"""Test helpers every module's tests share."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache import cache

from .services import save_municipality

#: The demo city's profile as tests use it.
DEMO_CITY: dict[str, str] = {
    "code": "132233",
    "name": "武蔵村山市",
    "name_kana": "むさしむらやまし",
    "name_en": "Musashimurayama City",
    "prefecture": "東京都",
    "postal_code": "208-8501",
    "address": "東京都武蔵村山市本町一丁目1番地の1",
    "phone": "042-565-1111",
}


@contextmanager
def demo_municipality(**overrides: Any) -> Iterator[Any]:
    """Save the demo city's profile (with ``overrides``); no stale cached copy before or after."""
    cache.clear()
    try:
        yield save_municipality(**{**DEMO_CITY, **overrides})
    finally:
        cache.clear()
