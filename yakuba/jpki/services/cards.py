"""Issuing cards, revoking certificates, resetting PINs — the 市民課 counter's work.

A staff ``actor`` needs the 市民課 operator role (``policies.OPERATE_GRANTS``);
each write leaves one access record on the person (record kind ``jpki.card``,
purpose ``jpki_card_administration``).  ``actor=None`` is the system (the
``jpki`` command, the demo loader, the handler of 異動 events): not an access
by staff, nothing is recorded.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.audit.services import Subject, record_access

from ..authority import (
    Authority,
    generate_key,
    issue_certificate,
    load_authority,
    seal_private_key,
)
from ..events import card_issued, certificate_revoked
from ..models import Card, CardCertificate, CertificateKind, KeyAlgorithm, RevocationReason
from ..policies import CARD_PURPOSE, may_operate_cards
from ..rules import may_hold_signing_certificate, validate_new_pin, validity_end

PERSON_SUBJECT_KIND = "residents.person"
RECORD_KIND = "jpki.card"
ISSUE_FIELDS = ("カード番号", "利用者証明用電子証明書", "署名用電子証明書", "暗証番号")
REVOKE_FIELDS = ("電子証明書の失効",)
PIN_FIELDS = ("暗証番号",)

#: Which 異動 revoke which certificates (handlers.py), and the reason recorded.
MOVEMENT_REVOCATIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "move_within": ((CertificateKind.SIGNING,), RevocationReason.ADDRESS_CHANGE),
    "move_out": ((CertificateKind.SIGNING,), RevocationReason.MOVE_OUT),
    "name_change": ((CertificateKind.SIGNING,), RevocationReason.NAME_CHANGE),
    "death": (
        (CertificateKind.SIGNING, CertificateKind.AUTHENTICATION),
        RevocationReason.DEATH,
    ),
}


def person_model() -> Any:
    """``residents.Person``, through this module's foreign key (no import of another module's models)."""
    return Card._meta.get_field("person").related_model


def _require_operator(actor: Any) -> None:
    if actor is not None and not may_operate_cards(actor):
        raise PermissionDenied


def _record(actor: Any, person_id: int, fields: Sequence[str], action: str, request) -> None:
    if actor is None:
        return
    record_access(
        actor,
        subject=Subject(PERSON_SUBJECT_KIND, str(person_id)),
        record_kind=RECORD_KIND,
        fields=list(fields),
        purpose=CARD_PURPOSE,
        action=action,
        request=request,
    )


def fresh_card_numbers(count: int) -> list[str]:
    """``count`` random 12-digit card numbers that no card has yet."""
    numbers: set[str] = set()
    while len(numbers) < count:
        candidates = {f"{secrets.randbelow(10**12):012d}" for _ in range(count - len(numbers))}
        candidates -= set(
            Card.objects.filter(card_number__in=candidates).values_list("card_number", flat=True)
        )
        numbers |= candidates
    return sorted(numbers)


@dataclass(frozen=True)
class IssuedCard:
    card_id: int
    card_number: str
    person_id: int
    kinds: tuple[str, ...]
    not_after: datetime.datetime
    replaced_card_id: int | None = None


@dataclass(frozen=True)
class _Prepared:
    kind: str
    serial: int
    certificate: x509.Certificate
    sealed: bytes
    pin_hash: str


def _prepare(
    authority: Authority,
    *,
    kind: str,
    algorithm: str,
    not_before: datetime.datetime,
    not_after: datetime.datetime,
    holder_name: str,
    pin_hash: str,
) -> _Prepared:
    key = generate_key(algorithm)
    serial = x509.random_serial_number()
    certificate = issue_certificate(
        authority,
        kind=kind,
        public_key=key.public_key(),
        serial_number=serial,
        not_before=not_before,
        not_after=not_after,
        holder_name=holder_name,
    )
    sealed = seal_private_key(authority, format(serial, "x"), key)
    return _Prepared(kind, serial, certificate, sealed, pin_hash)


def _certificate_row(card: Card, prepared: _Prepared, algorithm: str) -> CardCertificate:
    return CardCertificate(
        card=card,
        kind=prepared.kind,
        serial_number=format(prepared.serial, "x"),
        certificate_der=prepared.certificate.public_bytes(serialization.Encoding.DER),
        key_algorithm=algorithm,
        sealed_private_key=prepared.sealed,
        not_before=prepared.certificate.not_valid_before_utc,
        not_after=prepared.certificate.not_valid_after_utc,
        pin_hash=prepared.pin_hash,
    )


def _clean_pins(
    *, auth_pin: str, sign_pin: str | None, with_signing: bool, signing_allowed: bool
) -> tuple[str, str | None]:
    errors: dict[str, list[ValidationError]] = {}
    auth = sign = None
    try:
        auth = validate_new_pin(CertificateKind.AUTHENTICATION, auth_pin)
    except ValidationError as error:
        errors["auth_pin"] = [error]
    if with_signing and not signing_allowed:
        if sign_pin:
            errors["sign_pin"] = [
                ValidationError(
                    _("15歳未満の方には署名用電子証明書を発行できません。"), code="under_15"
                )
            ]
    elif with_signing:
        if not sign_pin:
            errors["sign_pin"] = [
                ValidationError(_("署名用の暗証番号を入力してください。"), code="sign_pin_required")
            ]
        else:
            try:
                sign = validate_new_pin(CertificateKind.SIGNING, sign_pin)
            except ValidationError as error:
                errors["sign_pin"] = [error]
    if errors:
        raise ValidationError(errors)
    assert auth is not None
    return auth, sign


def issue_card(
    actor: Any,
    person_id: int,
    *,
    auth_pin: str,
    sign_pin: str | None = None,
    with_signing: bool = True,
    key_algorithm: str | None = None,
    request: HttpRequest | None = None,
    now: datetime.datetime | None = None,
) -> IssuedCard:
    """Issue a card to a resident: key pairs, the certificates, the PINs the resident chose.

    The 署名用電子証明書 is issued when ``with_signing`` and the person is 15 or
    older (``sign_pin`` then required); under 15, asking for it with a PIN is a
    ``ValidationError`` on ``sign_pin``.  Both certificates run to the 5th
    birthday after today.  A card already in use is retired and its certificates
    revoked (``reissue``).  ``ValidationError`` (field errors ``auth_pin``,
    ``sign_pin``; ``removed`` for a 除票), ``Http404`` for an unknown person.
    """
    _require_operator(actor)
    now = (now or timezone.now()).replace(microsecond=0)
    today = timezone.localtime(now).date()
    person = person_model().objects.filter(pk=person_id).first()
    if person is None:
        raise Http404
    if person.status != "resident":
        raise ValidationError(
            _("住民票が消除された方（除票）にはカードを交付できません。"), code="removed"
        )
    signing_allowed = may_hold_signing_certificate(person.birth_date, today)
    auth, sign = _clean_pins(
        auth_pin=auth_pin,
        sign_pin=sign_pin,
        with_signing=with_signing,
        signing_allowed=signing_allowed,
    )
    algorithm = key_algorithm or _default_algorithm()
    authority = load_authority(create=True)
    not_after = validity_end(today, person.birth_date)
    name = f"{person.family_name} {person.given_name}"
    # Key generation (RSA: tens of milliseconds) happens before the transaction.
    prepared = [
        _prepare(
            authority,
            kind=CertificateKind.AUTHENTICATION,
            algorithm=algorithm,
            not_before=now,
            not_after=not_after,
            holder_name=name,
            pin_hash=make_password(auth),
        )
    ]
    if sign is not None:
        prepared.append(
            _prepare(
                authority,
                kind=CertificateKind.SIGNING,
                algorithm=algorithm,
                not_before=now,
                not_after=not_after,
                holder_name=name,
                pin_hash=make_password(sign),
            )
        )
    revoked: list[CardCertificate] = []
    with transaction.atomic():
        previous = (
            Card.objects.select_for_update()
            .filter(person_id=person_id, retired_at__isnull=True)
            .first()
        )
        if previous is not None:
            Card.objects.filter(pk=previous.pk).update(retired_at=now)
            revoked = _revoke_rows(
                CardCertificate.objects.filter(card=previous, revoked_at__isnull=True),
                reason=RevocationReason.REISSUE,
                actor=actor,
                now=now,
            )
        card = Card.objects.create(
            card_number=fresh_card_numbers(1)[0],
            person_id=person_id,
            issued_on=today,
            issued_by=actor,
        )
        CardCertificate.objects.bulk_create(
            [_certificate_row(card, item, algorithm) for item in prepared]
        )
        _record(actor, person_id, ISSUE_FIELDS, "create", request)
        kinds = tuple(item.kind for item in prepared)
        transaction.on_commit(
            lambda: card_issued.send(
                sender=Card, card_id=card.pk, person_id=person_id, kinds=list(kinds)
            )
        )
        _announce(revoked)
    return IssuedCard(
        card.pk,
        card.card_number,
        person_id,
        kinds,
        not_after,
        previous.pk if previous is not None else None,
    )


def _default_algorithm() -> str:
    from django.conf import settings

    return settings.YAKUBA_JPKI_KEY_ALGORITHM


def _revoke_rows(queryset, *, reason: str, actor: Any, now: datetime.datetime) -> list:
    """Revoke the unrevoked certificates of ``queryset`` (locked), returning them."""
    rows = list(queryset.filter(revoked_at__isnull=True).select_for_update().select_related("card"))
    if rows:
        CardCertificate.objects.filter(pk__in=[row.pk for row in rows]).update(
            revoked_at=now, revocation_reason=reason, revoked_by=actor
        )
    for row in rows:
        row.revoked_at, row.revocation_reason = now, reason
    return rows


def _announce(rows: Iterable[CardCertificate]) -> None:
    for row in rows:
        transaction.on_commit(
            lambda row=row: certificate_revoked.send(
                sender=CardCertificate,
                certificate_id=row.pk,
                card_id=row.card_id,
                person_id=row.card.person_id,
                kind=row.kind,
                reason=row.revocation_reason,
            )
        )


STAFF_REVOCATION_REASONS = (
    RevocationReason.LOST,
    RevocationReason.HOLDER_REQUEST,
    RevocationReason.OTHER,
)


def revoke_certificates(
    actor: Any,
    card_id: int,
    *,
    kinds: Sequence[str],
    reason: str,
    request: HttpRequest | None = None,
    now: datetime.datetime | None = None,
) -> int:
    """Revoke the card's certificates of ``kinds`` (already revoked ones are left); returns how many.

    ``ValidationError`` for an unknown reason or kind; ``Http404`` for an unknown card.
    """
    _require_operator(actor)
    if reason not in RevocationReason.values:
        raise ValidationError({"reason": _("失効の理由を選んでください。")})
    if not kinds or any(kind not in CertificateKind.values for kind in kinds):
        raise ValidationError({"kinds": _("失効させる電子証明書を選んでください。")})
    now = (now or timezone.now()).replace(microsecond=0)
    with transaction.atomic():
        card = Card.objects.filter(pk=card_id).first()
        if card is None:
            raise Http404
        rows = _revoke_rows(
            CardCertificate.objects.filter(card=card, kind__in=list(kinds)),
            reason=reason,
            actor=actor,
            now=now,
        )
        if rows:
            _record(actor, card.person_id, REVOKE_FIELDS, "update", request)
        _announce(rows)
    return len(rows)


def reset_pin(
    actor: Any,
    certificate_id: int,
    *,
    new_pin: str,
    request: HttpRequest | None = None,
) -> None:
    """Set a new PIN chosen by the resident at the counter and clear the failure counter (the lock).

    ``ValidationError`` on ``new_pin`` for a PIN breaking the rules; ``revoked``
    for a revoked certificate (a new card is needed then); ``Http404`` if unknown.
    """
    _require_operator(actor)
    with transaction.atomic():
        row = (
            CardCertificate.objects.select_for_update()
            .select_related("card")
            .filter(pk=certificate_id)
            .first()
        )
        if row is None:
            raise Http404
        if row.is_revoked or row.card.retired_at is not None:
            raise ValidationError(
                _("失効した電子証明書の暗証番号は再設定できません。"), code="revoked"
            )
        try:
            pin = validate_new_pin(row.kind, new_pin)
        except ValidationError as error:
            raise ValidationError({"new_pin": [error]}) from None
        CardCertificate.objects.filter(pk=row.pk).update(
            pin_hash=make_password(pin), pin_failures=0, updated=timezone.now()
        )
        _record(actor, row.card.person_id, PIN_FIELDS, "update", request)


def revoke_for_movement(*, kind: str, person_ids: Iterable[int]) -> int:
    """Revoke what a 異動 of ``kind`` invalidates for these people (system; returns how many).

    転居, 転出 and 氏名変更 revoke the 署名用電子証明書 (its 基本4情報 are no longer
    true); 死亡 revokes both certificates.  Other kinds revoke nothing.
    """
    rule = MOVEMENT_REVOCATIONS.get(kind)
    people = list(person_ids)
    if rule is None or not people:
        return 0
    kinds, reason = rule
    now = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        rows = _revoke_rows(
            CardCertificate.objects.filter(
                card__person_id__in=people, card__retired_at__isnull=True, kind__in=kinds
            ).order_by("pk"),
            reason=reason,
            actor=None,
            now=now,
        )
        _announce(rows)
    return len(rows)


# ----------------------------------------------------------------------------- bulk (demo)


@dataclass(frozen=True)
class BulkHolder:
    person_id: int
    family_name: str
    given_name: str
    birth_date: datetime.date


def issue_cards_in_bulk(
    holders: Sequence[BulkHolder],
    *,
    auth_pin: str,
    sign_pin: str,
    key_algorithm: str = KeyAlgorithm.P256,
    now: datetime.datetime | None = None,
) -> int:
    """System issue of one card per holder without a card in use (demo loader, migrations).

    Each PIN is hashed **once** and the hash shared by every card (same salt):
    fine for demo PINs everybody knows, and what keeps ~100 cards well under a
    second.  Under-15s get no 署名用電子証明書.  No access records (not staff).
    """
    auth = validate_new_pin(CertificateKind.AUTHENTICATION, auth_pin)
    sign = validate_new_pin(CertificateKind.SIGNING, sign_pin)
    auth_hash, sign_hash = make_password(auth), make_password(sign)
    now = (now or timezone.now()).replace(microsecond=0)
    today = timezone.localtime(now).date()
    taken = set(
        Card.objects.filter(
            person_id__in=[holder.person_id for holder in holders], retired_at__isnull=True
        ).values_list("person_id", flat=True)
    )
    todo = [holder for holder in holders if holder.person_id not in taken]
    if not todo:
        return 0
    authority = load_authority(create=True)
    plans = []
    for holder, number in zip(todo, fresh_card_numbers(len(todo)), strict=True):
        not_after = validity_end(today, holder.birth_date)
        name = f"{holder.family_name} {holder.given_name}"
        items = [
            _prepare(
                authority,
                kind=CertificateKind.AUTHENTICATION,
                algorithm=key_algorithm,
                not_before=now,
                not_after=not_after,
                holder_name=name,
                pin_hash=auth_hash,
            )
        ]
        if may_hold_signing_certificate(holder.birth_date, today):
            items.append(
                _prepare(
                    authority,
                    kind=CertificateKind.SIGNING,
                    algorithm=key_algorithm,
                    not_before=now,
                    not_after=not_after,
                    holder_name=name,
                    pin_hash=sign_hash,
                )
            )
        plans.append((Card(card_number=number, person_id=holder.person_id, issued_on=today), items))
    with transaction.atomic():
        cards = Card.objects.bulk_create([card for card, _items in plans])
        CardCertificate.objects.bulk_create(
            [
                _certificate_row(card, item, key_algorithm)
                for card, (_card, items) in zip(cards, plans, strict=True)
                for item in items
            ]
        )
    return len(cards)
