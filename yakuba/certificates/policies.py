"""Who may do what in the certificates module (least privilege, no exception for
system administrators).

市民課 (shimin)  viewer: see seal registrations, support measures, issuances of a person;
                operator: register/abolish seals, flag/lift support measures;
                admin: register kiosks, enrol devices, set maintenance windows.
課税課 (kazei)   viewer: see tax assessments; operator: import the CSV, correct a year.
会計課 (kaikei)  viewer: fee accounting (issuances per kiosk per day, totals, CSV) — counts
                and fees only, no personal data.
"""

from __future__ import annotations

from typing import Any

from yakuba.identity.permissions import has_role

REGISTER_VIEW_GRANTS = (("shimin", "viewer"),)
REGISTER_OPERATE_GRANTS = (("shimin", "operator"),)
KIOSK_ADMIN_GRANTS = (("shimin", "admin"),)
TAX_VIEW_GRANTS = (("kazei", "viewer"),)
TAX_OPERATE_GRANTS = (("kazei", "operator"),)
ACCOUNTING_GRANTS = (("kaikei", "viewer"), ("shimin", "admin"))


def may_view_register(user: Any) -> bool:
    return has_role(user, REGISTER_VIEW_GRANTS)


def may_operate_register(user: Any) -> bool:
    return has_role(user, REGISTER_OPERATE_GRANTS)


def may_manage_kiosks(user: Any) -> bool:
    return has_role(user, KIOSK_ADMIN_GRANTS)


def may_view_tax(user: Any) -> bool:
    return has_role(user, TAX_VIEW_GRANTS)


def may_operate_tax(user: Any) -> bool:
    return has_role(user, TAX_OPERATE_GRANTS)


def may_view_accounting(user: Any) -> bool:
    return has_role(user, ACCOUNTING_GRANTS)
