"""Who may do what in the online applications module.

Each procedure names its handling department (``Procedure.department_code``); staff act on
a procedure's submissions through their role **in that department**:

viewer     see the department's inbox and submissions (each view audited);
operator   handle them: assign, start review (審査中), request a correction (補正依頼),
           comment, message the applicant, mark 完了, export CSV, print;
approver   decide: 承認 / 却下;
admin      edit the department's procedures and build, preview and publish their forms.

The catalogue's categories and life events are shared by all departments; they are edited
by admins of ``CATALOGUE_DEPARTMENTS`` (文書情報課 runs the city's online services).
System administrators get no access to submissions through this module (least privilege).
"""

from __future__ import annotations

from typing import Any

from yakuba.identity.models import ROLE_RANK, Role
from yakuba.identity.permissions import active_roles, has_role

CATALOGUE_DEPARTMENTS: tuple[str, ...] = ("bunsho",)


def departments_for(user: Any, minimum: str = "viewer") -> list[str]:
    """The department codes in which ``user`` holds at least ``minimum`` today."""
    need = ROLE_RANK[Role(minimum)]
    return sorted({r.org_unit_code for r in active_roles(user) if ROLE_RANK[Role(r.role)] >= need})


def may_view(user: Any, department_code: str) -> bool:
    return has_role(user, ((department_code, "viewer"),))


def may_handle(user: Any, department_code: str) -> bool:
    return has_role(user, ((department_code, "operator"),))


def may_decide(user: Any, department_code: str) -> bool:
    return has_role(user, ((department_code, "approver"),))


def may_build(user: Any, department_code: str) -> bool:
    return has_role(user, ((department_code, "admin"),))


def may_use_inbox(user: Any) -> bool:
    """Any role in any department: the inbox then lists that department's procedures."""
    return bool(departments_for(user))


def may_edit_catalogue(user: Any) -> bool:
    return has_role(user, tuple((code, "admin") for code in CATALOGUE_DEPARTMENTS))


#: The departments that handle online procedures in the demo city (the privacy register
#: names their viewers as the readers of the submissions file).  A city adds its own.
HANDLING_DEPARTMENTS: tuple[str, ...] = (
    "shimin",
    "kazei",
    "shuno",
    "hisho",
    "kenko",
    "kosodate",
    "kankyo",
    "bunka",
    "kyodo",
    "koreifukushi",
    "shogaifukushi",
    "kyoikusomu",
    "sangyo",
    "toshikeikaku",
    "bosai",
)
READER_GRANTS: tuple[tuple[str, str], ...] = tuple(
    (code, "viewer") for code in HANDLING_DEPARTMENTS
)
