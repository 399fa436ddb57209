"""The one function every module calls when staff read or change a person's data.

    record_access(actor, *, subject, record_kind, fields, purpose, action="read", request=None)

The record is written in the caller's transaction (it never commits on its
own), so a change and its access record land together or not at all.

Also here: the registries that let modules say which subjects *are* a citizen
(``register_subject_resolver``) and how their record kinds are labelled for
residents (``register_record_kind``), and the chain verification used by
``manage.py verify_audit_chain`` and the staff verification page.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.ipv6 import clean_ipv6_address

from yakuba.core.logging import current_request_id
from yakuba.core.privacy_register import all_purposes
from yakuba.identity.permissions import ActiveRole, primary_unit

from .models import GENESIS_HASH, HASHED_FIELDS, AccessRecord, ChainHead, hash_payload


@dataclass(frozen=True)
class Subject:
    """Whose data was accessed: ``kind`` names the record family, ``id`` its primary key."""

    kind: str  # e.g. "identity.citizen", "residents.person"
    id: str
    label: str = ""  # never stored; for display to staff only


class UnknownPurposeError(ValueError):
    """The purpose is not declared by any personal-information file."""


SubjectResolver = Callable[[Any], Iterable[Subject]]
_resolvers: list[SubjectResolver] = []
_record_kinds: dict[str, str | Promise] = {}


def register_subject_resolver(resolver: SubjectResolver) -> SubjectResolver:
    """Declare how a citizen account maps to subjects of records (called in ``ready()``)."""
    if resolver not in _resolvers:
        _resolvers.append(resolver)
    return resolver


def subjects_for(user) -> list[Subject]:
    """Every subject that *is* this citizen (their account, their resident record…)."""
    subjects: list[Subject] = []
    for resolver in _resolvers:
        for subject in resolver(user):
            if subject not in subjects:
                subjects.append(subject)
    return subjects


SubjectAlias = Callable[[str], Iterable[Subject]]
_aliases: dict[str, SubjectAlias] = {}


def register_subject_alias(kind: str, alias: SubjectAlias) -> SubjectAlias:
    """Declare which other subjects a record of ``kind`` is also about: a facility user
    registration made from a citizen account linked to a resident record is that
    resident too.  ``alias(subject_id)`` returns those subjects (may be empty)."""
    _aliases[kind] = alias
    return alias


def same_person_subjects(subject: Subject) -> list[Subject]:
    """``subject`` and every subject registered as the same person (one level)."""
    subjects = [subject]
    alias = _aliases.get(subject.kind)
    if alias is not None:
        subjects += [other for other in alias(subject.id) if other not in subjects]
    return subjects


def register_record_kind(key: str, label: str | Promise) -> None:
    """Give a record kind a human label for the resident's access-record page."""
    _record_kinds[key] = label


def record_kind_label(key: str) -> str | Promise:
    return _record_kinds.get(key, key)


def _client_ip(request: HttpRequest | None) -> str | None:
    """REMOTE_ADDR only, in the form the database returns it (so the hash still matches).

    X-Forwarded-For is never read: a client can forge it. nginx must connect to
    the application so that REMOTE_ADDR is the real client (docs/modules/audit.md).
    """
    if request is None:
        return None
    address = (request.META.get("REMOTE_ADDR") or "").strip()
    try:
        validate_ipv46_address(address)
    except ValidationError:
        return None
    return clean_ipv6_address(address) if ":" in address else address


def _unit_snapshot(actor, day: datetime.date) -> ActiveRole | None:
    """The actor's unit on ``day``, cached on the user object (one lookup per request)."""
    if actor is None:
        return None
    cache = actor.__dict__.setdefault("_yakuba_audit_unit", {})
    if day not in cache:
        cache[day] = primary_unit(actor, day)
    return cache[day]


def _actor_display(actor, system_actor: str) -> str:
    if actor is None:
        return (system_actor or "system")[:100]
    return str(actor)[:100]


def _lock_chain_head() -> ChainHead:
    """``SELECT … FOR UPDATE`` the chain head, creating it on the very first append."""
    head = ChainHead.objects.select_for_update().filter(singleton=True).first()
    if head is not None:
        return head
    try:
        with transaction.atomic():  # a savepoint: losing the creation race is fine
            ChainHead.objects.create(singleton=True)
    except IntegrityError:
        pass
    return ChainHead.objects.select_for_update().get(singleton=True)


def record_access(
    actor,
    *,
    subject: Subject,
    record_kind: str,
    fields: Sequence[str],
    purpose: str,
    action: str = AccessRecord.Action.READ,
    request: HttpRequest | None = None,
    system_actor: str = "",
) -> AccessRecord:
    """Append one access record to the hash chain and return it.

    ``actor`` is the staff user (``None`` for a system job; then ``system_actor``
    names it). Raises :class:`UnknownPurposeError` (a ``ValueError``) when
    ``purpose`` is not a legal purpose declared in the register of
    personal-information files, and ``ValueError`` for an unknown ``action``.

    Runs in the caller's transaction when there is one (no savepoint, so a
    failure here fails the caller's whole change); otherwise in its own.
    Costs one ``SELECT … FOR UPDATE``, one ``INSERT`` and one ``UPDATE`` (plus
    one lookup of the actor's unit per request).
    """
    purposes = all_purposes()
    if purpose not in purposes:
        raise UnknownPurposeError(purpose)
    if action not in AccessRecord.Action.values:
        raise ValueError(f"unknown action {action!r}")
    declared = purposes[purpose]
    with translation.override("ja"):
        label_ja = str(declared.label)
    with translation.override("en"):
        label_en = str(declared.label)
    now = timezone.now()
    unit = _unit_snapshot(actor, timezone.localdate(now))
    request_id = getattr(request, "request_id", None) or current_request_id()

    record = AccessRecord(
        created=now,
        occurred_at=now,
        actor=actor,
        actor_display=_actor_display(actor, system_actor),
        actor_staff_number=getattr(actor, "staff_number", "") or "",
        org_unit_code=unit.org_unit_code if unit else "",
        org_unit_name=unit.org_unit_name if unit else "",
        org_unit_name_en=unit.org_unit_name_en if unit else "",
        subject_kind=subject.kind,
        subject_id=str(subject.id),
        record_kind=record_kind,
        fields=[str(field) for field in fields],
        action=str(action),
        purpose=purpose,
        purpose_label=label_ja,
        purpose_label_en=label_en,
        request_id="" if request_id in (None, "-") else str(request_id)[:64],
        ip_address=_client_ip(request),
    )
    with transaction.atomic(savepoint=False):
        head = _lock_chain_head()
        record.sequence = head.last_sequence + 1
        record.previous_hash = head.last_hash or GENESIS_HASH
        record.record_hash = record.compute_hash()
        record.save(force_insert=True)
        ChainHead.objects.filter(pk=head.pk).update(
            last_sequence=record.sequence, last_hash=record.record_hash, updated=now
        )
    return record


# --- Verification -------------------------------------------------------------------


class Problem:
    """What can be wrong with a link of the chain."""

    GAP = "gap"  # a sequence number is missing (a deleted record)
    BROKEN_LINK = "broken_link"  # previous_hash is not the preceding record's hash
    HASH_MISMATCH = "hash_mismatch"  # the content no longer matches its hash (altered)
    HEAD_MISMATCH = "head_mismatch"  # the chain head disagrees with the last record
    MALFORMED = "malformed"  # an exported line is not a record


@dataclass(frozen=True)
class ChainVerdict:
    """Result of verifying the chain: ``ok`` or the first broken link."""

    ok: bool
    checked: int
    broken_sequence: int | None = None
    problem: str = ""
    last_hash: str = GENESIS_HASH


_EXPORTED_KEYS = {*HASHED_FIELDS, "record_hash"}


def verify_records(
    records: Iterable[Mapping[str, Any]],
    *,
    first_sequence: int = 1,
    previous_hash: str = GENESIS_HASH,
) -> ChainVerdict:
    """Check an ordered stream of records (hashed values plus ``record_hash``).

    ``first_sequence`` and ``previous_hash`` say where the stream starts: the
    genesis for a whole chain, or the published head of an earlier export.
    """
    expected_sequence = first_sequence
    checked = 0
    for values in records:
        if set(values) != _EXPORTED_KEYS:
            return ChainVerdict(False, checked, expected_sequence, Problem.MALFORMED, previous_hash)
        try:
            sequence = int(values["sequence"])
            stored_previous = values["previous_hash"]
            stored_hash = values["record_hash"]
            hashed = {key: value for key, value in values.items() if key != "record_hash"}
            computed = hash_payload(hashed)
        except (KeyError, TypeError, ValueError):
            return ChainVerdict(False, checked, expected_sequence, Problem.MALFORMED, previous_hash)
        if sequence != expected_sequence:
            return ChainVerdict(False, checked, expected_sequence, Problem.GAP, previous_hash)
        if stored_previous != previous_hash:
            return ChainVerdict(False, checked, sequence, Problem.BROKEN_LINK, previous_hash)
        if computed != stored_hash:
            return ChainVerdict(False, checked, sequence, Problem.HASH_MISMATCH, previous_hash)
        previous_hash = stored_hash
        expected_sequence += 1
        checked += 1
    return ChainVerdict(True, checked, last_hash=previous_hash)


def verify_chain(chunk_size: int = 2000) -> ChainVerdict:
    """Recompute every hash in sequence order; report the first broken link.

    The head is read first: records appended while the check runs are left for
    the next run, and a record missing at the end shows as a gap.
    """
    head = ChainHead.objects.filter(singleton=True).first()
    last_sequence = head.last_sequence if head else 0
    records = (
        AccessRecord.objects.filter(sequence__lte=last_sequence)
        .order_by("sequence")
        .iterator(chunk_size=chunk_size)
    )
    verdict = verify_records(
        {**record.hashed_values(), "record_hash": record.record_hash} for record in records
    )
    if not verdict.ok:
        return verdict
    if verdict.checked < last_sequence:
        return ChainVerdict(
            False, verdict.checked, verdict.checked + 1, Problem.GAP, verdict.last_hash
        )
    if head is not None and head.last_hash != verdict.last_hash:
        return ChainVerdict(
            False, verdict.checked, last_sequence, Problem.HEAD_MISMATCH, verdict.last_hash
        )
    # A record can only be committed together with the head that counts it, so a
    # record beyond the head as read *after* it means the head was rewound or rows
    # were inserted behind the application's back (concurrent appends are fine).
    beyond = AccessRecord.objects.filter(sequence__gt=last_sequence).aggregate(
        highest=Max("sequence")
    )["highest"]
    if beyond is not None:
        current = ChainHead.objects.filter(singleton=True).first()
        if current is None or current.last_sequence < beyond:
            return ChainVerdict(
                False, verdict.checked, last_sequence + 1, Problem.HEAD_MISMATCH, verdict.last_hash
            )
    return verdict
