import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The municipality profile is cached; each test starts from its own database state."""
    cache.clear()
    yield
    cache.clear()
