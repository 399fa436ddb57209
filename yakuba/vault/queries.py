"""Every read of the My Number vault, narrowed by the policy and audited.

* :func:`masked_number` / :func:`number_summary` — ``********1234`` and dates,
  for anyone who may open the vault's pages (not a disclosure of the number;
  not recorded);
* :func:`reveal_number` — the clear number, for a 特定個人情報 purpose the
  actor's department holds; **always** records the access on the person;
* :func:`find_person_by_number` — "who has this number?", recorded on the
  person found (or as a lookup without a match).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.views.decorators.debug import sensitive_variables

from yakuba.audit.services import Subject, record_access

from .crypto import Cipher, TamperedError, VaultError, WrongKeyError, current_cipher, derive
from .models import KeyFingerprint, MyNumber, MyNumberHistory, Replacement
from .numbers import MyNumberError, mask, normalize_my_number
from .policies import is_vault_purpose, may_reveal

logger = logging.getLogger("yakuba.vault")

PERSON_SUBJECT_KIND = "residents.person"
RECORD_KIND = "vault.mynumber"
LOOKUP_RECORD_KIND = "vault.lookup"
NUMBER_FIELD = "個人番号"
LOOKUP_FIELDS = ("個人番号", "氏名", "氏名（カナ）", "生年月日")


def open_row(cipher: Cipher, row: MyNumber | MyNumberHistory) -> str:
    """Decrypt a stored row; a failed tag is reported as a wrong key when the fingerprints differ."""
    try:
        return cipher.open(row.person_id, row.key_id, row.ciphertext)
    except TamperedError:
        key = cipher.keyring.get(row.key_id)
        stored = (
            KeyFingerprint.objects.filter(key_id=row.key_id)
            .values_list("fingerprint", flat=True)
            .first()
        )
        if key is not None and stored is not None and stored != derive(key).fingerprint:
            logger.error(
                "mynumber key mismatch", extra={"event": "vault.wrong_key", "key_id": row.key_id}
            )
            raise WrongKeyError(f"key id {row.key_id!r} has another fingerprint") from None
        logger.error(
            "mynumber ciphertext rejected", extra={"event": "vault.tampered", "key_id": row.key_id}
        )
        raise


# ----------------------------------------------------------------------------- masked


@dataclass(frozen=True)
class FormerNumber:
    masked: str
    assigned_on: datetime.date
    replaced_on: datetime.date
    reason: str
    reason_label: str


@dataclass(frozen=True)
class NumberSummary:
    """The masked current number, its date, and the masked earlier numbers (newest first)."""

    person_id: int
    masked: str | None
    assigned_on: datetime.date | None
    history: list[FormerNumber] = field(default_factory=list)


def masked_number(person_id: int) -> str | None:
    """``********1234`` for the person's current number, ``None`` when none is recorded.

    Decrypts in memory to mask (no clear last digits are stored).  Raises a
    :class:`~yakuba.vault.crypto.VaultError` when the number cannot be opened.
    """
    row = MyNumber.objects.filter(person_id=person_id).first()
    return None if row is None else mask(open_row(current_cipher(), row))


def number_summary(person_id: int) -> NumberSummary:
    """The masked current number with its date and the masked history (for staff pages)."""
    row = MyNumber.objects.filter(person_id=person_id).first()
    history_rows = list(MyNumberHistory.objects.filter(person_id=person_id))
    if row is None and not history_rows:
        return NumberSummary(person_id, None, None)
    cipher = current_cipher()
    history = [
        FormerNumber(
            mask(open_row(cipher, former)),
            former.assigned_on,
            former.replaced_on,
            former.reason,
            str(Replacement(former.reason).label),
        )
        for former in history_rows
    ]
    return NumberSummary(
        person_id,
        None if row is None else mask(open_row(cipher, row)),
        None if row is None else row.assigned_on,
        history,
    )


# ----------------------------------------------------------------------------- reveal


def _require_reveal(actor: Any, purpose: str) -> None:
    if not (is_vault_purpose(purpose) and may_reveal(actor, purpose)):
        logger.warning(
            "mynumber reveal refused",
            extra={"event": "vault.refused", "purpose": str(purpose)[:64]},
        )
        raise PermissionDenied


def _person_exists(person_id: int) -> bool:
    person_model = MyNumber._meta.get_field("person").related_model
    return person_model.objects.filter(pk=person_id).exists()


@sensitive_variables("number")
def reveal_number(
    actor: Any, person_id: int, *, purpose: str, request: HttpRequest | None = None
) -> str | None:
    """The person's clear 12-digit number, or ``None`` when none is recorded.

    Only for a 特定個人情報 purpose of this module's file that the actor's
    department holds (``policies.may_reveal``), else ``PermissionDenied``;
    ``Http404`` for an unknown person.  Every call that passes the policy
    writes one access record on the person (fields ``["個人番号"]``, action
    ``read``) — also when no number is recorded, since the answer "none" is
    itself read from the vault.  A number that cannot be decrypted raises a
    :class:`~yakuba.vault.crypto.VaultError` and records nothing.
    """
    _require_reveal(actor, purpose)
    row = MyNumber.objects.filter(person_id=person_id).first()
    if row is None and not _person_exists(person_id):
        raise Http404
    number = None if row is None else open_row(current_cipher(), row)
    with transaction.atomic():
        record_access(
            actor,
            subject=Subject(PERSON_SUBJECT_KIND, str(person_id)),
            record_kind=RECORD_KIND,
            fields=[NUMBER_FIELD],
            purpose=purpose,
            request=request,
        )
    logger.info(
        "mynumber revealed",
        extra={"event": "vault.revealed", "purpose": purpose, "found": number is not None},
    )
    return number


#: The purpose of a number printed on a 住民票の写し the holder asked for (declared in
#: this module's 特定個人情報ファイル, ``policies.PURPOSES``).
CERTIFICATE_PURPOSE = "mynumber_certificate"
#: How the access record names the system that read the number for the holder.
KIOSK_SYSTEM_ACTOR = "コンビニ交付（本人の請求）"


@sensitive_variables("number")
def number_for_own_certificate(
    person_id: int,
    *,
    holder_id: int,
    request: HttpRequest | None = None,
    system_actor: str = KIOSK_SYSTEM_ACTOR,
) -> str | None:
    """The clear number of ``person_id`` for a 住民票の写し that the card holder
    ``holder_id`` asked to show 個人番号 on (住民基本台帳法第12条, 番号法第7条).

    A **system read** on behalf of a holder authenticated by the My Number card at a
    kiosk, for the holder's own certificate: the holder, or a member of the holder's
    household shown on it (the caller — ``yakuba.certificates.content`` — checks that;
    no staff policy applies). Always writes one access record on the person (actor
    ``None`` named ``system_actor``, record kind ``vault.mynumber``, fields
    ``["個人番号"]``, purpose ``mynumber_certificate``), in the caller's transaction,
    also when no number is recorded. ``Http404`` for an unknown person; a number that
    cannot be decrypted raises a :class:`~yakuba.vault.crypto.VaultError` and records
    nothing.
    """
    row = MyNumber.objects.filter(person_id=person_id).first()
    if row is None and not _person_exists(person_id):
        raise Http404
    number = None if row is None else open_row(current_cipher(), row)
    with transaction.atomic():
        record_access(
            None,
            subject=Subject(PERSON_SUBJECT_KIND, str(person_id)),
            record_kind=RECORD_KIND,
            fields=[NUMBER_FIELD],
            purpose=CERTIFICATE_PURPOSE,
            request=request,
            system_actor=system_actor,
        )
    logger.info(
        "mynumber read for a certificate",
        extra={
            "event": "vault.revealed",
            "purpose": CERTIFICATE_PURPOSE,
            "found": number is not None,
            "own": person_id == holder_id,
        },
    )
    return number


# ----------------------------------------------------------------------------- lookup


@dataclass(frozen=True)
class NumberMatch:
    """The person a number belongs to (``current``) or belonged to (an earlier number)."""

    person_id: int
    full_name: str
    full_name_kana: str
    birth_date: datetime.date
    status: str
    current: bool
    replaced_on: datetime.date | None = None
    reason: str = ""


@sensitive_variables("number", "digits")
def find_person_by_number(
    actor: Any, number: str, *, purpose: str, request: HttpRequest | None = None
) -> NumberMatch | None:
    """Who has (or had) this number: the current holder first, else an earlier holder.

    Same policy as :func:`reveal_number`.  ``number`` is normalised and
    checked (``ValidationError`` on the ``number`` field).  Matches through the
    blind index of every configured key (works during a key rotation).  A match
    writes one access record on that person (number, name, kana, birth date);
    no match writes one record of kind ``vault.lookup`` with subject ``-``, so
    that fishing for numbers leaves a trace too.
    """
    _require_reveal(actor, purpose)
    try:
        digits = normalize_my_number(number)
    except MyNumberError as error:
        raise ValidationError(
            {"number": ValidationError(error.message, code=error.code, params=error.params)}
        ) from None
    indexes = current_cipher().blind_indexes(digits)
    match: NumberMatch | None = None
    current = MyNumber.objects.select_related("person").filter(blind_index__in=indexes).first()
    if current is not None:
        match = _match(current.person, current=True)
    else:
        former = (
            MyNumberHistory.objects.select_related("person")
            .filter(blind_index__in=indexes)
            .order_by("-replaced_on", "-pk")
            .first()
        )
        if former is not None:
            match = _match(
                former.person, current=False, replaced_on=former.replaced_on, reason=former.reason
            )
    with transaction.atomic():
        if match is not None:
            record_access(
                actor,
                subject=Subject(PERSON_SUBJECT_KIND, str(match.person_id)),
                record_kind=RECORD_KIND,
                fields=list(LOOKUP_FIELDS),
                purpose=purpose,
                request=request,
            )
        else:
            record_access(
                actor,
                subject=Subject(LOOKUP_RECORD_KIND, "-"),
                record_kind=LOOKUP_RECORD_KIND,
                fields=[NUMBER_FIELD],
                purpose=purpose,
                request=request,
            )
    logger.info(
        "mynumber lookup",
        extra={"event": "vault.lookup", "purpose": purpose, "found": match is not None},
    )
    return match


def _match(person: Any, **extra: Any) -> NumberMatch:
    return NumberMatch(
        person_id=person.pk,
        full_name=person.full_name,
        full_name_kana=person.full_name_kana,
        birth_date=person.birth_date,
        status=person.status,
        **extra,
    )


__all__ = [
    "FormerNumber",
    "NumberMatch",
    "NumberSummary",
    "VaultError",
    "find_person_by_number",
    "masked_number",
    "number_for_own_certificate",
    "number_summary",
    "open_row",
    "person_exists",
    "reveal_number",
]


def person_exists(person_id: int) -> bool:
    """Whether a resident record with this id exists (for the pages' 404)."""
    return _person_exists(person_id)
