"""Reads of issuances: a person's issuances for 市民課 (audited; household copies included)
and the resident's own for マイページ."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from yakuba.audit.models import AccessRecord
from yakuba.certificates.queries.issuances import issuances_of_person_for, own_issuances
from yakuba.certificates.tests.factories import IssuanceFactory, KioskFactory
from yakuba.residents.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    holder = PersonFactory()
    member = PersonFactory(household=holder.household, relationship="wife", sex="female")
    stranger = PersonFactory()
    return holder, member, stranger


def test_staff_see_issuances_requested_by_or_printing_the_person_and_the_read_is_recorded(
    people, clerk_a
):
    holder, member, stranger = people
    kiosk = KioskFactory(code="K0001")
    own = IssuanceFactory(person=holder, kiosk=kiosk)
    household = IssuanceFactory(
        person=holder, kiosk=kiosk, printed_person_ids=[holder.pk, member.pk]
    )
    IssuanceFactory(person=stranger, kiosk=kiosk)
    request = RequestFactory().get("/")
    request.user = clerk_a
    assert {i.pk for i in issuances_of_person_for(clerk_a, holder.pk, request=request)} == {
        own.pk,
        household.pk,
    }
    assert [i.pk for i in issuances_of_person_for(clerk_a, member.pk, request=request)] == [
        household.pk
    ]
    records = AccessRecord.objects.filter(purpose="certificate_issuance_inquiry").order_by(
        "sequence"
    )
    assert [(r.subject_kind, r.subject_id, r.actor_id) for r in records] == [
        ("residents.person", str(holder.pk), clerk_a.pk),
        ("residents.person", str(member.pk), clerk_a.pk),
    ]
    assert records[0].record_kind == "certificates.issuances"


def test_staff_without_the_register_role_read_nothing_and_nothing_is_recorded(people, clerk_b):
    holder, _member, _stranger = people
    IssuanceFactory(person=holder)
    before = AccessRecord.objects.count()
    with pytest.raises(PermissionDenied):
        issuances_of_person_for(clerk_b, holder.pk)
    assert AccessRecord.objects.count() == before


def test_own_issuances_are_those_the_resident_requested_newest_first(people):
    holder, member, _stranger = people
    older = IssuanceFactory(person=holder)
    newer = IssuanceFactory(person=holder)
    IssuanceFactory(person=member, printed_person_ids=[member.pk, holder.pk])
    assert [i.pk for i in own_issuances(holder.pk)] == [newer.pk, older.pk]
    assert own_issuances(None) == []
