"""factory-boy factories for the certificates module (kiosks, issuances, seal registrations,
tax assessments).

Tests only: production rows are written by ``services/`` (issuance, kiosks, records).
``IssuanceFactory`` builds a consistent row (serial in the Crockford alphabet, fee total =
unit × copies, hashes in lowercase hex); pass ``content_hash``/``document_hash`` of a real
document or PDF when a test verifies one.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import uuid

import factory
from django.utils import timezone

from yakuba.certificates.models import (
    SERIAL_ALPHABET,
    SERIAL_LENGTH,
    CertificateKind,
    Issuance,
    Kiosk,
    SealRegistration,
    TaxAssessment,
)
from yakuba.residents.tests.factories import PersonFactory


def serial_for(number: int) -> str:
    """A valid 16-character serial from a number (distinct numbers, distinct serials)."""
    digits = []
    value = number + 7_340_033  # not all zeros: looks like a real serial
    for _ in range(SERIAL_LENGTH):
        value, remainder = divmod(value, len(SERIAL_ALPHABET))
        digits.append(SERIAL_ALPHABET[remainder])
    return "".join(reversed(digits))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal_png(size: int = 48) -> bytes:
    """A small red circle on white as PNG bytes (a stand-in for a scanned 印影)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (size, size), "white")
    ImageDraw.Draw(image).ellipse((2, 2, size - 3, size - 3), outline=(200, 30, 30), width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


class KioskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kiosk
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"K{n + 1:04d}")
    name = factory.Sequence(lambda n: f"セブン-イレブン 武蔵村山本町{n + 1}号店")
    operator = "株式会社セブン-イレブン・ジャパン"
    address = "東京都武蔵村山市本町二丁目1番地"


class IssuanceFactory(factory.django.DjangoModelFactory):
    """One issued certificate. ``person`` defaults to a new resident; ``printed_person_ids``
    to that person alone."""

    class Meta:
        model = Issuance

    serial = factory.Sequence(serial_for)
    request_id = factory.LazyFunction(uuid.uuid4)
    kiosk = factory.SubFactory(KioskFactory)
    person = factory.SubFactory(PersonFactory)
    printed_person_ids = factory.LazyAttribute(lambda issuance: [issuance.person.pk])
    kind = CertificateKind.RESIDENCE
    options = factory.LazyFunction(dict)
    copies = 1
    unit_fee = 200
    total_fee = factory.LazyAttribute(lambda issuance: issuance.unit_fee * issuance.copies)
    issued_at = factory.LazyFunction(timezone.now)
    content_hash = factory.LazyAttribute(lambda issuance: _sha256(f"content {issuance.serial}"))
    document_hash = factory.LazyAttribute(lambda issuance: _sha256(f"pdf {issuance.serial}"))
    document = None
    page_count = 1
    card_certificate_serial = factory.Sequence(lambda n: f"{n + 1:016X}")
    printed_at = factory.LazyAttribute(lambda issuance: issuance.issued_at)
    print_attempts = 1


class SealRegistrationFactory(factory.django.DjangoModelFactory):
    """A 印鑑登録 in force (pass ``abolished_on`` and ``abolition_reason`` for an abolished one)."""

    class Meta:
        model = SealRegistration

    person = factory.SubFactory(PersonFactory)
    registration_number = factory.Sequence(lambda n: f"{n + 100001}")
    seal_image = factory.LazyFunction(seal_png)
    registered_on = datetime.date(2015, 4, 1)


class TaxAssessmentFactory(factory.django.DjangoModelFactory):
    """A salaried resident's 課税・所得 of one 年度 (amounts consistent enough to print)."""

    class Meta:
        model = TaxAssessment

    person = factory.SubFactory(PersonFactory)
    fiscal_year = 2026
    resident_code = factory.LazyAttribute(lambda assessment: assessment.person.resident_code)
    salary_income = 4_800_000
    total_income = 3_360_000
    deductions_total = 1_230_000
    taxable_income = 2_130_000
    municipal_income_levy = 127_800
    municipal_per_capita = 3_500
    prefectural_income_levy = 85_200
    prefectural_per_capita = 1_500
    dependants = 1
