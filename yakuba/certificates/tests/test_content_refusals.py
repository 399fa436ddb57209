"""Refusals: 除票 as of the date, support measures (holder / household member), seals,
assessments; what the kiosk may say; available kinds and household names."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from yakuba.audit.models import AccessRecord
from yakuba.certificates.content import (
    COUNTER_MESSAGE,
    Refused,
    available_kinds,
    build_document,
    card_refusal,
    check_holder,
    household_members_for,
    printed_person_ids,
    tax_years_for,
)
from yakuba.certificates.content.testing import LEFT_ON, D, at, build_register
from yakuba.certificates.models import SealRegistration, SupportMeasure, TaxAssessment
from yakuba.core.testing import demo_municipality

pytestmark = pytest.mark.django_db

COUNTER = "このサービスはご利用いただけません。お手数ですが、市役所の窓口でお手続きください。"
ALL_KINDS = ["residence", "residence_items", "seal", "tax"]


@pytest.fixture
def register(db):
    with demo_municipality():
        yield build_register()


def refusal(kind, person_id, options=None, *, when) -> Refused:
    with pytest.raises(Refused) as caught:
        build_document(kind, person_id, options or {}, at=when)
    return caught.value


# ---------------------------------------------------------------------- 除票


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_removed_on_the_date_is_refused_without_saying_why(register, kind):
    error = refusal(kind, register.leaver_id, {"fiscal_year": "2022"}, when=at(LEFT_ON))

    assert error.code == "removed" and error.is_sensitive
    assert str(error.message) == COUNTER == str(COUNTER_MESSAGE)
    assert str(error) == "removed"


def test_resident_on_an_earlier_date_gets_that_dates_content(register):
    document = build_document("residence", register.leaver_id, {}, at=at(D(2023, 3, 30)))

    assert document.header[0].value == "東京都武蔵村山市本町一丁目8番地"
    assert document.people[0].value("name") == "鈴木　次郎"
    assert document.people[0].value("became_resident_on") == "平成22年10月1日"


def test_not_yet_registered_and_unknown_people_are_refused(register):
    assert refusal("residence", register.head_id, when=at(D(1999, 1, 1))).code == "not_registered"
    assert refusal("residence", 999_999, when=at(D(2024, 1, 1))).code == "not_registered"


def test_no_municipality_profile_is_refused(db):
    from yakuba.certificates.content.testing import build_register as build

    with demo_municipality():
        people = build()
    from django.core.cache import cache

    from yakuba.core.models import MunicipalityProfile

    MunicipalityProfile.objects.all().delete()
    cache.clear()
    assert refusal("residence", people.head_id, when=at(D(2024, 1, 1))).code == "not_configured"


# ------------------------------------------------------------- support measures


def flag(person_id, *, starts_on, ends_on=None, lifted_at=None):
    return SupportMeasure.objects.create(
        person_id=person_id, starts_on=starts_on, ends_on=ends_on, lifted_at=lifted_at
    )


def test_support_measure_on_the_holder_refuses_everything(register):
    flag(register.wife_id, starts_on=D(2023, 1, 1))
    SealRegistration.objects.create(
        person_id=register.wife_id,
        registration_number="5",
        seal_image=b"png",
        registered_on=D(2018, 1, 1),
    )
    when = at(D(2024, 1, 1))

    for kind in ("residence", "residence_items", "seal"):
        error = refusal(kind, register.wife_id, {"scope": "household"}, when=when)
        assert error.code == "support_measure"
        assert str(error.message) == COUNTER
    assert refusal("residence", register.wife_id, when=when).code == "support_measure"
    with pytest.raises(Refused):
        check_holder(register.wife_id, at=when)
    assert available_kinds(register.wife_id, at=when) == [(kind, False) for kind in ALL_KINDS]
    with pytest.raises(Refused):
        household_members_for(register.wife_id, at=when)


def test_support_measure_on_a_member_refuses_the_household_copy_only(register):
    flag(register.wife_id, starts_on=D(2023, 1, 1))
    when = at(D(2024, 1, 1))

    assert refusal("residence", register.head_id, {"scope": "household"}, when=when).code == (
        "support_measure"
    )
    assert (
        refusal("residence_items", register.child_id, {"scope": "household"}, when=when).code
        == "support_measure"
    )
    with pytest.raises(Refused):
        printed_person_ids("residence", register.head_id, {"scope": "household"}, at=when)
    own = build_document("residence", register.head_id, {"scope": "self"}, at=when)
    assert [entry.value("name") for entry in own.people] == ["山田　太郎"]


def test_support_measure_with_my_number_reads_no_number(register):
    flag(register.child_id, starts_on=D(2023, 1, 1))
    refusal(
        "residence",
        register.head_id,
        {"scope": "household", "my_number": "1"},
        when=at(D(2024, 1, 1)),
    )
    assert not AccessRecord.objects.filter(purpose="mynumber_certificate").exists()


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "lifted", "refused"),
    [
        (D(2024, 1, 2), None, None, False),  # not yet started
        (D(2024, 1, 1), None, None, True),  # starts today
        (D(2023, 1, 1), D(2024, 1, 1), None, True),  # last day
        (D(2023, 1, 1), D(2023, 12, 31), None, False),  # ended
        (D(2023, 1, 1), None, datetime.datetime(2024, 1, 1, 9), False),  # lifted this morning
        (D(2023, 1, 1), None, datetime.datetime(2024, 1, 1, 11), True),  # lifted later
    ],
)
def test_support_measure_in_force(register, starts_on, ends_on, lifted, refused):
    flag(
        register.head_id,
        starts_on=starts_on,
        ends_on=ends_on,
        lifted_at=timezone.make_aware(lifted) if lifted else None,
    )
    when = at(D(2024, 1, 1), hour=10)
    if refused:
        assert refusal("residence", register.head_id, when=when).code == "support_measure"
    else:
        assert build_document("residence", register.head_id, {}, at=when).people


# ------------------------------------------------------------- seals, assessments


def test_no_seal_is_refused_with_a_clear_message(register):
    error = refusal("seal", register.head_id, when=at(D(2024, 1, 1)))

    assert error.code == "no_seal" and not error.is_sensitive
    assert "印鑑登録がない" in str(error.message)


def test_abolished_and_future_seals_are_not_in_force(register):
    SealRegistration.objects.create(
        person_id=register.head_id,
        registration_number="9",
        seal_image=b"png",
        registered_on=D(2018, 1, 1),
        abolished_on=D(2023, 6, 1),
        abolition_reason="holder_request",
    )
    assert (
        build_document("seal", register.head_id, {}, at=at(D(2023, 5, 31))).header[0].value == "9"
    )
    assert refusal("seal", register.head_id, when=at(D(2023, 6, 1))).code == "no_seal"
    assert refusal("seal", register.head_id, when=at(D(2017, 12, 31))).code == "no_seal"


def test_no_assessment_for_the_year(register):
    TaxAssessment.objects.create(person_id=register.head_id, fiscal_year=2024)

    error = refusal("tax", register.head_id, {"fiscal_year": "2023"}, when=at(D(2024, 7, 1)))
    assert error.code == "no_assessment" and not error.is_sensitive
    assert "課税・所得の情報がない" in str(error.message)
    assert refusal("tax", register.wife_id, when=at(D(2024, 7, 1))).code == "no_assessment"


def test_removed_is_checked_before_the_kind_so_nothing_else_leaks(register):
    error = refusal("seal", register.leaver_id, when=at(D(2024, 1, 1)))
    assert error.code == "removed"


# ------------------------------------------------------------ what the kiosk offers


def test_available_kinds_and_years(register):
    when = at(D(2024, 7, 1))
    assert available_kinds(register.head_id, at=when) == [
        ("residence", True),
        ("residence_items", True),
        ("seal", False),
        ("tax", False),
    ]
    SealRegistration.objects.create(
        person_id=register.head_id,
        registration_number="3",
        seal_image=b"png",
        registered_on=D(2018, 1, 1),
    )
    for year in (2022, 2024, 2023):
        TaxAssessment.objects.create(person_id=register.head_id, fiscal_year=year)

    assert available_kinds(register.head_id, at=when) == [(kind, True) for kind in ALL_KINDS]
    assert tax_years_for(register.head_id) == [2024, 2023, 2022]
    assert tax_years_for(register.wife_id) == []
    assert available_kinds(register.leaver_id, at=when) == [(kind, False) for kind in ALL_KINDS]


def test_household_members_for_lists_names_only(register):
    members = household_members_for(register.wife_id, at=at(D(2024, 1, 1)))

    assert [(m.name, m.is_holder) for m in members] == [
        ("山田　太郎", False),
        ("佐藤　花子", True),
        ("山田　一郎", False),
    ]
    before_birth = household_members_for(register.head_id, at=at(D(2004, 1, 1)))
    assert [m.person_id for m in before_birth] == [register.head_id, register.wife_id]


def test_card_refusals_say_only_visit_the_counter():
    for state, code in (
        ("locked", "card_locked"),
        ("revoked", "card_revoked"),
        ("expired", "card_expired"),
        ("?", "card_revoked"),
    ):
        error = card_refusal(state)
        assert error.code == code and error.is_sensitive and str(error.message) == COUNTER


def test_public_message_in_english():
    with translation.override("en"):
        message = str(Refused("support_measure").message)
    assert "support_measure" not in message and "支援" not in message
