"""Reads of issued certificates: a person's issuances for 市民課 staff (audited) and the
resident's own issuances for マイページ.

"A person's issuances" are those where the person requested the certificate (the card
holder) **or** was printed on it (a household 住民票 lists everyone in it).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest

from yakuba.audit.services import Subject, record_access

from ..models import CertificateKind, Issuance
from ..policies import may_view_register

INQUIRY_PURPOSE = "certificate_issuance_inquiry"
ISSUANCE_HISTORY_KIND = "certificates.issuances"
ISSUANCE_HISTORY_FIELDS = (
    "serial",
    "kind",
    "issued_at",
    "kiosk",
    "copies",
    "total_fee",
    "printed_person_ids",
    "printed_at",
    "card_certificate_serial",
)
# Kinds whose certificate can show people other than the holder.
HOUSEHOLD_KINDS = (CertificateKind.RESIDENCE, CertificateKind.RESIDENCE_ITEMS)
LIMIT = 200


def _of_person(person_id: int) -> list[Issuance]:
    base = Issuance.objects.select_related("kiosk").defer("document")
    if connection.features.supports_json_field_contains:
        rows = base.filter(Q(person_id=person_id) | Q(printed_person_ids__contains=[person_id]))
        return list(rows.order_by("-issued_at", "-id")[:LIMIT])
    # SQLite has no JSON containment: household kinds are filtered here.
    own = list(base.filter(person_id=person_id).order_by("-issued_at", "-id")[:LIMIT])
    others = [
        issuance
        for issuance in base.filter(kind__in=HOUSEHOLD_KINDS).exclude(person_id=person_id)
        if person_id in (issuance.printed_person_ids or [])
    ]
    rows = sorted(
        own + others, key=lambda issuance: (issuance.issued_at, issuance.pk), reverse=True
    )
    return rows[:LIMIT]


def issuances_of_person_for(
    user: Any, person_id: int, *, request: HttpRequest | None = None
) -> list[Issuance]:
    """The latest :data:`LIMIT` issuances of a person (newest first), for 市民課 viewers.
    Writes one access record on the person (purpose ``certificate_issuance_inquiry``).
    The PDF is not loaded."""
    if not may_view_register(user):
        raise PermissionDenied
    person_id = int(person_id)
    rows = _of_person(person_id)
    record_access(
        user,
        subject=Subject("residents.person", str(person_id)),
        record_kind=ISSUANCE_HISTORY_KIND,
        fields=list(ISSUANCE_HISTORY_FIELDS),
        purpose=INQUIRY_PURPOSE,
        request=request,
    )
    return rows


def own_issuances(person_id: int | None) -> list[Issuance]:
    """The certificates a resident requested (newest first; the PDF not loaded), for
    マイページ. The caller has established that ``person_id`` is the signed-in resident
    (``yakuba.residents.queries.linked_person_id``); ``None`` gives nothing. Not recorded:
    residents reading their own data."""
    if not person_id:
        return []
    return list(
        Issuance.objects.filter(person_id=person_id)
        .select_related("kiosk")
        .defer("document")
        .order_by("-issued_at", "-id")[:LIMIT]
    )
