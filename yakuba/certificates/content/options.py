"""The choices a resident makes for each kind of certificate, and their validation.

The defaults are those of the real multifunction copiers: a 住民票の写し of the holder
only, with 世帯主・続柄, without 本籍・筆頭者, 住民票コード and 個人番号; a 記載事項証明書 with
生年月日, 性別 and 世帯主・続柄; a 課税・所得証明書 of the latest year assessed.

Raw input is a mapping of strings (a ``QueryDict`` works: its ``get`` gives the last
value, so a form may send a hidden ``0`` followed by a checkbox ``1`` — the Django
pattern for "unchecked means off"). A yes/no option accepts ``1``/``0``, ``on``/``off``,
``true``/``false``, ``yes``/``no``; an absent key takes the default. Already cleaned
values (booleans, an int year) pass unchanged, so cleaning is idempotent and the
cleaned dict is what ``Issuance.options`` stores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import normalize_width

from ..models import CertificateKind

SCOPE_SELF = "self"
SCOPE_HOUSEHOLD = "household"
SCOPES = (SCOPE_SELF, SCOPE_HOUSEHOLD)
SCOPE_LABELS: dict[str, Promise] = {
    SCOPE_SELF: _("本人のみ"),
    SCOPE_HOUSEHOLD: _("世帯全員"),
}


@dataclass(frozen=True)
class Toggle:
    """A yes/no choice: ``key`` in the options, ``label`` for the screen, ``default``,
    and ``printed_label`` — the Japanese words a certificate prints (in 「省略」 notes)."""

    key: str
    label: Promise
    default: bool
    printed_label: str


#: 住民票の写し: what may be left out (the order of the copier's screen).
RESIDENCE_TOGGLES: tuple[Toggle, ...] = (
    Toggle("relationship", _("世帯主の氏名と続柄"), True, "世帯主・続柄"),
    Toggle("domicile", _("本籍と筆頭者"), False, "本籍・筆頭者"),
    Toggle("resident_code", _("住民票コード"), False, "住民票コード"),
    Toggle("my_number", _("個人番号（マイナンバー）"), False, "個人番号"),
)

#: 住民票記載事項証明書: the items certified besides 氏名 and 住所 (always printed).
RESIDENCE_ITEM_TOGGLES: tuple[Toggle, ...] = (
    Toggle("birth_date", _("生年月日"), True, "生年月日"),
    Toggle("sex", _("性別"), True, "性別"),
    Toggle("relationship", _("世帯主の氏名と続柄"), True, "世帯主・続柄"),
    Toggle("became_resident_on", _("住民となった年月日"), False, "住民となった年月日"),
    Toggle("address_set_on", _("住所を定めた年月日"), False, "住所を定めた年月日"),
    Toggle("previous_address", _("前住所"), False, "前住所"),
    Toggle("domicile", _("本籍と筆頭者"), False, "本籍・筆頭者"),
)

_TRUE = frozenset({"1", "on", "true", "yes"})
_FALSE = frozenset({"0", "off", "false", "no", ""})


def toggles_for(kind: str) -> tuple[Toggle, ...]:
    """The yes/no choices of a kind (none for 印鑑 and 課税)."""
    if kind == CertificateKind.RESIDENCE:
        return RESIDENCE_TOGGLES
    if kind == CertificateKind.RESIDENCE_ITEMS:
        return RESIDENCE_ITEM_TOGGLES
    return ()


def _text(value: Any) -> str:
    return normalize_width(str(value)).strip().lower()


def _clean_toggle(toggle: Toggle, raw: Mapping[str, Any], errors: dict[str, list]) -> bool:
    if toggle.key not in raw or raw.get(toggle.key) is None:
        return toggle.default
    value = raw.get(toggle.key)
    if isinstance(value, bool):
        return value
    text = _text(value)
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    errors.setdefault(toggle.key, []).append(
        ValidationError(
            _("「%(label)s」は、記載するか記載しないかを選んでください。"),
            code="invalid_choice",
            params={"label": toggle.label},
        )
    )
    return toggle.default


def _clean_scope(raw: Mapping[str, Any], errors: dict[str, list]) -> str:
    value = raw.get("scope")
    if value is None or _text(value) == "":
        return SCOPE_SELF
    text = _text(value)
    if text in SCOPES:
        return text
    errors.setdefault("scope", []).append(
        ValidationError(
            _("証明書に記載する人を「本人のみ」か「世帯全員」から選んでください。"),
            code="invalid_choice",
        )
    )
    return SCOPE_SELF


def _clean_year(
    raw: Mapping[str, Any], available_years: Sequence[int] | None, errors: dict[str, list]
) -> int | None:
    value = raw.get("fiscal_year")
    years = sorted(available_years or (), reverse=True)
    if value is None or _text(value) == "":
        if years:
            return years[0]
        if available_years is not None:
            errors.setdefault("fiscal_year", []).append(
                ValidationError(
                    _("証明できる年度がありません。市役所の窓口でお問い合わせください。"),
                    code="no_year",
                )
            )
            return None
        errors.setdefault("fiscal_year", []).append(
            ValidationError(_("年度を選んでください。"), code="required")
        )
        return None
    text = _text(value).removesuffix("年度")
    if isinstance(value, int) and not isinstance(value, bool):
        year = value
    elif text.isascii() and text.isdigit() and len(text) == 4:
        year = int(text)
    else:
        errors.setdefault("fiscal_year", []).append(
            ValidationError(_("年度は西暦4桁の数字で選んでください（例: 2025）。"), code="invalid")
        )
        return None
    if available_years is not None and year not in years:
        errors.setdefault("fiscal_year", []).append(
            ValidationError(
                _("%(year)s年度は選べません。選べる年度: %(years)s"),
                code="unavailable_year",
                params={"year": year, "years": "、".join(str(y) for y in years) or "-"},
            )
        )
        return None
    if not 1989 <= year <= 2200:
        errors.setdefault("fiscal_year", []).append(
            ValidationError(_("年度は西暦4桁の数字で選んでください（例: 2025）。"), code="invalid")
        )
        return None
    return year


def clean_options(
    kind: str,
    raw: Mapping[str, Any],
    *,
    available_years: Sequence[int] | None = None,
) -> dict[str, Any]:
    """The options of ``kind`` from ``raw``, with defaults for what is absent.

    Returns a JSON-ready dict: 住民票の写し ``{"scope", "relationship", "domicile",
    "resident_code", "my_number"}``; 記載事項証明書 ``{"scope", <each item toggle>}``;
    印鑑登録証明書 ``{}``; 課税・所得証明書 ``{"fiscal_year": int}`` — the latest of
    ``available_years`` when absent (pass :func:`~yakuba.certificates.content.tax_years_for`
    to restrict the choice to the holder's years). Keys not belonging to the kind are
    ignored (a form also sends its CSRF token). Raises ``ValidationError`` with a dict
    of Japanese messages per field; an unknown kind is an error on ``kind``.
    """
    errors: dict[str, list] = {}
    if kind not in CertificateKind.values:
        raise ValidationError(
            {"kind": [ValidationError(_("証明書の種類を選んでください。"), code="invalid_kind")]}
        )
    options: dict[str, Any] = {}
    if kind in (CertificateKind.RESIDENCE, CertificateKind.RESIDENCE_ITEMS):
        options["scope"] = _clean_scope(raw, errors)
        for toggle in toggles_for(kind):
            options[toggle.key] = _clean_toggle(toggle, raw, errors)
    elif kind == CertificateKind.TAX:
        options["fiscal_year"] = _clean_year(raw, available_years, errors)
    if errors:
        raise ValidationError(errors)
    return options


def default_options(kind: str) -> dict[str, Any]:
    """The options a resident gets without choosing anything (no year for 課税)."""
    if kind == CertificateKind.TAX:
        return {}
    return clean_options(kind, {})
