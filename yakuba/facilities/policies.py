"""Who may do what in the facilities module.

文化振興課 (``bunka``) runs the facilities and the courses in the demo city; a city can
add departments (a sports division for the gyms and grounds) with
``FACILITY_DEPARTMENTS``.  Roles, from least to most:

viewer     see bookings, registrations, usage sheets and statistics;
operator   counter and phone bookings on behalf of residents, payments at the counter,
           counter registrations, course applications and attendance;
approver   approve registrations, groups and usage (使用許可), run the lottery draw,
           recurring reservations and blackouts;
admin      edit facilities, rooms, frames, closures, equipment and fee schedules.
"""

from __future__ import annotations

from typing import Any

from yakuba.identity.permissions import Grant, has_role

FACILITY_DEPARTMENTS: tuple[str, ...] = ("bunka",)

VIEW_GRANTS: tuple[Grant, ...] = tuple((code, "viewer") for code in FACILITY_DEPARTMENTS)
OPERATE_GRANTS: tuple[Grant, ...] = tuple((code, "operator") for code in FACILITY_DEPARTMENTS)
APPROVE_GRANTS: tuple[Grant, ...] = tuple((code, "approver") for code in FACILITY_DEPARTMENTS)
ADMIN_GRANTS: tuple[Grant, ...] = tuple((code, "admin") for code in FACILITY_DEPARTMENTS)


def may_view(user: Any) -> bool:
    return has_role(user, VIEW_GRANTS)


def may_operate(user: Any) -> bool:
    return has_role(user, OPERATE_GRANTS)


def may_approve(user: Any) -> bool:
    return has_role(user, APPROVE_GRANTS)


def may_administer(user: Any) -> bool:
    return has_role(user, ADMIN_GRANTS)
