import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def areas(db):
    from yakuba.residents.tests.factories import TownAreaFactory

    return [
        TownAreaFactory(),
        TownAreaFactory(code="0004002", chome=2, name="本町二丁目", name_kana="ホンマチニチョウメ"),
        TownAreaFactory(
            code="0012000",
            town_name="緑が丘",
            chome=None,
            name="緑が丘",
            name_kana="ミドリガオカ",
            postal_code="208-0012",
        ),
    ]


@pytest.fixture
def admin_a(unit_a):
    """市民課 所属管理者: may import, export and run the sync."""
    from yakuba.identity.tests.factories import AssignmentFactory

    return AssignmentFactory(
        org_unit=unit_a, role="admin", user__email="admin.a@city.example.lg.jp"
    ).user


@pytest.fixture
def viewer_a(unit_a):
    from yakuba.identity.tests.factories import AssignmentFactory

    return AssignmentFactory(
        org_unit=unit_a, role="viewer", user__email="viewer.a@city.example.lg.jp"
    ).user
