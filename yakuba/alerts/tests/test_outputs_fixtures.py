"""Fixtures shared by the outputs tests (imported by each ``test_outputs_*`` module).

``no_delivery`` replaces the delivery engine's entry point: the public outputs do not
depend on fan-out, which has its own tests.  ``city``: the demo municipality profile,
with no stale cached copy.
"""

from __future__ import annotations

import pytest

from yakuba.core.testing import demo_municipality


@pytest.fixture
def no_delivery(monkeypatch):
    started: list[int] = []
    monkeypatch.setattr("yakuba.alerts.delivery.start", started.append)
    return started


@pytest.fixture
def city(db):
    with demo_municipality(website="https://www.city.musashimurayama.lg.jp/") as profile:
        yield profile
