"""Reveal and lookup: who may see a clear number for which purpose, and the access records."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from yakuba.audit.models import AccessRecord
from yakuba.core.privacy_register import get_file
from yakuba.vault.policies import PURPOSES, REVEAL_GRANTS, may_reveal, reveal_purposes_for
from yakuba.vault.queries import find_person_by_number, reveal_number
from yakuba.vault.services import register_number

from .conftest import NUMBER_A, NUMBER_B

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("department", "role", "allowed"),
    [
        ("shimin", "viewer", set()),
        ("shimin", "operator", {"mynumber_resident_record", "mynumber_certificate"}),
        ("shimin", "approver", {"mynumber_resident_record", "mynumber_certificate"}),
        ("kazei", "viewer", set()),
        ("kazei", "operator", {"mynumber_local_tax"}),
        ("shuno", "operator", {"mynumber_tax_collection"}),
        ("koreifukushi", "operator", {"mynumber_long_term_care"}),
        ("shogaifukushi", "operator", {"mynumber_disability_welfare"}),
        ("chiikifukushi", "admin", {"mynumber_public_assistance"}),
        ("bunsho", "admin", set()),
        ("toshokan", "operator", set()),
    ],
)
def test_each_department_may_reveal_only_for_its_own_purposes(department, role, allowed):
    from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory

    user = AssignmentFactory(org_unit=OrgUnitFactory(code=department), role=role).user

    assert {purpose.key for purpose in reveal_purposes_for(user)} == allowed
    assert {p.key for p in PURPOSES if may_reveal(user, p.key)} == allowed
    assert not may_reveal(user, "resident_certificate")  # a register purpose, not 特定個人情報


def test_system_administrators_get_no_exception(system_admin):
    assert reveal_purposes_for(system_admin) == []


def test_the_file_is_a_specific_personal_information_file_citing_the_my_number_act():
    file = get_file("vault.mynumber")

    assert file.contains_my_number is True
    assert file.readers == REVEAL_GRANTS
    assert [purpose.key for purpose in file.purposes] == [purpose.key for purpose in PURPOSES]
    for purpose in file.purposes:
        basis = str(purpose.legal_basis)
        assert "番号法" in basis or "住民基本台帳法" in basis
    assert "第9条第1項・別表" in str(file.purposes[2].legal_basis)
    assert "行政手続における特定の個人を識別するための番号の利用等に関する法律" in str(
        file.legal_basis
    )


def test_reveal_returns_the_number_and_always_records(recorded, clerk_a):
    before = AccessRecord.objects.count()

    number = reveal_number(clerk_a, recorded.pk, purpose="mynumber_certificate")

    assert number == NUMBER_A
    record = AccessRecord.objects.order_by("-sequence").first()
    assert AccessRecord.objects.count() == before + 1
    assert (record.subject_kind, record.subject_id) == ("residents.person", str(recorded.pk))
    assert (record.record_kind, record.fields, record.action) == (
        "vault.mynumber",
        ["個人番号"],
        "read",
    )
    assert (record.purpose, record.org_unit_code) == ("mynumber_certificate", "shimin")


def test_other_departments_reveal_for_their_purpose(recorded, clerk_b):
    assert reveal_number(clerk_b, recorded.pk, purpose="mynumber_local_tax") == NUMBER_A
    assert AccessRecord.objects.filter(purpose="mynumber_local_tax").count() == 1


@pytest.mark.parametrize(
    ("who", "purpose"),
    [
        ("clerk_b", "mynumber_resident_record"),  # 課税課 for 市民課 work
        ("clerk_a", "mynumber_local_tax"),  # 市民課 for tax
        ("clerk_a", "resident_certificate"),  # not a 特定個人情報 purpose
        ("clerk_a", "no_such_purpose"),
        ("viewer_a", "mynumber_certificate"),  # viewers never see a clear number
        ("system_admin", "mynumber_certificate"),
        ("citizen", "mynumber_certificate"),
    ],
)
def test_refused_reveal_returns_nothing_and_records_nothing(recorded, who, purpose, request):
    user = request.getfixturevalue(who)
    before = AccessRecord.objects.count()

    with pytest.raises(PermissionDenied):
        reveal_number(user, recorded.pk, purpose=purpose)

    assert AccessRecord.objects.count() == before


def test_reveal_of_a_person_without_a_number_is_none_and_recorded(person, clerk_a):
    assert reveal_number(clerk_a, person.pk, purpose="mynumber_certificate") is None
    assert AccessRecord.objects.get().subject_id == str(person.pk)


def test_reveal_of_an_unknown_person_is_404(db, clerk_a):
    with pytest.raises(Http404):
        reveal_number(clerk_a, 424242, purpose="mynumber_certificate")
    assert AccessRecord.objects.count() == 0


def test_lookup_finds_the_holder_and_records_what_was_shown(recorded, clerk_b):
    match = find_person_by_number(
        clerk_b, "１２３４-５６７８-９０１８", purpose="mynumber_local_tax"
    )

    assert (match.person_id, match.full_name, match.current) == (recorded.pk, "山田 太郎", True)
    assert match.birth_date == recorded.birth_date
    record = AccessRecord.objects.order_by("-sequence").first()
    assert (record.subject_id, record.record_kind, record.purpose) == (
        str(recorded.pk),
        "vault.mynumber",
        "mynumber_local_tax",
    )
    assert record.fields == ["個人番号", "氏名", "氏名（カナ）", "生年月日"]


def test_lookup_without_a_match_is_recorded_too(recorded, clerk_b):
    before = AccessRecord.objects.count()

    assert find_person_by_number(clerk_b, NUMBER_B, purpose="mynumber_local_tax") is None

    record = AccessRecord.objects.order_by("-sequence").first()
    assert AccessRecord.objects.count() == before + 1
    assert (record.subject_kind, record.subject_id, record.record_kind) == (
        "vault.lookup",
        "-",
        "vault.lookup",
    )


def test_lookup_of_a_former_number_names_the_former_holder(recorded, supervisor, clerk_a):
    register_number(
        supervisor, recorded.pk, NUMBER_B, purpose="mynumber_resident_record", reason="changed"
    )

    match = find_person_by_number(clerk_a, NUMBER_A, purpose="mynumber_resident_record")

    assert (match.person_id, match.current, match.reason) == (recorded.pk, False, "changed")


def test_lookup_refuses_a_bad_number_and_a_foreign_purpose(recorded, clerk_b):
    with pytest.raises(ValidationError) as caught:
        find_person_by_number(clerk_b, "123456789019", purpose="mynumber_local_tax")
    assert caught.value.error_dict["number"][0].code == "my_number_check_digit"
    with pytest.raises(PermissionDenied):
        find_person_by_number(clerk_b, NUMBER_A, purpose="mynumber_resident_record")
