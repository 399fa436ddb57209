"""Emulated cards for the demo city (called by the demo loader)."""

from __future__ import annotations

from collections.abc import Iterable

from .models import KeyAlgorithm
from .services.cards import BulkHolder, issue_cards_in_bulk, person_model


def issue_demo_cards(
    person_ids: Iterable[int],
    *,
    auth_pin: str = "1234",
    sign_pin: str = "ABC123",
    key_algorithm: str = KeyAlgorithm.P256,
) -> int:
    """Give each listed current resident without a card one; returns how many were issued.

    Every demo card has the same, published PINs.  ECDSA P-256 keys by default
    (100 cards in well under a second; RSA-2048 keys take ~50 ms each).
    People already holding a card and 除票 are skipped; under-15s get no
    署名用電子証明書.  Idempotent.
    """
    holders = [
        BulkHolder(pk, family, given, birth)
        for pk, family, given, birth in person_model()
        .objects.filter(pk__in=list(person_ids), status="resident")
        .order_by("pk")
        .values_list("pk", "family_name", "given_name", "birth_date")
    ]
    return issue_cards_in_bulk(
        holders, auth_pin=auth_pin, sign_pin=sign_pin, key_algorithm=key_algorithm
    )
