# ruff: noqa: F811  (fixtures imported from test_registration_support)
"""団体登録: member minimums, 市内団体, approval, rejection, member updates."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from yakuba.facilities.models import Group, GroupMember, RegistrationState
from yakuba.facilities.queries.registration import groups_of
from yakuba.facilities.services.registration import (
    MemberData,
    apply_for_group,
    approve_group,
    reject_group,
    request_group_renewal,
    update_group_members,
)
from yakuba.facilities.tests.factories import approved_registration

from .test_registration_support import (  # noqa: F401
    bunka,
    facility_approver,
    facility_operator,
    facility_viewer,
)

pytestmark = pytest.mark.django_db

GROUP = {
    "name": "村山合唱団",
    "name_kana": "むらやまがっしょうだん",
    "activity": "合唱の練習",
    "phone": "042-565-2222",
}


def _members(residents: int, others: int) -> list[MemberData]:
    return [MemberData(f"市内{i}", "シナイ", True) for i in range(residents)] + [
        MemberData(f"市外{i}", "シガイ", False) for i in range(others)
    ]


def test_group_with_enough_resident_members_is_an_in_city_group(citizen):
    representative = approved_registration(citizen, is_resident=True)

    group = apply_for_group(representative, **GROUP, members=_members(2, 2))

    assert group.state == RegistrationState.APPLIED
    assert group.name_kana == "ムラヤマガッショウダン"
    assert group.is_resident is True
    assert group.members.count() == 5
    assert group.members.get(registration=representative).is_resident is True


def test_too_few_members_is_a_clear_error_and_nothing_is_saved(citizen):
    representative = approved_registration(citizen)

    with pytest.raises(ValidationError) as refused:
        apply_for_group(representative, **GROUP, members=_members(3, 0))

    assert "5人以上" in " ".join(refused.value.message_dict["members"])
    assert not Group.objects.exists()


def test_too_few_resident_members_is_a_clear_error(citizen):
    representative = approved_registration(citizen, is_resident=False)

    with pytest.raises(ValidationError) as refused:
        apply_for_group(representative, **GROUP, members=_members(2, 5))

    assert "市内在住・在勤・在学の構成員" in " ".join(refused.value.message_dict["members"])


def test_group_is_outside_the_city_when_the_representative_is(citizen):
    representative = approved_registration(citizen, is_resident=False)

    group = apply_for_group(representative, **GROUP, members=_members(4, 0))

    assert group.is_resident is False


def test_group_is_outside_the_city_when_fewer_than_half_the_members_are_resident(citizen):
    representative = approved_registration(citizen, is_resident=True)

    group = apply_for_group(representative, **GROUP, members=_members(2, 4))  # 3 of 7

    assert group.is_resident is False


def test_exactly_half_resident_members_make_an_in_city_group(citizen):
    representative = approved_registration(citizen, is_resident=True)

    group = apply_for_group(representative, **GROUP, members=_members(2, 3))  # 3 of 6

    assert group.is_resident is True


@override_settings(YAKUBA_FACILITY_GROUP_MIN_MEMBERS=2, YAKUBA_FACILITY_GROUP_MIN_RESIDENTS=0)
def test_the_minimums_come_from_the_settings(citizen):
    representative = approved_registration(citizen, is_resident=False)

    group = apply_for_group(representative, **GROUP, members=[("友人", "ユウジン", False)])

    assert group.members.count() == 2


def test_representative_needs_an_approved_registration(citizen):
    representative = approved_registration(citizen)
    representative.state = RegistrationState.APPLIED
    representative.save()

    with pytest.raises(ValidationError):
        apply_for_group(representative, **GROUP, members=_members(4, 0))


def test_empty_member_rows_are_ignored_and_a_kana_only_row_is_an_error(citizen):
    representative = approved_registration(citizen)
    rows = [*_members(4, 0), MemberData("", "", False)]

    assert apply_for_group(representative, **GROUP, members=rows).members.count() == 5
    with pytest.raises(ValidationError):
        apply_for_group(representative, **GROUP, members=[*rows, MemberData("", "ヤマダ")])


def test_approval_numbers_the_group_and_mails_the_representative(
    citizen, facility_approver, django_capture_on_commit_callbacks
):
    representative = approved_registration(citizen)
    group = apply_for_group(representative, **GROUP, members=_members(4, 0))

    with django_capture_on_commit_callbacks(execute=True):
        approved = approve_group(facility_approver, group)

    assert approved.state == RegistrationState.APPROVED
    assert approved.number == "G0000001"
    assert approved.valid_until is not None
    assert list(groups_of(representative)) == [approved]
    assert mail.outbox[0].to == ["hanako@example.jp"]
    assert "G0000001" in mail.outbox[0].body


def test_approval_re_evaluates_when_the_representative_moved_out(citizen, facility_approver):
    representative = approved_registration(citizen, is_resident=True)
    group = apply_for_group(representative, **GROUP, members=_members(4, 0))
    representative.is_resident = False
    representative.save()

    approved = approve_group(facility_approver, group)

    assert approved.is_resident is False
    assert GroupMember.objects.get(registration=representative).is_resident is False


def test_rejection_needs_a_reason_and_is_mailed(
    citizen, facility_approver, django_capture_on_commit_callbacks
):
    group = apply_for_group(approved_registration(citizen), **GROUP, members=_members(4, 0))

    with pytest.raises(ValidationError):
        reject_group(facility_approver, group, "")
    with django_capture_on_commit_callbacks(execute=True):
        rejected = reject_group(facility_approver, group, "活動内容を確認できませんでした。")

    assert rejected.state == RegistrationState.REJECTED
    assert "活動内容を確認できませんでした。" in mail.outbox[0].body


@pytest.mark.parametrize("role", ["facility_viewer", "facility_operator", "clerk_a", "citizen"])
def test_only_approvers_decide_groups(request, role):
    actor = request.getfixturevalue(role)
    group = apply_for_group(approved_registration(), **GROUP, members=_members(4, 0))

    with pytest.raises(PermissionDenied):
        approve_group(actor, group)
    with pytest.raises(PermissionDenied):
        reject_group(actor, group, "理由")
    assert Group.objects.get().state == RegistrationState.APPLIED


def test_member_update_re_evaluates_in_city_status(citizen, facility_approver):
    representative = approved_registration(citizen, is_resident=True)
    group = approve_group(
        facility_approver, apply_for_group(representative, **GROUP, members=_members(4, 0))
    )

    updated = update_group_members(citizen, group, _members(2, 4))

    assert updated.is_resident is False
    assert updated.members.count() == 7
    assert updated.state == RegistrationState.APPROVED


def test_member_update_below_the_minimum_changes_nothing(citizen):
    representative = approved_registration(citizen)
    group = apply_for_group(representative, **GROUP, members=_members(4, 0))

    with pytest.raises(ValidationError):
        update_group_members(citizen, group, _members(1, 0))

    assert group.members.count() == 5


def test_only_the_representative_updates_members(citizen):
    from yakuba.identity.tests.factories import CitizenFactory

    group = apply_for_group(approved_registration(citizen), **GROUP, members=_members(4, 0))

    with pytest.raises(PermissionDenied):
        update_group_members(CitizenFactory(), group, _members(5, 0))


def test_groups_of_includes_groups_joined_by_registration_but_not_pending_ones(
    citizen, facility_approver
):
    member = approved_registration()
    group = approve_group(
        facility_approver,
        apply_for_group(approved_registration(citizen), **GROUP, members=_members(4, 0)),
    )
    pending = apply_for_group(approved_registration(), **GROUP, members=_members(4, 0))
    GroupMember.objects.create(group=group, name=member.name, registration=member)
    GroupMember.objects.create(group=pending, name=member.name, registration=member)

    assert list(groups_of(member)) == [group]
    assert list(groups_of(None)) == []


def test_group_renewal_goes_back_to_the_queue_with_its_number(citizen, facility_approver):
    group = approve_group(
        facility_approver,
        apply_for_group(approved_registration(citizen), **GROUP, members=_members(4, 0)),
    )
    with pytest.raises(ValidationError):
        request_group_renewal(citizen, group)  # two years ahead: not yet
    group.valid_until = group.valid_until.replace(year=group.valid_until.year - 2)
    group.save()

    waiting = request_group_renewal(citizen, group)
    renewed = approve_group(facility_approver, waiting)

    assert renewed.number == group.number
    assert renewed.valid_until > group.valid_until


def test_staff_renew_a_group_at_the_counter_and_rules_are_checked_again(
    citizen, facility_approver, facility_operator, django_capture_on_commit_callbacks
):
    from yakuba.facilities.services.registration import renew_group

    group = approve_group(
        facility_approver,
        apply_for_group(approved_registration(citizen), **GROUP, members=_members(4, 0)),
    )
    old_expiry = group.valid_until

    with django_capture_on_commit_callbacks(execute=True):
        renewed = renew_group(facility_operator, group)

    assert renewed.valid_until > old_expiry
    assert "団体登録を更新しました" in mail.outbox[0].subject
    GroupMember.objects.filter(group=group, registration__isnull=True).delete()
    with pytest.raises(ValidationError):
        renew_group(facility_operator, group)
