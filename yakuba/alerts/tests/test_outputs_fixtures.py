"""Fixtures shared by the outputs tests (imported by each ``test_outputs_*`` module).

``no_delivery`` replaces the delivery engine's entry point: the public outputs do not
depend on fan-out, which has its own tests.  ``city``: the demo municipality profile,
with no stale cached copy.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from yakuba.core.services import save_municipality


@pytest.fixture
def no_delivery(monkeypatch):
    started: list[int] = []
    monkeypatch.setattr("yakuba.alerts.delivery.start", started.append)
    return started


@pytest.fixture
def city(db):
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
        website="https://www.city.musashimurayama.lg.jp/",
    )
    yield profile
    cache.clear()
