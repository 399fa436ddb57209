"""What the catalogue pages show of a procedure: localized texts, the department, the
identity-level badge, the fee and the handling time — one row builder shared by the list,
search, category, life-event and procedure pages."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...models import IdentityLevel, Procedure
from ...queries.catalogue import Department, localized

#: (tag kind, short label) of each identity level, shown as a badge.
IDENTITY_BADGES: dict[str, tuple[str, Any]] = {
    IdentityLevel.NONE: ("", gettext_lazy("ログイン不要")),
    IdentityLevel.ACCOUNT: ("info", gettext_lazy("ログインが必要")),
    IdentityLevel.CARD: ("warning", gettext_lazy("マイナンバーカードが必要")),
}


def optional_url(name: str, *args: Any) -> str:
    """The URL of ``name``, or "" while the part that owns it has not added it."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def fee_text(procedure: Procedure) -> str:
    """「無料」 or 「1,200円」, with the fee note: 「300円（1通あたり）」."""
    if procedure.fee_yen == 0:
        amount = _("無料")
    else:
        amount = _("%(amount)s円") % {"amount": f"{procedure.fee_yen:,}"}
    note = localized(procedure, "fee_note")
    if not note:
        return amount
    return _("%(amount)s（%(note)s）") % {"amount": amount, "note": note}


def handling_text(procedure: Procedure) -> str:
    return _("%(days)s日程度") % {"days": procedure.handling_days}


def procedure_row(procedure: Procedure, departments: dict[str, Department]) -> dict[str, Any]:
    """Everything a list shows of one procedure."""
    kind, label = IDENTITY_BADGES[procedure.identity_level]
    department = departments.get(procedure.department_code)
    return {
        "procedure": procedure,
        "title": localized(procedure, "title"),
        "summary": localized(procedure, "summary"),
        "url": reverse("portal:applications:procedure_detail", args=[procedure.code]),
        "department": department.display_name if department else "",
        "badge_kind": kind,
        "badge_label": label,
        "fee": fee_text(procedure),
        "handling": handling_text(procedure),
        "is_open": getattr(procedure, "is_open", True),
    }


def crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs from the top page through 「電子申請」; the last item is the current page."""
    trail = [(_("トップ"), reverse("portal:home"))]
    if items:
        trail.append((_("電子申請"), reverse("portal:applications:procedure_list")))
        trail.extend(items)
    else:
        trail.append((_("電子申請"), ""))
    return trail
