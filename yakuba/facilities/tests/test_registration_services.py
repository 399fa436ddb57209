# ruff: noqa: F811  (fixtures imported from test_registration_support)
"""利用者登録: applying, approving, rejecting, counter registration, renewal, expiry."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yakuba.facilities import periodic
from yakuba.facilities.models import RegistrationState, UserRegistration
from yakuba.facilities.queries.registration import registration_for
from yakuba.facilities.services.registration import (
    add_years,
    apply_for_registration,
    approve_registration,
    expire_registrations,
    register_at_counter,
    reject_registration,
    renew_registration,
    request_renewal,
    withdraw_registration,
)
from yakuba.facilities.tests.factories import approved_group, approved_registration

from .test_registration_support import (  # noqa: F401
    APPLICATION,
    bunka,
    facility_approver,
    facility_operator,
    facility_viewer,
    linked_citizen,
    moved_out_citizen,
)

pytestmark = pytest.mark.django_db


def _years_from_today(years: int) -> datetime.date:
    return add_years(timezone.localdate(), years)


# -- applying ------------------------------------------------------------------------


def test_unlinked_citizen_declares_residence_and_input_is_normalised(citizen):
    registration = apply_for_registration(citizen, APPLICATION)

    assert registration.state == RegistrationState.APPLIED
    assert registration.user == citizen and registration.number is None
    assert registration.name_kana == "ムラヤマ ハナコ"
    assert registration.phone == "042-565-1111"
    assert registration.postal_code == "208-0004"
    assert registration.email == "hanako@example.jp"
    assert registration.is_resident is True and registration.residence_source == ""


def test_linked_citizen_gets_registry_name_address_and_residence(linked_citizen):
    data = {**APPLICATION, "name": "偽名", "address": "どこか", "is_resident": False}

    registration = apply_for_registration(linked_citizen, data)

    assert registration.name == "山田 太郎"
    assert registration.name_kana == "ヤマダ タロウ"
    assert registration.address.startswith("本町一丁目")
    assert registration.is_resident is True
    assert registration.residence_source == "registry"


def test_a_moved_out_resident_is_not_resident_whatever_they_declare(moved_out_citizen):
    registration = apply_for_registration(moved_out_citizen, {**APPLICATION, "is_resident": True})

    assert registration.is_resident is False
    assert registration.residence_source == "registry"


def test_bad_kana_and_phone_are_field_errors_and_nothing_is_saved(citizen):
    with pytest.raises(ValidationError) as refused:
        apply_for_registration(citizen, {**APPLICATION, "name_kana": "山田", "phone": "12"})

    assert set(refused.value.message_dict) == {"name_kana", "phone"}
    assert not UserRegistration.objects.exists()


def test_one_registration_per_account_a_second_application_corrects_the_first(citizen):
    first = apply_for_registration(citizen, APPLICATION)
    second = apply_for_registration(citizen, {**APPLICATION, "phone": "090-1234-5678"})

    assert second.pk == first.pk
    assert UserRegistration.objects.get().phone == "090-1234-5678"


def test_an_approved_citizen_cannot_apply_again(citizen, facility_approver):
    registration = apply_for_registration(citizen, APPLICATION)
    approve_registration(facility_approver, registration, is_resident=True)

    with pytest.raises(ValidationError):
        apply_for_registration(citizen, APPLICATION)


def test_staff_cannot_apply_as_a_citizen(facility_operator):
    with pytest.raises(PermissionDenied):
        apply_for_registration(facility_operator, APPLICATION)


def test_a_rejected_citizen_may_apply_again(citizen, facility_approver):
    registration = apply_for_registration(citizen, APPLICATION)
    reject_registration(facility_approver, registration, "住所を確認できませんでした。")

    again = apply_for_registration(citizen, APPLICATION)

    assert again.pk == registration.pk
    assert again.state == RegistrationState.APPLIED and again.rejection_reason == ""


# -- approving and rejecting ---------------------------------------------------------


def test_approval_numbers_sets_validity_confirms_by_document_and_mails(
    citizen, facility_approver, django_capture_on_commit_callbacks
):
    registration = apply_for_registration(citizen, APPLICATION)

    with django_capture_on_commit_callbacks(execute=True):
        approved = approve_registration(facility_approver, registration, is_resident=False)

    approved.refresh_from_db()
    assert approved.state == RegistrationState.APPROVED
    assert approved.number == "U0000001"
    assert approved.valid_until == _years_from_today(2)
    assert approved.is_resident is False and approved.residence_source == "document"
    assert approved.decided_by == facility_approver
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hanako@example.jp"]
    assert "U0000001" in mail.outbox[0].body
    assert "承認" in mail.outbox[0].subject


def test_mail_adds_english_for_an_account_that_prefers_english(
    citizen, facility_approver, django_capture_on_commit_callbacks
):
    citizen.preferred_language = "en"
    citizen.save(update_fields=["preferred_language"])
    registration = apply_for_registration(citizen, APPLICATION)

    with django_capture_on_commit_callbacks(execute=True):
        approve_registration(facility_approver, registration)

    assert "User number: U0000001" in mail.outbox[0].body
    assert "利用者番号" in mail.outbox[0].body


def test_approval_reads_residence_from_the_registry_for_a_linked_account(
    linked_citizen, facility_approver
):
    registration = apply_for_registration(linked_citizen, APPLICATION)

    approved = approve_registration(facility_approver, registration, is_resident=False)

    assert approved.is_resident is True and approved.residence_source == "registry"


def test_numbers_follow_the_highest_existing_number_and_never_repeat(
    facility_approver, django_user_model
):
    from yakuba.identity.tests.factories import CitizenFactory

    approved_registration()  # holds a factory number
    highest = UserRegistration.objects.get().number
    numbers = []
    for _index in range(3):
        registration = apply_for_registration(CitizenFactory(), APPLICATION)
        numbers.append(approve_registration(facility_approver, registration).number)

    following = int(highest[1:]) + 1
    assert numbers == [f"U{n:07d}" for n in range(following, following + 3)]


def test_rejection_needs_a_reason(citizen, facility_approver):
    registration = apply_for_registration(citizen, APPLICATION)

    with pytest.raises(ValidationError) as refused:
        reject_registration(facility_approver, registration, "  　")

    assert "reason" in refused.value.message_dict
    assert UserRegistration.objects.get().state == RegistrationState.APPLIED


def test_rejection_records_the_reason_and_mails_it(
    citizen, facility_approver, django_capture_on_commit_callbacks
):
    registration = apply_for_registration(citizen, APPLICATION)

    with django_capture_on_commit_callbacks(execute=True):
        reject_registration(facility_approver, registration, "書類が確認できませんでした。")

    registration.refresh_from_db()
    assert registration.state == RegistrationState.REJECTED
    assert registration.number is None
    assert registration.rejection_reason == "書類が確認できませんでした。"
    assert "書類が確認できませんでした。" in mail.outbox[0].body


@pytest.mark.parametrize("role", ["facility_viewer", "facility_operator", "clerk_a"])
def test_only_approvers_approve_or_reject(request, citizen, role):
    staff = request.getfixturevalue(role)
    registration = apply_for_registration(citizen, APPLICATION)

    with pytest.raises(PermissionDenied):
        approve_registration(staff, registration)
    with pytest.raises(PermissionDenied):
        reject_registration(staff, registration, "理由")
    assert UserRegistration.objects.get().state == RegistrationState.APPLIED


def test_a_decided_application_cannot_be_decided_again(citizen, facility_approver):
    registration = apply_for_registration(citizen, APPLICATION)
    approve_registration(facility_approver, registration)

    with pytest.raises(ValidationError):
        reject_registration(facility_approver, registration, "理由")
    assert UserRegistration.objects.get().state == RegistrationState.APPROVED


# -- counter -------------------------------------------------------------------------


def test_counter_registration_is_approved_at_once_without_an_account(facility_operator):
    registration = register_at_counter(
        facility_operator, {**APPLICATION, "email": "", "is_resident": True}
    )

    assert registration.user is None
    assert registration.state == RegistrationState.APPROVED
    assert registration.number == "U0000001"
    assert registration.valid_until == _years_from_today(2)
    assert registration.is_resident and registration.residence_source == "document"
    assert registration.decided_by == facility_operator
    assert registration_for(None) is None


def test_viewers_may_not_register_at_the_counter(facility_viewer):
    with pytest.raises(PermissionDenied):
        register_at_counter(facility_viewer, APPLICATION)
    assert not UserRegistration.objects.exists()


# -- renewal, withdrawal, expiry -----------------------------------------------------


def test_registry_resident_renews_at_once_from_the_current_expiry(linked_citizen):
    registration = approved_registration(linked_citizen, valid_days=30)
    expiry = registration.valid_until

    renewed = request_renewal(linked_citizen)

    assert renewed.state == RegistrationState.APPROVED
    assert renewed.valid_until == add_years(expiry, 2)
    assert renewed.residence_source == "registry"


def test_declared_resident_renewal_goes_back_to_the_queue_keeping_the_number(
    citizen, facility_approver
):
    registration = approved_registration(citizen, valid_days=-3, is_resident=True)
    registration.state = RegistrationState.EXPIRED
    registration.save()

    waiting = request_renewal(citizen)
    assert waiting.state == RegistrationState.APPLIED
    approved = approve_registration(facility_approver, waiting, is_resident=True)

    assert approved.number == registration.number
    assert approved.valid_until == _years_from_today(2)


def test_renewal_is_refused_long_before_the_expiry(citizen):
    approved_registration(citizen, valid_days=400)

    with pytest.raises(ValidationError):
        request_renewal(citizen)


def test_staff_renew_at_the_counter(facility_operator):
    registration = approved_registration(valid_days=10, is_resident=False)

    renewed = renew_registration(facility_operator, registration, is_resident=True)

    assert renewed.valid_until == add_years(registration.valid_until, 2)
    assert renewed.is_resident and renewed.residence_source == "document"


def test_withdrawal_is_refused_while_representing_a_group(citizen):
    registration = approved_registration(citizen)
    approved_group(registration)

    with pytest.raises(ValidationError):
        withdraw_registration(citizen, registration)
    registration.refresh_from_db()
    assert registration.state == RegistrationState.APPROVED


def test_citizen_withdraws_own_registration_but_not_anothers(citizen):
    from yakuba.identity.tests.factories import CitizenFactory

    registration = approved_registration(citizen)
    with pytest.raises(PermissionDenied):
        withdraw_registration(CitizenFactory(), registration)

    assert withdraw_registration(citizen, registration).state == RegistrationState.WITHDRAWN


def test_expiry_job_expires_past_registrations_and_groups_once(citizen):
    current = approved_registration(valid_days=0)
    past = approved_registration(citizen, valid_days=-1)
    group = approved_group(current)
    group.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    group.save()

    assert expire_registrations(timezone.now()) == 2
    assert expire_registrations(timezone.now()) == 0

    past.refresh_from_db()
    current.refresh_from_db()
    group.refresh_from_db()
    assert past.state == RegistrationState.EXPIRED
    assert current.state == RegistrationState.APPROVED
    assert group.state == RegistrationState.EXPIRED


def test_expiry_job_is_registered_with_the_periodic_runner():
    assert "expire_registrations" in periodic.jobs()


def test_add_years_keeps_29_february_in_range():
    assert add_years(datetime.date(2024, 2, 29), 2) == datetime.date(2026, 2, 28)
