"""Who may compose, approve and watch alerts, and change the module's settings.

防災安全課 runs disaster and crime alerts and 秘書広報課 the city news; both may use
every category.  Approval is the 承認 role and never the composer (four eyes: also a
database constraint on :class:`~yakuba.alerts.models.Alert`).
"""

from __future__ import annotations

from typing import Any

from yakuba.identity.permissions import Grant, has_role

ALERT_DEPARTMENTS = ("bosai", "hisho")

VIEW_GRANTS: tuple[Grant, ...] = tuple((code, "viewer") for code in ALERT_DEPARTMENTS)
COMPOSE_GRANTS: tuple[Grant, ...] = tuple((code, "operator") for code in ALERT_DEPARTMENTS)
APPROVE_GRANTS: tuple[Grant, ...] = tuple((code, "approver") for code in ALERT_DEPARTMENTS)
SETTINGS_GRANTS: tuple[Grant, ...] = tuple((code, "admin") for code in ALERT_DEPARTMENTS)


def may_view(user: Any) -> bool:
    return has_role(user, VIEW_GRANTS)


def may_compose(user: Any) -> bool:
    return has_role(user, COMPOSE_GRANTS)


def may_approve(user: Any) -> bool:
    return has_role(user, APPROVE_GRANTS)


def may_change_settings(user: Any) -> bool:
    return has_role(user, SETTINGS_GRANTS)
