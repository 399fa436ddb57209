import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The municipality profile is cached; each test starts from its own database state."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def var_dir(settings, tmp_path):
    """Keep demo-logins.txt out of the real var/."""
    settings.VAR_DIR = tmp_path
    return tmp_path
