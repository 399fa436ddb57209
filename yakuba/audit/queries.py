"""Reads of the access record, each narrowed to what the reader may see.

Reading the access record is itself an access to personal data (who looked at
whom), so the staff log and the export write their own access records.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from yakuba.identity.permissions import has_role, is_citizen, is_system_admin

from .models import AccessRecord, ChainHead
from .services import Subject, record_access, subjects_for

# 文書情報課 approvers (the privacy officer's unit); system administrators too.
AUDITOR_GRANTS = (("bunsho", "approver"),)
AUDIT_PURPOSE = "audit_review"
AUDIT_RECORD_KIND = "audit.access_record"
AUDIT_LOG_SUBJECT = Subject("audit.log", "-")

# The columns the staff log shows (what its own access record lists).
LOG_FIELDS = (
    "sequence",
    "occurred_at",
    "actor",
    "org_unit",
    "subject",
    "record_kind",
    "fields",
    "action",
    "purpose",
    "request_id",
    "ip_address",
)
FILTERS = ("date_from", "date_to", "org_unit_code", "subject_kind", "subject_id", "purpose")


def may_review_audit_log(user) -> bool:
    return is_system_admin(user) or has_role(user, AUDITOR_GRANTS)


def access_records_for_citizen(user) -> QuerySet[AccessRecord]:
    """Accesses to this citizen's own data, newest first (empty for anyone else)."""
    if not is_citizen(user):
        return AccessRecord.objects.none()
    subjects = subjects_for(user)
    if not subjects:
        return AccessRecord.objects.none()
    condition = Q()
    for subject in subjects:
        condition |= Q(subject_kind=subject.kind, subject_id=subject.id)
    return AccessRecord.objects.filter(condition).order_by("-sequence")


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight in the site's time zone (Asia/Tokyo), as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def access_records_for(
    user,
    filters: Mapping[str, Any] | None = None,
    *,
    request: HttpRequest | None = None,
) -> QuerySet[AccessRecord]:
    """The staff audit log, newest first, narrowed by ``filters``.

    Only system administrators and 文書情報課 approvers may read it (others:
    :class:`PermissionDenied`). Each call writes one access record (purpose
    ``audit_review``): on the subject when the filters name one subject, else
    on ``audit.log``.

    ``filters`` keys (all optional): ``date_from``/``date_to`` (dates, days in
    Japan time, inclusive), ``org_unit_code``, ``subject_kind``, ``subject_id``,
    ``purpose``.
    """
    if not may_review_audit_log(user):
        raise PermissionDenied
    filters = {key: value for key, value in (filters or {}).items() if value}
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise ValueError(f"unknown audit log filters: {sorted(unknown)}")
    records = AccessRecord.objects.order_by("-sequence")
    if "date_from" in filters:
        records = records.filter(occurred_at__gte=_day_start(filters["date_from"]))
    if "date_to" in filters:
        next_day = filters["date_to"] + datetime.timedelta(days=1)
        records = records.filter(occurred_at__lt=_day_start(next_day))
    for name in ("org_unit_code", "subject_kind", "subject_id", "purpose"):
        if name in filters:
            records = records.filter(**{name: filters[name]})
    if "subject_kind" in filters and "subject_id" in filters:
        subject = Subject(filters["subject_kind"], str(filters["subject_id"]))
    else:
        subject = AUDIT_LOG_SUBJECT
    record_access(
        user,
        subject=subject,
        record_kind=AUDIT_RECORD_KIND,
        fields=LOG_FIELDS,
        purpose=AUDIT_PURPOSE,
        request=request,
    )
    return records


def exported_access_records(
    *,
    first_sequence: int = 1,
    last_sequence: int | None = None,
    system_actor: str,
    chunk_size: int = 2000,
) -> Iterator[dict[str, Any]]:
    """Records as export lines (hashed values plus ``record_hash``), in sequence order.

    Writes an ``export`` access record first (by ``system_actor``, e.g. the
    command and the operating-system user), so an export to the end of the
    chain contains the record of itself.
    """
    record_access(
        None,
        subject=AUDIT_LOG_SUBJECT,
        record_kind=AUDIT_RECORD_KIND,
        fields=LOG_FIELDS,
        purpose=AUDIT_PURPOSE,
        action=AccessRecord.Action.EXPORT,
        system_actor=system_actor,
    )
    head = ChainHead.objects.filter(singleton=True).first()
    end = head.last_sequence if head else 0
    if last_sequence is not None:
        end = min(end, last_sequence)
    records = (
        AccessRecord.objects.filter(sequence__gte=first_sequence, sequence__lte=end)
        .order_by("sequence")
        .iterator(chunk_size=chunk_size)
    )
    return ({**record.hashed_values(), "record_hash": record.record_hash} for record in records)
