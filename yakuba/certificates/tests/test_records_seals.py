"""印鑑登録 services: register (image, rules, numbering), abolish; atomicity and access records."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone
from PIL import Image

from yakuba.audit.models import AccessRecord
from yakuba.certificates.models import SealRegistration
from yakuba.certificates.services.records import (
    MAX_STORED_BYTES,
    abolish_seal,
    next_registration_number,
    normalise_seal_image,
    register_seal,
)

from . import test_records_helpers as helpers
from .test_records_helpers import seal_image, years_ago

pytestmark = pytest.mark.django_db
other_person = helpers.other_person
person = helpers.person
viewer_a = helpers.viewer_a


def _codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {item.code for errors in error.error_dict.values() for item in errors}
    return {item.code for item in error.error_list}


def test_registers_a_png_with_the_first_number_and_records_it(person, clerk_a):
    before = AccessRecord.objects.count()

    registration = register_seal(clerk_a, person.pk, image=seal_image("PNG"))

    assert registration.registration_number == "000001"
    assert registration.registered_on == timezone.localdate()
    assert registration.registered_by == clerk_a
    assert bytes(registration.seal_image).startswith(b"\x89PNG\r\n\x1a\n")
    records = AccessRecord.objects.filter(pk__gt=0).order_by("sequence")[before:]
    seal_records = [r for r in records if r.record_kind == "certificates.seal"]
    assert [(r.action, r.subject_id, r.purpose) for r in seal_records] == [
        ("create", str(person.pk), "seal_registration")
    ]
    # the register entry was read through the residents query (audited there)
    assert any(
        r.record_kind == "residents.person" and r.subject_id == str(person.pk) for r in records
    )


def test_a_jpeg_upload_is_stored_as_a_png_no_larger_than_600_pixels(person, clerk_a):
    upload = SimpleUploadedFile("seal.jpg", seal_image("JPEG", (1600, 1200)), "image/jpeg")

    registration = register_seal(clerk_a, person.pk, image=upload)

    stored = Image.open(io.BytesIO(bytes(registration.seal_image)))
    assert stored.format == "PNG"
    assert stored.size == (600, 450)
    assert len(bytes(registration.seal_image)) <= MAX_STORED_BYTES


def test_a_noisy_image_is_reduced_under_200_kb():
    import random

    rng = random.Random(7)
    picture = Image.frombytes("RGB", (600, 600), rng.randbytes(600 * 600 * 3))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    assert len(buffer.getvalue()) > MAX_STORED_BYTES

    result = normalise_seal_image(buffer.getvalue())

    assert len(result) <= MAX_STORED_BYTES
    assert Image.open(io.BytesIO(result)).format == "PNG"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "required"),
        (b"GIF89a not really", "not_an_image"),
        (b"%PDF-1.7 a pdf named seal.png", "not_an_image"),
        (b"\x89PNG\r\n\x1a\n truncated", "not_an_image"),
        ("gif", "not_an_image"),
        ("tiny", "too_small"),
    ],
)
def test_refuses_what_is_not_a_png_or_jpeg_seal(person, clerk_a, data, code):
    if data == "gif":
        data = seal_image("GIF")
    elif data == "tiny":
        data = seal_image("PNG", (8, 8))

    with pytest.raises(ValidationError) as raised:
        register_seal(clerk_a, person.pk, image=data)

    assert _codes(raised.value) == {code}
    assert "image" in raised.value.error_dict
    assert SealRegistration.objects.count() == 0


def test_refuses_a_second_registration_in_force(person, clerk_a):
    first = register_seal(clerk_a, person.pk, image=seal_image())
    records = AccessRecord.objects.count()

    with pytest.raises(ValidationError) as raised:
        register_seal(clerk_a, person.pk, image=seal_image())

    assert _codes(raised.value) == {"already_registered"}
    assert first.registration_number in raised.value.messages[0]
    assert SealRegistration.objects.count() == 1
    assert AccessRecord.objects.count() == records  # rolled back with the refusal


def test_refuses_someone_under_15_but_not_on_the_15th_birthday(person, clerk_a):
    from yakuba.residents.tests.factories import PersonFactory

    child = PersonFactory(
        household=person.household, relationship="child", birth_date=years_ago(15, days=-1)
    )
    teenager = PersonFactory(
        household=person.household, relationship="child", birth_date=years_ago(15)
    )

    with pytest.raises(ValidationError) as raised:
        register_seal(clerk_a, child.pk, image=seal_image())
    assert _codes(raised.value) == {"too_young"}
    assert raised.value.messages == ["15歳未満の方は印鑑登録できません（印鑑条例）。"]

    assert register_seal(clerk_a, teenager.pk, image=seal_image()).person_id == teenager.pk


def test_refuses_a_removed_person(db, clerk_a):
    from yakuba.residents.tests.factories import PersonFactory

    removed = PersonFactory(
        status="removed",
        removed_on=datetime.date(2024, 3, 1),
        removal_reason="move_out",
        next_address="大阪府大阪市北区1-1",
    )

    with pytest.raises(ValidationError) as raised:
        register_seal(clerk_a, removed.pk, image=seal_image())

    assert _codes(raised.value) == {"person_removed"}
    assert SealRegistration.objects.count() == 0


def test_refuses_a_future_registration_date(person, clerk_a):
    with pytest.raises(ValidationError) as raised:
        register_seal(
            clerk_a,
            person.pk,
            image=seal_image(),
            registered_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert _codes(raised.value) == {"future_date"}


def test_unknown_person_is_not_found(db, clerk_a):
    with pytest.raises(Http404):
        register_seal(clerk_a, 987654, image=seal_image())


@pytest.mark.parametrize("who", ["viewer_a", "clerk_b", "supervisor_b", "system_admin"])
def test_only_shimin_operators_register(person, who, request, unit_b):
    if who == "supervisor_b":
        from yakuba.identity.tests.factories import AssignmentFactory

        actor = AssignmentFactory(org_unit=unit_b, role="admin").user
    else:
        actor = request.getfixturevalue(who)
    records = AccessRecord.objects.count()

    with pytest.raises(PermissionDenied):
        register_seal(actor, person.pk, image=seal_image())

    assert SealRegistration.objects.count() == 0
    assert AccessRecord.objects.count() == records


def test_numbers_keep_counting_after_abolition(person, other_person, clerk_a):
    first = register_seal(clerk_a, person.pk, image=seal_image())
    abolish_seal(clerk_a, first.pk, reason="lost")
    second = register_seal(clerk_a, person.pk, image=seal_image())
    third = register_seal(clerk_a, other_person.pk, image=seal_image())

    assert [first.registration_number, second.registration_number, third.registration_number] == [
        "000001",
        "000002",
        "000003",
    ]
    assert next_registration_number() == "000004"


def test_a_number_taken_meanwhile_is_skipped(person, clerk_a, monkeypatch):
    """Another clerk took the next number between our read and our insert."""
    from yakuba.certificates.services.records import seals

    SealRegistration.objects.create(
        person=person,
        registration_number="000001",
        seal_image=b"x",
        registered_on=datetime.date(2020, 1, 1),
        abolished_on=datetime.date(2020, 2, 1),
        abolition_reason="lost",
    )
    calls = iter(["000001", "000002"])
    monkeypatch.setattr(seals, "next_registration_number", lambda: next(calls))

    registration = register_seal(clerk_a, person.pk, image=seal_image())

    assert registration.registration_number == "000002"


def test_abolishes_with_reason_and_date_and_records_it(person, clerk_a):
    registration = register_seal(
        clerk_a, person.pk, image=seal_image(), registered_on=datetime.date(2024, 5, 1)
    )

    abolish_seal(
        clerk_a, registration.pk, reason="holder_request", abolished_on=datetime.date(2025, 1, 6)
    )

    registration.refresh_from_db()
    assert (
        registration.abolished_on,
        registration.abolition_reason,
        registration.abolished_by,
    ) == (
        datetime.date(2025, 1, 6),
        "holder_request",
        clerk_a,
    )
    assert (
        AccessRecord.objects.filter(
            record_kind="certificates.seal", action="update", subject_id=str(person.pk)
        ).count()
        == 1
    )


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"reason": "bogus"}, "invalid_reason"),
        ({"reason": "lost", "abolished_on": datetime.date(2024, 4, 30)}, "before_registration"),
        (
            {"reason": "lost", "abolished_on": timezone.localdate() + datetime.timedelta(days=2)},
            "future_date",
        ),
    ],
)
def test_abolition_errors_change_nothing(person, clerk_a, options, code):
    registration = register_seal(
        clerk_a, person.pk, image=seal_image(), registered_on=datetime.date(2024, 5, 1)
    )
    records = AccessRecord.objects.count()

    with pytest.raises(ValidationError) as raised:
        abolish_seal(clerk_a, registration.pk, **options)

    assert _codes(raised.value) == {code}
    registration.refresh_from_db()
    assert registration.in_force
    assert AccessRecord.objects.count() == records


def test_abolishing_twice_is_refused(person, clerk_a):
    registration = register_seal(clerk_a, person.pk, image=seal_image())
    abolish_seal(clerk_a, registration.pk, reason="lost")

    with pytest.raises(ValidationError) as raised:
        abolish_seal(clerk_a, registration.pk, reason="other")

    assert _codes(raised.value) == {"already_abolished"}
    registration.refresh_from_db()
    assert registration.abolition_reason == "lost"


def test_viewers_may_not_abolish(person, clerk_a, viewer_a):
    registration = register_seal(clerk_a, person.pk, image=seal_image())

    with pytest.raises(PermissionDenied):
        abolish_seal(viewer_a, registration.pk, reason="lost")

    registration.refresh_from_db()
    assert registration.in_force


def test_a_system_job_registers_with_the_person_it_read(person):
    registration = register_seal(None, person.pk, image=seal_image(), person=person)

    assert registration.registered_by is None
    assert AccessRecord.objects.filter(record_kind="certificates.seal").count() == 0
