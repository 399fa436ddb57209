"""number_for_own_certificate: the clear number for the holder's own 住民票の写し, always recorded."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from yakuba.audit.models import AccessRecord
from yakuba.vault.queries import number_for_own_certificate

from .conftest import NUMBER_A

pytestmark = pytest.mark.django_db


def test_returns_the_digits_and_records_a_system_read(recorded):
    before = AccessRecord.objects.count()
    with CaptureQueriesContext(connection) as queries:
        number = number_for_own_certificate(recorded.pk, holder_id=recorded.pk)

    assert number == NUMBER_A
    assert not any(NUMBER_A in query["sql"] for query in queries.captured_queries)
    record = AccessRecord.objects.order_by("-sequence").first()
    assert AccessRecord.objects.count() == before + 1
    assert (record.actor_id, record.actor_display) == (None, "コンビニ交付（本人の請求）")
    assert (record.subject_kind, record.subject_id) == ("residents.person", str(recorded.pk))
    assert (record.record_kind, record.fields, record.purpose) == (
        "vault.mynumber",
        ["個人番号"],
        "mynumber_certificate",
    )


def test_none_recorded_is_still_a_recorded_read(person):
    assert number_for_own_certificate(person.pk, holder_id=person.pk) is None
    assert (
        AccessRecord.objects.filter(
            subject_id=str(person.pk), purpose="mynumber_certificate"
        ).count()
        == 1
    )


def test_unknown_person(db):
    with pytest.raises(Http404):
        number_for_own_certificate(999_999, holder_id=999_999)
    assert not AccessRecord.objects.exists()
