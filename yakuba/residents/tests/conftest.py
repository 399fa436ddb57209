import datetime

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The municipality profile is cached; each test starts from its own database state."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def viewer_a(unit_a):
    """A 市民課 member with the viewer role only (may read, may not record)."""
    from yakuba.identity.tests.factories import AssignmentFactory

    return AssignmentFactory(
        org_unit=unit_a, role="viewer", user__email="viewer.a@city.example.lg.jp"
    ).user


@pytest.fixture
def yamada_family(db):
    """山田 太郎 (head, 1970-03-01), 花子 (wife, 1972-05-05), 一郎 (child, 2005-06-10),
    living in 本町一丁目 since 2000-04-01 (一郎 since birth)."""
    from .factories import PersonFactory

    moved_in = datetime.date(2000, 4, 1)
    head = PersonFactory(
        resident_code="11111111111",
        became_resident_on=moved_in,
        address_set_on=moved_in,
        previous_address="東京都立川市柴崎町三丁目8番地の2",
    )
    wife = PersonFactory(
        resident_code="11111111112",
        household=head.household,
        relationship="wife",
        sex="female",
        given_name="花子",
        given_name_kana="ハナコ",
        birth_date=datetime.date(1972, 5, 5),
        became_resident_on=moved_in,
        address_set_on=moved_in,
    )
    child = PersonFactory(
        resident_code="11111111113",
        household=head.household,
        relationship="child",
        given_name="一郎",
        given_name_kana="イチロウ",
        birth_date=datetime.date(2005, 6, 10),
    )
    return head, wife, child
