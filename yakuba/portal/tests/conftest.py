from __future__ import annotations

import pytest

from yakuba.core.testing import demo_municipality


@pytest.fixture
def municipality(db):
    """The demo city's profile (and no stale cached copy afterwards)."""
    with demo_municipality() as profile:
        yield profile
