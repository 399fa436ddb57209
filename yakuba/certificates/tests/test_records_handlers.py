"""転出 and 死亡 abolish the seal registration in force (the residents module's real services)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from yakuba.certificates.models import SealRegistration
from yakuba.certificates.services.records import register_seal
from yakuba.residents.events import movement_recorded

from . import test_records_helpers as helpers
from .test_records_helpers import seal_image

pytestmark = pytest.mark.django_db
other_person = helpers.other_person
person = helpers.person


def test_death_abolishes_the_registration(
    person, other_person, clerk_a, django_capture_on_commit_callbacks
):
    from yakuba.residents.services import record_death

    registration = register_seal(
        clerk_a, other_person.pk, image=seal_image(), registered_on=datetime.date(2024, 1, 10)
    )
    day = timezone.localdate() - datetime.timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        record_death(None, other_person, effective_on=day)

    registration.refresh_from_db()
    assert (
        registration.abolished_on,
        registration.abolition_reason,
        registration.abolished_by,
    ) == (
        day,
        "death",
        None,
    )


def test_move_out_abolishes_on_the_movement_day(
    person, clerk_a, django_capture_on_commit_callbacks
):
    from yakuba.residents.services import record_move_out

    registration = register_seal(
        clerk_a, person.pk, image=seal_image(), registered_on=datetime.date(2024, 1, 10)
    )
    day = timezone.localdate()

    with django_capture_on_commit_callbacks(execute=True):
        record_move_out(
            None, [person], effective_on=day, destination="大阪府大阪市北区中之島1-3-20"
        )

    registration.refresh_from_db()
    assert (registration.abolished_on, registration.abolition_reason) == (day, "move_out")


@pytest.mark.parametrize("kind", ["move_in", "move_within", "name_change", "correction", "initial"])
def test_other_movements_leave_it_in_force(person, clerk_a, kind):
    registration = register_seal(clerk_a, person.pk, image=seal_image())

    movement_recorded.send(
        sender=None,
        movement_id=1,
        kind=kind,
        person_ids=[person.pk],
        effective_on=timezone.localdate(),
    )

    registration.refresh_from_db()
    assert registration.in_force


def test_a_movement_dated_before_the_registration_abolishes_on_the_registration_day(
    person, clerk_a
):
    registration = register_seal(
        clerk_a, person.pk, image=seal_image(), registered_on=datetime.date(2025, 6, 1)
    )

    movement_recorded.send(
        sender=None,
        movement_id=1,
        kind="death",
        person_ids=[person.pk],
        effective_on=datetime.date(2025, 5, 30),
    )

    registration.refresh_from_db()
    assert registration.abolished_on == datetime.date(2025, 6, 1)
    assert SealRegistration.objects.filter(abolished_on__isnull=True).count() == 0
