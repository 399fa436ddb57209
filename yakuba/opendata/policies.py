"""Who may do what in the open data catalogue.

Public datasets (state ``active``, not private) are open to everyone, signed in or not.
Staff act on a publisher's datasets through their role in the publisher's department
(``Organization.department_code``):

viewer     see the department's private and draft datasets;
operator   create, edit, patch and delete its datasets and resources (pages and API);
admin      the same (the department's 情報化担当).

The catalogue itself (publishers, categories, the standard datasets' staff-kept tables
such as 指定緊急避難場所 and AED) is run by admins of ``CATALOGUE_DEPARTMENTS`` (文書情報課),
who may also edit every publisher's datasets.  Any staff member may hold API tokens; a
token can do what its owner can do, nothing more.  Nothing in this module is personal data
about residents: the published files are aggregated or about places.
"""

from __future__ import annotations

from typing import Any

from yakuba.identity.models import ROLE_RANK, Role
from yakuba.identity.permissions import active_roles, has_role, is_staff

CATALOGUE_DEPARTMENTS: tuple[str, ...] = ("bunsho",)


def departments_for(user: Any, minimum: str = "viewer") -> set[str]:
    """Department codes in which ``user`` holds at least ``minimum`` today."""
    if not is_staff(user):
        return set()
    need = ROLE_RANK[Role(minimum)]
    return {r.org_unit_code for r in active_roles(user) if ROLE_RANK[Role(r.role)] >= need}


def may_run_catalogue(user: Any) -> bool:
    return is_staff(user) and has_role(user, tuple((c, "admin") for c in CATALOGUE_DEPARTMENTS))


def may_see_unpublished(user: Any, department_code: str) -> bool:
    return may_run_catalogue(user) or department_code in departments_for(user, "viewer")


def may_edit(user: Any, department_code: str) -> bool:
    return may_run_catalogue(user) or department_code in departments_for(user, "operator")


def may_hold_tokens(user: Any) -> bool:
    return is_staff(user) and bool(departments_for(user))


def may_use_staff_pages(user: Any) -> bool:
    return may_hold_tokens(user)
