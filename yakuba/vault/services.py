"""Every write of the My Number vault: recording a number, replacing it, rotating keys.

Other modules call :func:`register_number` (and read through
:mod:`yakuba.vault.queries`, re-exported here: :func:`reveal_number`,
:func:`masked_number`, :func:`find_person_by_number`).  Each write is atomic,
checks the policy, validates, writes, and records the access in the same
transaction.  No function here logs, prints or raises a clear number.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from yakuba.audit.services import Subject, record_access
from yakuba.core.bulk import copy_rows
from yakuba.core.japanese import format_date_both

from .crypto import Cipher, VaultError, WrongKeyError, current_cipher, derive
from .models import KeyFingerprint, MyNumber, MyNumberHistory, Replacement
from .numbers import MyNumberError, is_valid, mask, normalize_my_number
from .policies import RECORD_PURPOSE, may_register, may_replace
from .queries import (  # noqa: F401  (public API: reads live in queries.py)
    NumberMatch,
    NumberSummary,
    find_person_by_number,
    masked_number,
    number_summary,
    open_row,
    reveal_number,
)

logger = logging.getLogger("yakuba.vault")

PERSON_SUBJECT_KIND = "residents.person"
RECORD_KIND = "vault.mynumber"
NUMBER_FIELD = "個人番号"
#: 個人番号の指定・通知が始まった日 (番号法の個人番号に係る規定の施行日).
FIRST_ASSIGNMENT_DATE = datetime.date(2015, 10, 5)


def _person_model():
    """The residents' Person model, reached through this module's own foreign key."""
    return MyNumber._meta.get_field("person").related_model


# ------------------------------------------------------------------- key fingerprints

_verified_fingerprints: set[tuple[str, str]] = set()


def ensure_active_key_fingerprint(cipher: Cipher) -> None:
    """Record the active key's fingerprint, or refuse a different secret under a used key id.

    Raises :class:`~yakuba.vault.crypto.WrongKeyError` when the key id already
    encrypted numbers with another secret: writing with it would leave two
    unreadable generations under one id.  Checked once per process and key.
    """
    marker = (cipher.active.key_id, cipher.active.fingerprint)
    if marker in _verified_fingerprints:
        return
    stored = KeyFingerprint.objects.filter(key_id=cipher.active.key_id).first()
    if stored is None:
        try:
            with transaction.atomic():
                stored = KeyFingerprint.objects.create(
                    key_id=cipher.active.key_id, fingerprint=cipher.active.fingerprint
                )
        except IntegrityError:
            stored = KeyFingerprint.objects.get(key_id=cipher.active.key_id)
    if stored.fingerprint != cipher.active.fingerprint:
        logger.error(
            "mynumber key mismatch",
            extra={"event": "vault.key_mismatch", "key_id": cipher.active.key_id},
        )
        raise WrongKeyError(f"key id {cipher.active.key_id!r} has another fingerprint")
    _verified_fingerprints.add(marker)


# --------------------------------------------------------------------------- register


@dataclass(frozen=True)
class RegisteredNumber:
    """The outcome of :func:`register_number` (masked: the clear number is not returned)."""

    person_id: int
    masked: str
    assigned_on: datetime.date
    replaced: bool


def _number_error(error: MyNumberError) -> ValidationError:
    return ValidationError(
        {"number": ValidationError(error.message, code=error.code, params=error.params)}
    )


def _in_use() -> MyNumberError:
    return MyNumberError(
        "number_in_use",
        _("この個人番号は既にほかの住民に記載されています。番号を確かめてください。"),
    )


def _validate_assigned_on(assigned_on: datetime.date, birth_date: datetime.date) -> None:
    today = timezone.localdate()
    if assigned_on > today:
        raise ValidationError(
            {"assigned_on": ValidationError(_("記載日に未来の日付は指定できません。"), "future")}
        )
    if assigned_on < FIRST_ASSIGNMENT_DATE:
        raise ValidationError(
            {
                "assigned_on": ValidationError(
                    _(
                        "記載日は平成27年10月5日（個人番号の指定が始まった日）以降の日付にしてください。"
                    ),
                    "before_my_number",
                )
            }
        )
    if assigned_on < birth_date:
        raise ValidationError(
            {
                "assigned_on": ValidationError(
                    _("記載日が生年月日より前になっています。"), "before_birth"
                )
            }
        )


@sensitive_variables("number", "digits")
@transaction.atomic
def register_number(
    actor: Any,
    person_id: int,
    number: str,
    *,
    purpose: str,
    request: HttpRequest | None = None,
    assigned_on: datetime.date | None = None,
    reason: str | None = None,
    system_actor: str = "",
) -> RegisteredNumber:
    """Record ``number`` as the person's 個人番号 (or replace the recorded one).

    * ``purpose`` must be ``mynumber_resident_record``; ``actor`` must be a
      市民課 operator, and an approver when the person already has a number
      (``PermissionDenied``).  ``actor=None`` is a system job named by
      ``system_actor`` (e.g. the sync from the city's standard system).
    * ``number`` is normalised (full-width digits, spaces, hyphens) and its check
      digit verified; ``assigned_on`` (default today) is not in the future, not
      before 2015-10-05 and not before the birth date.
    * A person who already has a number needs ``reason`` (``changed``: the number
      leaked and a new one was designated; ``corrected``: the recorded one was a
      mistake); the old number moves to the history.
    * Refused (``ValidationError`` with field errors, in Japanese): a number held
      by someone else, a number that was changed away from (never reissued), the
      same number again, a removed person (除票).
    * Writes one access record (action ``create`` or ``update``, fields
      ``["個人番号"]``) on the person, in the same transaction.
    """
    if purpose != RECORD_PURPOSE:
        raise ValidationError(_("この利用目的では個人番号を記載できません。"), code="wrong_purpose")
    if actor is not None and not may_register(actor):
        raise PermissionDenied
    try:
        digits = normalize_my_number(number)
    except MyNumberError as error:
        raise _number_error(error) from None
    assigned_on = assigned_on or timezone.localdate()

    person = _person_model().objects.select_for_update().filter(pk=person_id).first()
    if person is None:
        raise ValidationError(_("指定された住民が見つかりません。"), code="no_person")
    if person.status != "resident":
        raise ValidationError(
            _("消除された住民票（除票）には個人番号を記載できません。"), code="removed"
        )
    _validate_assigned_on(assigned_on, person.birth_date)

    cipher = current_cipher()
    ensure_active_key_fingerprint(cipher)
    indexes = cipher.blind_indexes(digits)
    current = MyNumber.objects.select_for_update().filter(person_id=person_id).first()
    if current is not None:
        if actor is not None and not may_replace(actor):
            raise PermissionDenied
        if reason not in Replacement.values:
            raise ValidationError(
                {
                    "reason": ValidationError(
                        _("既に個人番号が記載されています。変更の理由を選んでください。"),
                        "reason_required",
                    )
                }
            )
        if assigned_on < current.assigned_on:
            raise ValidationError(
                {
                    "assigned_on": ValidationError(
                        _("記載日は、以前の番号の記載日（%(date)s）以降にしてください。"),
                        "before_previous",
                        {"date": format_date_both(current.assigned_on)},
                    )
                }
            )
        if current.blind_index in indexes:
            raise _number_error(
                MyNumberError("same_number", _("この個人番号は既に記載されています。"))
            )
    if MyNumber.objects.filter(blind_index__in=indexes).exclude(person_id=person_id).exists():
        raise _number_error(_in_use())
    if MyNumberHistory.objects.filter(blind_index__in=indexes, reason=Replacement.CHANGED).exists():
        raise _number_error(
            MyNumberError(
                "number_retired",
                _("この個人番号は変更前の番号として記録されているため、記載できません。"),
            )
        )

    sealed = cipher.seal(person_id, digits)
    if current is None:
        action = "create"
        try:
            with transaction.atomic():
                MyNumber.objects.create(
                    person_id=person_id,
                    key_id=sealed.key_id,
                    ciphertext=sealed.ciphertext,
                    blind_index=sealed.blind_index,
                    assigned_on=assigned_on,
                )
        except IntegrityError:  # a concurrent registration won the race
            raise _number_error(_in_use()) from None
    else:
        action = "update"
        MyNumberHistory.objects.create(
            person_id=person_id,
            key_id=current.key_id,
            ciphertext=current.ciphertext,
            blind_index=current.blind_index,
            assigned_on=current.assigned_on,
            replaced_on=assigned_on,
            reason=reason,
        )
        current.key_id = sealed.key_id
        current.ciphertext = sealed.ciphertext
        current.blind_index = sealed.blind_index
        current.assigned_on = assigned_on
        try:
            with transaction.atomic():
                current.save(
                    update_fields=["key_id", "ciphertext", "blind_index", "assigned_on", "updated"]
                )
        except IntegrityError:
            raise _number_error(_in_use()) from None

    record_access(
        actor,
        subject=Subject(PERSON_SUBJECT_KIND, str(person_id)),
        record_kind=RECORD_KIND,
        fields=[NUMBER_FIELD],
        purpose=purpose,
        action=action,
        request=request,
        system_actor=system_actor or "yakuba.vault",
    )
    logger.info(
        "mynumber recorded",
        extra={"event": "vault.recorded", "action": action, "key_id": sealed.key_id},
    )
    return RegisteredNumber(person_id, mask(digits), assigned_on, current is not None)


# -------------------------------------------------------------------------- bulk seal


@dataclass(frozen=True)
class NewNumber:
    """One number for :func:`bulk_register_numbers` (system imports and the demo)."""

    person_id: int
    number: str
    assigned_on: datetime.date


def bulk_register_numbers(numbers: Iterable[NewNumber], *, batch_size: int = 1000) -> int:
    """Seal and insert numbers for people who have none, in batches (system import).

    Every number must be 12 ASCII digits with a valid check digit (``ValueError``
    names the person, never the number); people who already have a number
    are skipped.  Not an access by staff, so no access records (as for the
    residents' bulk import).  Returns the count inserted.  A number already
    held by someone fails the whole import (``IntegrityError``), nothing written.

    The rows go in through :func:`yakuba.core.bulk.copy_rows` (``COPY`` on
    PostgreSQL, ``executemany`` on SQLite) rather than ``bulk_create``: building 70,000 model instances cost
    more than the encryption itself (docs/modules/vault.md has the
    measurements).  The database constraints check every row as usual; both
    paths are tested on both databases (``tests/test_demo.py``).
    """
    cipher = current_cipher()
    ensure_active_key_fingerprint(cipher)
    pending = list(numbers)
    wanted = [item.person_id for item in pending]
    taken: set[int] = set()
    if len(wanted) > 10_000:  # reading every id is cheaper than a long IN list
        taken.update(MyNumber.objects.values_list("person_id", flat=True))
    elif wanted:
        taken.update(
            MyNumber.objects.filter(person_id__in=wanted).values_list("person_id", flat=True)
        )
    operations = connection.ops
    now = operations.adapt_datetimefield_value(timezone.now())
    columns = [MyNumber._meta.get_field(name).column for name in _BULK_COLUMNS]

    created = 0
    rows: list[tuple] = []
    with transaction.atomic():
        for item in pending:
            if item.person_id in taken:
                continue
            if not is_valid(item.number):
                raise ValueError(f"not a valid 個人番号 for person {item.person_id}")
            sealed = cipher.seal(item.person_id, item.number)
            rows.append(
                (
                    now,
                    now,
                    item.person_id,
                    sealed.key_id,
                    sealed.ciphertext,
                    sealed.blind_index,
                    operations.adapt_datefield_value(item.assigned_on),
                )
            )
            taken.add(item.person_id)
            if len(rows) >= batch_size:
                copy_rows(MyNumber, columns, rows)
                created += len(rows)
                rows = []
        if rows:
            copy_rows(MyNumber, columns, rows)
            created += len(rows)
    logger.info("mynumber bulk import", extra={"event": "vault.bulk", "count": created})
    return created


_BULK_COLUMNS = (
    "created",
    "updated",
    "person",
    "key_id",
    "ciphertext",
    "blind_index",
    "assigned_on",
)


# --------------------------------------------------------------------------- rotation


@dataclass(frozen=True)
class RotationResult:
    """What :func:`rotate_keys` did: rows re-encrypted, and rows still under other keys."""

    key_id: str
    current: int
    history: int
    remaining: int


def _rotate_table(model, cipher: Cipher, batch_size: int) -> int:
    active = cipher.active.key_id
    done = 0
    while True:
        with transaction.atomic():
            rows = list(
                model.objects.select_for_update().exclude(key_id=active).order_by("pk")[:batch_size]
            )
            if not rows:
                return done
            for row in rows:
                digits = open_row(cipher, row)
                sealed = cipher.seal(row.person_id, digits)
                row.key_id = sealed.key_id
                row.ciphertext = sealed.ciphertext
                row.blind_index = sealed.blind_index
            model.objects.bulk_update(rows, ["key_id", "ciphertext", "blind_index"])
            done += len(rows)


def rotate_keys(*, batch_size: int = 500) -> RotationResult:
    """Re-encrypt (and re-index) every number not under the active key, batch by batch.

    Run after putting a new key **first** in the configuration and restarting
    (the old key stays listed, so every process can still read both).  Each
    batch is its own transaction, so the command can be stopped and run again.
    Lookups work throughout: they try the index of every configured key.  A
    row that does not decrypt stops the run with its
    :class:`~yakuba.vault.crypto.VaultError` (nothing of that batch is written).
    """
    cipher = current_cipher()
    ensure_active_key_fingerprint(cipher)
    current = _rotate_table(MyNumber, cipher, batch_size)
    history = _rotate_table(MyNumberHistory, cipher, batch_size)
    remaining = (
        MyNumber.objects.exclude(key_id=cipher.active.key_id).count()
        + MyNumberHistory.objects.exclude(key_id=cipher.active.key_id).count()
    )
    logger.info(
        "mynumber keys rotated",
        extra={
            "event": "vault.rotated",
            "key_id": cipher.active.key_id,
            "current": current,
            "history": history,
            "remaining": remaining,
        },
    )
    return RotationResult(cipher.active.key_id, current, history, remaining)


@dataclass(frozen=True)
class VerificationResult:
    """What :func:`verify_numbers` found: rows checked, and (table, person id, problem) failures."""

    checked: int
    failures: list[tuple[str, int, str]]
    by_key: dict[str, int]


def verify_numbers(*, chunk_size: int = 2000) -> VerificationResult:
    """Open every stored number and check its index (integrity check for operators).

    Reports, per failing row, the table, the person id and the problem code
    (``unknown_key``, ``wrong_key``, ``tampered``, ``index_mismatch``) — never a number.
    """
    cipher = current_cipher()
    failures: list[tuple[str, int, str]] = []
    by_key: dict[str, int] = {}
    checked = 0
    for model in (MyNumber, MyNumberHistory):
        rows = model.objects.order_by("pk").only("person_id", "key_id", "ciphertext", "blind_index")
        for row in rows.iterator(chunk_size=chunk_size):
            checked += 1
            by_key[row.key_id] = by_key.get(row.key_id, 0) + 1
            try:
                digits = open_row(cipher, row)
            except VaultError as error:
                failures.append((model._meta.model_name, row.person_id, error.code))
                continue
            key = cipher.keyring.get(row.key_id)
            if key is None or cipher.blind_index(digits, derive(key)) != row.blind_index:
                failures.append((model._meta.model_name, row.person_id, "index_mismatch"))
    return VerificationResult(checked, failures, by_key)
