"""Fixtures shared by the registration tests (imported by test_registration_* and
test_group_*): 文化振興課 staff in each role, and a citizen linked to the registry."""

from __future__ import annotations

import pytest


@pytest.fixture
def bunka(db):
    from yakuba.identity.tests.factories import OrgUnitFactory

    return OrgUnitFactory(code="bunka", name="文化振興課", name_en="Culture Division")


def _staff(unit, role, email):
    from yakuba.identity.tests.factories import AssignmentFactory

    return AssignmentFactory(org_unit=unit, role=role, user__email=email).user


@pytest.fixture
def facility_viewer(bunka):
    return _staff(bunka, "viewer", "viewer.bunka@city.example.lg.jp")


@pytest.fixture
def facility_operator(bunka):
    return _staff(bunka, "operator", "operator.bunka@city.example.lg.jp")


@pytest.fixture
def facility_approver(bunka):
    return _staff(bunka, "approver", "approver.bunka@city.example.lg.jp")


@pytest.fixture
def linked_citizen(db):
    """A citizen whose account is linked to a current resident (山田 太郎, 本町一丁目)."""
    from yakuba.identity.tests.factories import CitizenFactory
    from yakuba.residents.services import link_citizen
    from yakuba.residents.tests.factories import PersonFactory

    person = PersonFactory(resident_code="31111111111")
    user = CitizenFactory(email="taro@example.jp", display_name="山田 太郎")
    link_citizen(user, person.resident_code, method="demo")
    return user


@pytest.fixture
def moved_out_citizen(db):
    """A citizen linked to a resident record that was removed (転出, 除票)."""
    import datetime

    from yakuba.identity.tests.factories import CitizenFactory
    from yakuba.residents.services import link_citizen
    from yakuba.residents.tests.factories import PersonFactory

    person = PersonFactory(
        resident_code="31111111112",
        given_name="次郎",
        given_name_kana="ジロウ",
        status="removed",
        removed_on=datetime.date(2024, 1, 1),
    )
    user = CitizenFactory(email="jiro@example.jp", display_name="山田 次郎")
    link_citizen(user, person.resident_code, method="demo")
    return user


APPLICATION = {
    "name": "村山 花子",
    "name_kana": "むらやま はなこ",
    "postal_code": "２０８０００４",
    "address": "東京都立川市柴崎町三丁目8番地の2",
    "phone": "０４２５６５１１１１",
    "email": "",
    "is_resident": True,
}
