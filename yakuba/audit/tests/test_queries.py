import pytest
from django.core.exceptions import PermissionDenied

from yakuba.audit.models import AccessRecord
from yakuba.audit.queries import access_records_for, access_records_for_citizen
from yakuba.identity.tests.factories import CitizenFactory

from .helpers import read_citizen

pytestmark = pytest.mark.django_db


def test_citizen_records_are_their_own_newest_first(citizen, clerk_a, clerk_b):
    first = read_citizen(clerk_a, citizen)
    read_citizen(clerk_a, CitizenFactory())
    second = read_citizen(clerk_b, citizen)

    assert list(access_records_for_citizen(citizen)) == [second, first]


def test_staff_have_no_citizen_records(clerk_a, citizen):
    read_citizen(clerk_a, citizen)

    assert list(access_records_for_citizen(clerk_a)) == []


def test_staff_log_is_refused_to_a_clerk_and_nothing_is_recorded(clerk_a, citizen):
    read_citizen(clerk_a, citizen)

    with pytest.raises(PermissionDenied):
        access_records_for(clerk_a)

    assert AccessRecord.objects.count() == 1


def test_staff_log_records_the_review_of_one_subject(system_admin, clerk_a, citizen):
    read = read_citizen(clerk_a, citizen)

    records = access_records_for(
        system_admin, {"subject_kind": "identity.citizen", "subject_id": str(citizen.pk)}
    )

    review = AccessRecord.objects.get(sequence=2)
    assert (review.subject_kind, review.subject_id, review.action) == (
        "identity.citizen",
        str(citizen.pk),
        "read",
    )
    assert list(records) == [review, read]


def test_staff_log_ignores_empty_filters_and_rejects_unknown_ones(system_admin):
    assert list(access_records_for(system_admin, {"purpose": "", "subject_id": None}))

    with pytest.raises(ValueError, match="unknown audit log filters"):
        access_records_for(system_admin, {"actor": "someone"})
