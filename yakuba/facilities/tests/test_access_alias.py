"""A facility registration made from an account linked to a resident record is that
resident: its access records count as reads of the resident (and the resident sees them)."""

from __future__ import annotations

import pytest

from yakuba.audit.services import Subject, same_person_subjects, subjects_for
from yakuba.facilities.access import USER_KIND
from yakuba.facilities.tests.factories import approved_registration
from yakuba.residents.queries import PERSON_RECORD_KIND
from yakuba.residents.services import link_citizen
from yakuba.residents.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_registration_of_a_linked_account_is_the_same_person_as_the_resident(citizen):
    person = PersonFactory(resident_code="41111111121")
    link_citizen(citizen, person.resident_code, method="demo")
    registration = approved_registration(citizen)

    subjects = same_person_subjects(Subject(USER_KIND, str(registration.pk)))

    assert Subject(PERSON_RECORD_KIND, str(person.pk)) in subjects
    assert Subject(USER_KIND, str(registration.pk)) in subjects_for(citizen)


def test_counter_registration_without_an_account_is_nobody_else():
    registration = approved_registration(None)

    assert same_person_subjects(Subject(USER_KIND, str(registration.pk))) == [
        Subject(USER_KIND, str(registration.pk))
    ]
