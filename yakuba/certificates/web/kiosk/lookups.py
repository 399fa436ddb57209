"""Reads the kiosk screens need that no service provides: the demo kiosk, the card slots."""

from __future__ import annotations

from django.utils.crypto import salted_hmac

from yakuba.jpki.readers import CardReader, CardSlot

from ...models import Issuance, Kiosk
from ...services.kiosks import enrol_device, issue_enrolment_token


def demo_kiosk_device(code: str) -> tuple[str, int] | None:
    """(code, device generation) for the demo enrolment of the active kiosk ``code``.

    A kiosk already enrolled keeps its generation (every demo browser shares it); one
    never enrolled is enrolled through the enrolment services, as a device would be."""
    row = (
        Kiosk.objects.filter(code=code.upper(), is_active=True)
        .values_list("pk", "code", "device_generation", "enrolled_at")
        .first()
    )
    if row is None:
        return None
    pk, kiosk_code, generation, enrolled_at = row
    if enrolled_at is not None:
        return kiosk_code, int(generation)
    kiosk, generation = enrol_device(issue_enrolment_token(None, pk))
    return kiosk.code, int(generation)


def slot_token(handle: str) -> str:
    """What a page and the session hold for a card: a keyed hash of the reader's handle
    (the emulated reader's handle is the card number; it never reaches the page)."""
    return salted_hmac("yakuba.certificates.kiosk-slot", handle, algorithm="sha256").hexdigest()[
        :24
    ]


def slots_by_token(reader: CardReader) -> dict[str, CardSlot]:
    return {slot_token(slot.handle): slot for slot in reader.cards()}


def issuance_for_kiosk(issuance_id: int, kiosk: Kiosk) -> Issuance | None:
    """The issuance this kiosk made (without the PDF bytes), or ``None``."""
    return (
        Issuance.objects.filter(pk=issuance_id, kiosk=kiosk)
        .defer("document", "options", "printed_person_ids")
        .first()
    )
