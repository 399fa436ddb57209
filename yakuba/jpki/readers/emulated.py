"""The emulated reader: every card in use in the database is "on the reader".

The card's chip is emulated faithfully where it matters: the PIN is checked
against the card's own counter (``select_for_update`` on the certificate row,
so concurrent tries are counted one by one), a locked PIN refuses every try,
a correct PIN resets the counter, and the private key is unsealed only inside
:meth:`EmulatedReader.sign`, used once and dropped.  Like a real chip, it signs
with a revoked or expired certificate's key: refusing those is the verifier's
job.
"""

from __future__ import annotations

from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.db.models import F

from ..authority import load_authority, sign_with, unseal_private_key
from ..models import Card, CardCertificate, CertificateKind
from ..rules import normalize_pin
from .base import (
    CardNotPresentError,
    CardSlot,
    CertificateNotOnCardError,
    PinLockedError,
    WrongPinError,
)

#: At most this many cards are listed (the demo's card picker).
MAX_LISTED = 500


def masked_holder(family_name: str, given_name: str) -> str:
    """``村山 花子`` → ``村○ 花○``: the first character of each part of the name."""
    return " ".join(part[:1] + "○" * (len(part) - 1) for part in (family_name, given_name) if part)


class EmulatedReader:
    """A :class:`~yakuba.jpki.readers.base.CardReader` over the emulated cards in the database."""

    def cards(self) -> list[CardSlot]:
        rows = (
            Card.objects.filter(retired_at__isnull=True)
            .order_by("pk")
            .values_list("card_number", "person__family_name", "person__given_name")[:MAX_LISTED]
        )
        return [
            CardSlot(
                handle=number,
                label=f"{masked_holder(family, given)}（****-****-{number[-4:]}）",
            )
            for number, family, given in rows
        ]

    def _row(self, handle: str, kind: str) -> CardCertificate:
        if kind not in CertificateKind.values:
            raise CertificateNotOnCardError()
        if not Card.objects.filter(card_number=handle, retired_at__isnull=True).exists():
            raise CardNotPresentError()
        row = CardCertificate.objects.filter(
            card__card_number=handle, card__retired_at__isnull=True, kind=kind
        ).first()
        if row is None:
            raise CertificateNotOnCardError()
        return row

    def read_certificate(self, handle: str, kind: str) -> bytes:
        return bytes(self._row(handle, kind).certificate_der)

    def remaining_tries(self, handle: str, kind: str) -> int:
        return self._row(handle, kind).remaining_tries

    def sign(self, handle: str, kind: str, pin: str, data: bytes) -> bytes:
        label = str(CertificateKind(kind).label) if kind in CertificateKind.values else ""
        row_id = self._row(handle, kind).pk
        with transaction.atomic():
            row = CardCertificate.objects.select_for_update().get(pk=row_id)
            if row.is_locked:
                raise PinLockedError(label)
            correct = check_password(normalize_pin(pin), row.pin_hash)
            if correct:
                if row.pin_failures:
                    CardCertificate.objects.filter(pk=row.pk).update(pin_failures=0)
            else:
                CardCertificate.objects.filter(pk=row.pk).update(pin_failures=F("pin_failures") + 1)
        # Outside the block: the counted failure is committed before the error is raised.
        if not correct:
            raise WrongPinError(label, row.remaining_tries - 1)
        key = unseal_private_key(load_authority(), row.serial_number, bytes(row.sealed_private_key))
        return sign_with(key, data)
