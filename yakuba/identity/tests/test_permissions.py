import datetime

import pytest

from yakuba.identity import permissions
from yakuba.identity.services import assign_staff, merge_org_units, rename_org_unit


@pytest.mark.django_db
def test_clerk_has_role_only_in_own_department(clerk_a, clerk_b):
    assert permissions.has_role(clerk_a, [("shimin", "viewer")])
    assert permissions.has_role(clerk_a, [("shimin", "operator")])
    assert not permissions.has_role(clerk_a, [("shimin", "approver")])
    assert not permissions.has_role(clerk_a, [("kazei", "viewer")])
    assert permissions.has_role(clerk_b, [("kazei", "viewer")])


@pytest.mark.django_db
def test_system_admin_gets_no_department_role_by_default(system_admin):
    assert permissions.is_system_admin(system_admin)
    assert not permissions.has_role(system_admin, [("shimin", "viewer")])


@pytest.mark.django_db
def test_citizen_has_no_staff_role(citizen):
    assert not permissions.is_staff(citizen)
    assert not permissions.has_role(citizen, [("shimin", "viewer")])


@pytest.mark.django_db
def test_rename_keeps_history_and_moves_staff(clerk_a, unit_a):
    renamed = rename_org_unit(
        unit_a,
        new_name="市民窓口課",
        new_name_en="Citizen Services",
        effective=datetime.date(2027, 4, 1),
    )

    clerk_a.__dict__.pop("_yakuba_roles", None)
    before = permissions.active_roles(clerk_a, datetime.date(2027, 3, 31))
    after = permissions.active_roles(clerk_a, datetime.date(2027, 4, 1))
    assert [r.org_unit_name for r in before] == ["市民課"]
    assert [r.org_unit_name for r in after] == ["市民窓口課"]
    assert list(renamed.predecessors.all()) == [unit_a]


@pytest.mark.django_db
def test_merge_carries_roles_into_the_new_unit(clerk_a, clerk_b, unit_a, unit_b):
    merged = merge_org_units(
        [unit_a, unit_b],
        code="shimin-zei",
        name="市民税務課",
        name_en="Citizen and Tax",
        effective=datetime.date(2027, 4, 1),
    )

    assert permissions.has_role(clerk_b, [("shimin-zei", "operator")], on=datetime.date(2027, 4, 1))
    assert not permissions.has_role(clerk_b, [("kazei", "viewer")], on=datetime.date(2027, 4, 2))
    assert permissions.has_role(clerk_b, [("kazei", "viewer")], on=datetime.date(2027, 3, 31))
    assert set(merged.predecessors.all()) == {unit_a, unit_b}


@pytest.mark.django_db
def test_assignment_refuses_citizen(citizen, unit_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        assign_staff(citizen, unit_a, "viewer", valid_from=datetime.date(2026, 4, 1))
