"""Who may administer accounts and the organisation (the checks themselves live in permissions)."""

from __future__ import annotations

from typing import Any

from .permissions import Grant, has_role, is_system_admin

#: 職員課 (personnel division) department administrators run the organisation pages.
PERSONNEL_DEPARTMENT = "shokuin"
ORG_ADMIN_GRANTS: tuple[Grant, ...] = ((PERSONNEL_DEPARTMENT, "admin"),)


def may_administer_organisation(user: Any) -> bool:
    """System administrators and 職員課 department administrators."""
    return is_system_admin(user) or has_role(user, ORG_ADMIN_GRANTS)


def may_grant_system_admin(user: Any) -> bool:
    """Only a system administrator can create another one."""
    return is_system_admin(user)
