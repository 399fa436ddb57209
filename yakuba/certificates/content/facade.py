"""What the kiosk and the issuance service call: build a certificate, list what a holder
may get, and who a certificate shows.

Every function acts for the **card-authenticated holder** (``person_id``): it reads the
register through :func:`yakuba.residents.queries.certificate_record` (a system read)
and records nothing itself — except the 個人番号, which the vault records on each
person when the holder chose to print it. The issuance service records one access per
person shown (:func:`printed_person_ids`) in the transaction that issues.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from yakuba.vault.queries import number_for_own_certificate

from ..models import CertificateKind
from .checks import assessed_years, seal_in_force
from .common import holder_record, moment, people_shown
from .document import CertificateDocument
from .options import SCOPE_HOUSEHOLD, clean_options
from .refusals import RefusalCode, Refused
from .residence import build_residence, residence_people
from .residence_items import build_residence_items
from .seal import build_seal
from .tax import build_tax


@dataclass(frozen=True)
class BuiltCertificate:
    """A document with the ids of the people it shows (in the order shown) and the
    cleaned options it was built with (what ``Issuance.options`` stores)."""

    document: CertificateDocument
    person_ids: tuple[int, ...]
    options: dict[str, Any]


@dataclass(frozen=True)
class MemberName:
    """A household member as the options screen lists them: a name, nothing else."""

    person_id: int
    name: str
    is_holder: bool


def _options(kind: str, person_id: int, raw: Mapping[str, Any]) -> dict[str, Any]:
    if kind == CertificateKind.TAX and not raw.get("fiscal_year"):
        years = assessed_years(person_id)
        if not years:
            raise Refused(RefusalCode.NO_ASSESSMENT)
        raw = {**raw, "fiscal_year": years[0]}
    return clean_options(kind, raw)


def build_certificate(
    kind: str,
    person_id: int,
    options: Mapping[str, Any],
    *,
    at: datetime.datetime | None = None,
    request: HttpRequest | None = None,
) -> BuiltCertificate:
    """Build the certificate ``kind`` of the holder ``person_id`` as of ``at`` (now).

    ``options``: raw or cleaned (see :func:`~.options.clean_options`; a 課税 without a
    year takes the latest assessed). Raises ``ValidationError`` (bad options, Japanese
    messages per field) or :class:`~.refusals.Refused` (``not_registered``, ``removed``,
    ``not_configured``, ``support_measure`` on the holder or on anyone shown,
    ``no_seal``, ``no_assessment``). With 個人番号 chosen, reads each shown person's
    number from the vault (one access record each, purpose ``mynumber_certificate``):
    call it once, when issuing, inside the issuance's transaction.
    """
    at = moment(at)
    cleaned = _options(kind, person_id, options)
    record = holder_record(person_id, at=at)
    if kind == CertificateKind.RESIDENCE:

        def read_number(shown_id: int) -> str | None:
            return number_for_own_certificate(shown_id, holder_id=person_id, request=request)

        document = build_residence(record, cleaned, at=at, read_number=read_number)
        shown = people_shown(record, household=cleaned["scope"] == SCOPE_HOUSEHOLD)
    elif kind == CertificateKind.RESIDENCE_ITEMS:
        document = build_residence_items(record, cleaned, at=at)
        shown = people_shown(record, household=cleaned["scope"] == SCOPE_HOUSEHOLD)
    elif kind == CertificateKind.SEAL:
        document = build_seal(record, at=at)
        shown = (record.person,)
    else:
        document = build_tax(record, cleaned["fiscal_year"], at=at)
        shown = (record.person,)
    return BuiltCertificate(document, tuple(person.person_id for person in shown), cleaned)


def build_document(
    kind: str,
    person_id: int,
    options: Mapping[str, Any],
    *,
    at: datetime.datetime | None = None,
    request: HttpRequest | None = None,
) -> CertificateDocument:
    """:func:`build_certificate`'s document only."""
    return build_certificate(kind, person_id, options, at=at, request=request).document


def printed_person_ids(
    kind_or_built: str | BuiltCertificate,
    person_id: int | None = None,
    options: Mapping[str, Any] | None = None,
    *,
    at: datetime.datetime | None = None,
) -> list[int]:
    """The ids of the people a certificate shows, in the order shown (a household copy:
    the head first, then by birth date).

    Pass a :class:`BuiltCertificate`, or the arguments of :func:`build_certificate`
    (then the same refusals apply, and no 個人番号 is read).
    """
    if isinstance(kind_or_built, BuiltCertificate):
        return list(kind_or_built.person_ids)
    if person_id is None:
        raise TypeError("person_id is required with a kind")
    kind = kind_or_built
    at = moment(at)
    cleaned = _options(kind, person_id, options or {})
    record = holder_record(person_id, at=at)
    if kind in (CertificateKind.RESIDENCE, CertificateKind.RESIDENCE_ITEMS):
        return [person.person_id for person in residence_people(record, cleaned, at=at)]
    return [record.person.person_id]


def check_holder(person_id: int, *, at: datetime.datetime | None = None) -> None:
    """Raise :class:`~.refusals.Refused` when the kiosk may issue nothing to the holder
    (``not_registered``, ``removed``, ``not_configured``, ``support_measure``)."""
    holder_record(person_id, at=moment(at))


def available_kinds(
    person_id: int, *, at: datetime.datetime | None = None
) -> list[tuple[str, bool]]:
    """Each kind (in ``CertificateKind`` order) and whether the holder may get it now:
    all ``False`` when the holder is refused; 印鑑 needs a registration in force; 課税
    an assessment of some year. (A household copy may still be refused for a member:
    that shows only when it is chosen.)"""
    at = moment(at)
    try:
        holder_record(person_id, at=at)
    except Refused:
        return [(kind, False) for kind in CertificateKind.values]
    available = {
        CertificateKind.RESIDENCE: True,
        CertificateKind.RESIDENCE_ITEMS: True,
        CertificateKind.SEAL: seal_in_force(person_id, at=at) is not None,
        CertificateKind.TAX: bool(assessed_years(person_id)),
    }
    return [(kind, available[kind]) for kind in CertificateKind.values]


def tax_years_for(person_id: int) -> list[int]:
    """The fiscal years the holder may choose for a 課税・所得証明書, newest first."""
    return assessed_years(person_id)


def household_members_for(
    person_id: int, *, at: datetime.datetime | None = None
) -> list[MemberName]:
    """The names of the holder's household members now (head first), for the 「世帯全員」
    choice. Refused like :func:`check_holder`; a flagged member is listed (the holder
    lives with them) but the household copy is refused when chosen."""
    record = holder_record(person_id, at=moment(at))
    return [
        MemberName(member.person_id, member.full_name, member.person_id == person_id)
        for member in record.members
    ]


__all__ = [
    "BuiltCertificate",
    "MemberName",
    "available_kinds",
    "build_certificate",
    "build_document",
    "check_holder",
    "household_members_for",
    "printed_person_ids",
    "tax_years_for",
]
