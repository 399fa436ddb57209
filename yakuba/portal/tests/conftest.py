from __future__ import annotations

import pytest
from django.core.cache import cache

from yakuba.core.services import save_municipality


@pytest.fixture
def municipality(db):
    """The demo city's profile (and no stale cached copy afterwards)."""
    cache.clear()
    profile = save_municipality(
        code="132233",
        name="武蔵村山市",
        name_kana="むさしむらやまし",
        name_en="Musashimurayama City",
        prefecture="東京都",
        postal_code="208-8501",
        address="東京都武蔵村山市本町一丁目1番地の1",
        phone="042-565-1111",
    )
    yield profile
    cache.clear()
