"""own_resident_facts: a citizen's own registry facts for their own services."""

from __future__ import annotations

import datetime

import pytest

from yakuba.audit.models import AccessRecord
from yakuba.residents.queries import own_resident_facts
from yakuba.residents.services import link_citizen

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_linked_resident_gets_name_kana_birth_date_and_address(citizen):
    person = PersonFactory(resident_code="41111111111")
    link_citizen(citizen, person.resident_code, method="demo")

    facts = own_resident_facts(citizen)

    assert facts is not None
    assert facts.is_resident is True
    assert (facts.name, facts.name_kana) == ("山田 太郎", "ヤマダ タロウ")
    assert facts.birth_date == datetime.date(1970, 3, 1)
    assert facts.postal_address.startswith("本町一丁目")


def test_removed_person_is_not_resident(citizen):
    person = PersonFactory(
        resident_code="41111111112", status="removed", removed_on=datetime.date(2024, 1, 1)
    )
    link_citizen(citizen, person.resident_code, method="demo")

    assert own_resident_facts(citizen).is_resident is False


def test_unlinked_citizen_staff_and_anonymous_have_no_facts(citizen, clerk_a):
    from django.contrib.auth.models import AnonymousUser

    assert own_resident_facts(citizen) is None
    assert own_resident_facts(clerk_a) is None
    assert own_resident_facts(AnonymousUser()) is None


def test_reading_own_facts_writes_no_access_record(citizen):
    person = PersonFactory(resident_code="41111111113")
    link_citizen(citizen, person.resident_code, method="demo")

    own_resident_facts(citizen)

    assert AccessRecord.objects.count() == 0
