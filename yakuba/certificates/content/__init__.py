"""What each certificate says (builders) and the document contract (``document``).

The public functions live in :mod:`.facade` and are re-exported here lazily, so that
importing :mod:`.document` (the PDF renderer does) loads no register code.
"""

from __future__ import annotations

from typing import Any

_FACADE = (
    "BuiltCertificate",
    "MemberName",
    "available_kinds",
    "build_certificate",
    "build_document",
    "check_holder",
    "household_members_for",
    "printed_person_ids",
    "tax_years_for",
)
_REFUSALS = ("Refused", "RefusalCode", "COUNTER_MESSAGE", "SENSITIVE_CODES", "card_refusal")
_OPTIONS = ("clean_options", "default_options", "toggles_for", "SCOPE_SELF", "SCOPE_HOUSEHOLD")

__all__ = [*_FACADE, *_REFUSALS, *_OPTIONS]


def __getattr__(name: str) -> Any:
    if name in _FACADE:
        from . import facade

        return getattr(facade, name)
    if name in _REFUSALS:
        from . import refusals

        return getattr(refusals, name)
    if name in _OPTIONS:
        from . import options

        return getattr(options, name)
    raise AttributeError(name)
