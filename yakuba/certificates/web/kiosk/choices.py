"""What the choosing screens show: the kinds with their fees, each kind's options, the summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ...content import Refused, available_kinds, household_members_for, tax_years_for
from ...content.options import SCOPE_HOUSEHOLD, SCOPE_LABELS, SCOPE_SELF, toggles_for
from ...models import CertificateKind
from ...services.issuance import quote_fee


@dataclass
class OptionField:
    """One question of the options screen: ``kind`` is ``scope``, ``toggle`` or ``year``."""

    key: str
    label: str
    kind: str
    choices: list[tuple[str, str, str]] = field(default_factory=list)  # value, label, detail
    value: str = ""
    errors: list[str] = field(default_factory=list)


def available_kind_values(person_id: int) -> set[str]:
    """The kinds the kiosk may issue to this card holder now (others lead to the counter)."""
    return {str(kind) for kind, available in available_kinds(person_id) if available}


def unit_fee(kind: str) -> int:
    return int(quote_fee(kind, 1).unit)


def kind_rows(available: set[str]) -> list[dict[str, Any]]:
    return [
        {
            "value": value,
            "label": label,
            "available": value in available,
            "fee": unit_fee(value),
        }
        for value, label in CertificateKind.choices
    ]


def years_for(person_id: int) -> list[int]:
    return sorted((int(year) for year in tax_years_for(person_id)), reverse=True)


def household_names(person_id: int) -> list[str]:
    try:
        return [member.name for member in household_members_for(person_id)]
    except Refused:
        return []


def _yes_no(value: Any, default: bool) -> str:
    if value is None:
        return "1" if default else "0"
    if isinstance(value, bool):
        return "1" if value else "0"
    return "1" if str(value).lower() in ("1", "on", "true", "yes") else "0"


def option_fields(
    kind: str, person_id: int, values: dict[str, Any], errors: dict[str, list[str]]
) -> list[OptionField]:
    """The questions for ``kind``, filled with ``values`` (the state, or a refused POST)."""
    fields: list[OptionField] = []
    if kind in (CertificateKind.RESIDENCE, CertificateKind.RESIDENCE_ITEMS):
        household = household_names(person_id)
        fields.append(
            OptionField(
                key="scope",
                label=_("証明書に記載する人"),
                kind="scope",
                choices=[
                    (SCOPE_SELF, str(SCOPE_LABELS[SCOPE_SELF]), ""),
                    (SCOPE_HOUSEHOLD, str(SCOPE_LABELS[SCOPE_HOUSEHOLD]), "、".join(household)),
                ],
                value=str(values.get("scope") or SCOPE_SELF),
                errors=errors.get("scope", []),
            )
        )
        for toggle in toggles_for(kind):
            fields.append(
                OptionField(
                    key=toggle.key,
                    label=str(toggle.label),
                    kind="toggle",
                    choices=[("1", _("記載する"), ""), ("0", _("記載しない"), "")],
                    value=_yes_no(values.get(toggle.key), toggle.default),
                    errors=errors.get(toggle.key, []),
                )
            )
    elif kind == CertificateKind.TAX:
        years = years_for(person_id)
        chosen = str(values.get("fiscal_year") or (years[0] if years else ""))
        fields.append(
            OptionField(
                key="fiscal_year",
                label=_("年度"),
                kind="year",
                choices=[
                    (
                        str(year),
                        _("%(year)s年度") % {"year": year},
                        _("%(income_year)s年中の所得") % {"income_year": year - 1},
                    )
                    for year in years
                ],
                value=chosen,
                errors=errors.get("fiscal_year", []),
            )
        )
    for key, messages in errors.items():
        if key not in {f.key for f in fields}:
            fields.append(OptionField(key=key, label="", kind="error", errors=messages))
    return fields


def summary_rows(kind: str, options: dict[str, Any], person_id: int) -> list[tuple[str, str]]:
    """The confirm screen's lines about the options (label, choice)."""
    rows: list[tuple[str, str]] = []
    if kind in (CertificateKind.RESIDENCE, CertificateKind.RESIDENCE_ITEMS):
        scope = options.get("scope", SCOPE_SELF)
        label = str(SCOPE_LABELS.get(scope, scope))
        if scope == SCOPE_HOUSEHOLD:
            label = f"{label}（{'、'.join(household_names(person_id))}）"
        rows.append((_("記載する人"), label))
        for toggle in toggles_for(kind):
            rows.append(
                (
                    str(toggle.label),
                    _("記載する") if options.get(toggle.key) else _("記載しない"),
                )
            )
    elif kind == CertificateKind.TAX and options.get("fiscal_year"):
        rows.append((_("年度"), _("%(year)s年度") % {"year": options["fiscal_year"]}))
    return rows
