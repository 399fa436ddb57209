"""What a staff member sees in the console shell: menu entries, panels, their roles.

Registered entries carry ``departments`` and ``minimum_role``; an entry with no
departments is for every verified staff member.  ``system_admin_only`` menu
entries are shown to system administrators only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yakuba.core.registries import MenuEntry, Panel, staff_menu, staff_panels
from yakuba.identity.decorators import is_verified_staff
from yakuba.identity.models import Role
from yakuba.identity.permissions import active_roles, has_role, is_system_admin


def may_see(user: Any, departments: tuple[str, ...], minimum_role: str) -> bool:
    """Whether a registered entry limited to ``departments`` at ``minimum_role`` is for ``user``."""
    if not departments:
        return True
    return has_role(user, [(department, minimum_role) for department in departments])


def menu_for(user: Any) -> list[MenuEntry]:
    """The staff menu entries ``user`` may follow (nothing for unverified sessions)."""
    if not is_verified_staff(user):
        return []
    entries = []
    seen_urls: set[str] = set()
    for entry in staff_menu.all():
        if entry.system_admin_only:
            visible = is_system_admin(user)
        else:
            visible = may_see(user, entry.departments, entry.minimum_role)
        # A module may register one page twice (for a department role and for system
        # administrators); the link is shown once.
        if visible and entry.url_name not in seen_urls:
            seen_urls.add(entry.url_name)
            entries.append(entry)
    return entries


def panels_for(user: Any) -> list[Panel]:
    """The dashboard panels ``user`` may see, in registration order."""
    if not is_verified_staff(user):
        return []
    return [
        panel
        for panel in staff_panels.all()
        if may_see(user, panel.departments, panel.minimum_role)
    ]


@dataclass(frozen=True)
class RoleLine:
    """One "department — role" line of the signed-in staff member."""

    department_code: str
    department_name: str
    role: str
    role_label: str | Promise


def roles_for(user: Any) -> list[RoleLine]:
    return [
        RoleLine(r.org_unit_code, r.org_unit_name, r.role, Role(r.role).label)
        for r in active_roles(user)
    ]


@dataclass(frozen=True)
class DashboardSection:
    """Panels of one department (or, with no department, those for every staff member)."""

    title: str | Promise
    panels: list[Panel]


def dashboard_sections(user: Any, roles: list[RoleLine]) -> list[DashboardSection]:
    """The user's panels grouped under each of their departments; shared panels last.

    A panel registered for several departments appears once, under the first of
    the user's departments that may see it.
    """
    placed: set[str] = set()
    sections = []
    panels = panels_for(user)
    for role in roles:
        own = [
            panel
            for panel in panels
            if panel.key not in placed
            and role.department_code in panel.departments
            and may_see(user, (role.department_code,), panel.minimum_role)
        ]
        placed.update(panel.key for panel in own)
        if own:
            sections.append(DashboardSection(role.department_name, own))
    shared = [panel for panel in panels if panel.key not in placed and not panel.departments]
    if shared:
        sections.append(DashboardSection(_("共通"), shared))
    return sections
