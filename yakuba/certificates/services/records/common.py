"""What the record services share: file keys, purposes, record kinds, the access record."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from yakuba.audit.services import Subject, record_access

#: Keys of the 個人情報ファイル declared in ``registrations/records.py``.
SEAL_FILE_KEY = "certificates.seals"
TAX_FILE_KEY = "certificates.tax"
SUPPORT_FILE_KEY = "certificates.support"

#: The purpose of every staff read and write of each kind of record.
SEAL_PURPOSE = "seal_registration"
TAX_PURPOSE = "tax_certificate"
SUPPORT_PURPOSE = "support_measure"

#: The purpose under which 市民課 pages read the person's register entry
#: (``yakuba.residents.queries.get_person_for``): 印鑑登録 and 支援措置 both rest on the
#: 住民基本台帳 (who is a resident, age; 支援措置 restricts 住民票の写し等の交付).
REGISTER_PURPOSE = "resident_certificate"

#: Record kinds (shown to residents on their access record).
SEAL_RECORD_KIND = "certificates.seal"
TAX_RECORD_KIND = "certificates.tax_assessment"
SUPPORT_RECORD_KIND = "certificates.support_measure"

#: Every record here is about a resident: the subject is their register entry.
PERSON_SUBJECT_KIND = "residents.person"

#: The name of the system actor in access records written by the CSV import command.
IMPORT_SYSTEM_ACTOR = "certificates_import_tax"


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def record(
    actor: Any,
    person_ids: Sequence[int],
    *,
    record_kind: str,
    purpose: str,
    fields: Sequence[str],
    action: str = "read",
    request: HttpRequest | None = None,
    system_actor: str = "",
) -> None:
    """One access record per person (in the caller's transaction); nothing for a system job
    unless it names itself (``system_actor``)."""
    if actor is None and not system_actor:
        return
    for person_id in dict.fromkeys(person_ids):
        record_access(
            actor,
            subject=Subject(PERSON_SUBJECT_KIND, str(person_id)),
            record_kind=record_kind,
            fields=list(fields),
            purpose=purpose,
            action=action,
            request=request,
            system_actor=system_actor,
        )


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Full years of age on ``day`` (年齢計算ニ関スル法律: the birthday counts)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
