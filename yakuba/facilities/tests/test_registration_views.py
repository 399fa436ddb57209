# ruff: noqa: F811  (fixtures imported from test_registration_support)
"""Pages of the registration part: citizen apply/status/groups, staff queue, detail,
approve/reject, search, counter; access records; who may see what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yakuba.audit.models import AccessRecord
from yakuba.facilities.models import Group, RegistrationState, UserRegistration
from yakuba.facilities.services.registration import (
    MemberData,
    apply_for_group,
    apply_for_registration,
)
from yakuba.facilities.tests.factories import approved_registration
from yakuba.identity.testing import login_citizen

from .test_registration_support import (  # noqa: F401
    APPLICATION,
    bunka,
    facility_approver,
    facility_operator,
    facility_viewer,
    linked_citizen,
)

pytestmark = pytest.mark.django_db

GROUP_POST = {
    "name": "村山合唱団",
    "name_kana": "ムラヤマガッショウダン",
    "activity": "合唱",
    "contact_phone": "042-565-2222",
}


def _url(name: str, *args: object) -> str:
    return reverse(f"portal:facilities:{name}", args=args)


def _staff_url(name: str, *args: object) -> str:
    return reverse(f"console:facilities:{name}", args=args)


def _formset(rows: list[tuple[str, str, bool]], total: int = 10) -> dict[str, str]:
    data = {
        "members-TOTAL_FORMS": str(total),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "200",
    }
    for index, (name, kana, resident) in enumerate(rows):
        data[f"members-{index}-name"] = name
        data[f"members-{index}-name_kana"] = kana
        if resident:
            data[f"members-{index}-is_resident"] = "on"
    return data


def _group(citizen) -> Group:
    members = [MemberData(f"構成員{i}", "コウセイイン", True) for i in range(4)]
    return apply_for_group(
        approved_registration(citizen),
        name="村山合唱団",
        name_kana="ムラヤマ",
        activity="合唱",
        phone="042-565-2222",
        members=members,
    )


# -- citizen -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["registration_apply", "registration_status", "group_apply"])
def test_citizen_pages_need_a_signed_in_citizen(client, staff_client, facility_operator, name):
    response = client.get(_url(name))
    assert response.status_code == 302 and "login" in response["Location"]

    staff_client(facility_operator)
    response = client.get(_url(name))
    assert response.status_code == 302 and "login" in response["Location"]


def test_apply_page_shows_a_form_and_a_post_applies(citizen_client):
    assert citizen_client.get(_url("registration_apply")).status_code == 200

    response = citizen_client.post(_url("registration_apply"), APPLICATION)

    assert response.status_code == 302
    assert response["Location"] == _url("registration_status")
    registration = UserRegistration.objects.get()
    assert registration.state == RegistrationState.APPLIED and registration.is_resident


def test_apply_with_bad_kana_shows_the_error_on_the_field(citizen_client):
    response = citizen_client.post(_url("registration_apply"), {**APPLICATION, "name_kana": "花子"})

    assert response.status_code == 200
    assert "カタカナまたはひらがな" in response.content.decode()
    assert 'href="#id_name_kana"' in response.content.decode()
    assert not UserRegistration.objects.exists()


def test_linked_citizen_sees_registry_name_and_cannot_change_it(client, linked_citizen):
    login_citizen(client, linked_citizen)

    page = client.get(_url("registration_apply")).content.decode()
    client.post(_url("registration_apply"), {**APPLICATION, "name": "別名"})

    assert "山田 太郎" in page and "is_resident" not in page
    assert UserRegistration.objects.get().name == "山田 太郎"


def test_status_page_shows_number_validity_and_renew_button_near_expiry(client, citizen):
    registration = approved_registration(citizen, valid_days=20)
    login_citizen(client, citizen)

    page = client.get(_url("registration_status")).content.decode()

    assert registration.number in page
    assert _url("registration_renew") in page


def test_renew_button_renews_an_outside_city_registration_at_once(client, citizen):
    registration = approved_registration(citizen, valid_days=20, is_resident=False)
    login_citizen(client, citizen)

    response = client.post(_url("registration_renew"))

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.valid_until.year >= registration.created.year + 2


def test_add_rows_keeps_entries_and_adds_ten_rows(citizen_client, citizen):
    approved_registration(citizen)
    data = {**GROUP_POST, **_formset([("佐藤 一郎", "サトウ イチロウ", True)]), "add_rows": "1"}

    response = citizen_client.post(_url("group_apply"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="members-TOTAL_FORMS" value="20"' in page
    assert 'value="佐藤 一郎"' in page and 'value="村山合唱団"' in page
    assert "入力内容に問題があります" not in page
    assert not Group.objects.exists()


def test_group_apply_creates_the_group_and_shows_its_page(citizen_client, citizen):
    approved_registration(citizen)
    rows = [(f"構成員{i}", "コウセイイン", True) for i in range(4)]

    response = citizen_client.post(_url("group_apply"), {**GROUP_POST, **_formset(rows)})

    group = Group.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("group_detail", group.pk)
    assert group.members.count() == 5
    assert "村山合唱団" in citizen_client.get(response["Location"]).content.decode()


def test_group_apply_with_too_few_members_keeps_entries_and_explains(citizen_client, citizen):
    approved_registration(citizen)

    response = citizen_client.post(
        _url("group_apply"), {**GROUP_POST, **_formset([("佐藤 一郎", "サトウ", True)])}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "5人以上" in page and 'value="佐藤 一郎"' in page
    assert not Group.objects.exists()


def test_group_page_is_hidden_from_other_citizens(client, citizen):
    from yakuba.identity.tests.factories import CitizenFactory

    group = _group(citizen)
    login_citizen(client, CitizenFactory())

    assert client.get(_url("group_detail", group.pk)).status_code == 404
    assert client.get(_url("group_members_edit", group.pk)).status_code == 404


def test_representative_edits_members(citizen_client, citizen):
    group = _group(citizen)
    page = citizen_client.get(_url("group_members_edit", group.pk)).content.decode()
    assert 'value="構成員0"' in page

    rows = [(f"新メンバー{i}", "シン", True) for i in range(5)]
    response = citizen_client.post(_url("group_members_edit", group.pk), _formset(rows))

    assert response.status_code == 302
    assert group.members.count() == 6


def test_mypage_shows_the_registration_card(citizen_client, citizen):
    registration = approved_registration(citizen)

    page = citizen_client.get(reverse("portal:mypage")).content.decode()

    assert "公共施設の利用者登録" in page and registration.number in page


# -- staff ---------------------------------------------------------------------------


def _records(kind: str = "facilities.user") -> list[AccessRecord]:
    return list(AccessRecord.objects.filter(subject_kind=kind))


def test_queue_lists_applications_oldest_first_and_records_the_reads(
    staff_client, facility_viewer, citizen
):
    from yakuba.identity.tests.factories import CitizenFactory

    first = apply_for_registration(citizen, APPLICATION)
    second = apply_for_registration(CitizenFactory(), {**APPLICATION, "name": "後藤 二郎"})
    group = _group(CitizenFactory())
    client = staff_client(facility_viewer)

    page = client.get(_staff_url("registration_queue")).content.decode()

    assert page.index(first.name) < page.index("後藤 二郎")
    assert group.name in page
    assert {r.subject_id for r in _records()} == {
        str(first.pk),
        str(second.pk),
        str(group.representative_id),
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [("clerk_b", 403), ("citizen", 302), ("facility_viewer", 200)],
)
def test_staff_pages_need_a_facilities_role(request, client, staff_client, who, status):
    user = request.getfixturevalue(who)
    registration = approved_registration()
    if user.kind == "citizen":
        login_citizen(client, user)
    else:
        client = staff_client(user)
    for url in (
        _staff_url("registration_queue"),
        _staff_url("registration_detail", registration.pk),
        _staff_url("registration_search") + "?q=利用者",
    ):
        assert client.get(url).status_code == status
    if status != 200:
        assert AccessRecord.objects.count() == 0


def test_detail_page_records_the_read_with_the_fields_shown(staff_client, facility_viewer):
    registration = approved_registration(name="村山 花子")
    client = staff_client(facility_viewer)

    page = client.get(_staff_url("registration_detail", registration.pk)).content.decode()

    assert "村山 花子" in page
    [record] = _records()
    assert record.subject_id == str(registration.pk)
    assert "address" in record.fields and record.actor == facility_viewer
    assert _staff_url("registration_approve", registration.pk) not in page


def test_approver_approves_with_the_document_check(staff_client, facility_approver, citizen):
    registration = apply_for_registration(citizen, APPLICATION)
    client = staff_client(facility_approver)

    response = client.post(
        _staff_url("registration_approve", registration.pk), {"is_resident": "0"}
    )

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.state == RegistrationState.APPROVED
    assert registration.is_resident is False and registration.number


def test_approve_without_the_document_check_is_a_form_error(
    staff_client, facility_approver, citizen
):
    registration = apply_for_registration(citizen, APPLICATION)

    response = staff_client(facility_approver).post(
        _staff_url("registration_approve", registration.pk), {}
    )

    assert response.status_code == 200
    assert "確認結果を選んでください" in response.content.decode()
    assert UserRegistration.objects.get().state == RegistrationState.APPLIED


def test_reject_without_a_reason_is_refused_on_the_page(staff_client, facility_approver, citizen):
    registration = apply_for_registration(citizen, APPLICATION)
    client = staff_client(facility_approver)

    response = client.post(_staff_url("registration_reject", registration.pk), {"reason": ""})

    assert response.status_code == 200
    assert "不承認の理由を入力してください" in response.content.decode()
    assert UserRegistration.objects.get().state == RegistrationState.APPLIED


def test_operator_may_not_approve(staff_client, facility_operator, citizen):
    registration = apply_for_registration(citizen, APPLICATION)

    response = staff_client(facility_operator).post(
        _staff_url("registration_approve", registration.pk), {"is_resident": "1"}
    )

    assert response.status_code == 403
    assert UserRegistration.objects.get().state == RegistrationState.APPLIED


def test_group_page_records_reads_of_representative_and_approver_approves(
    staff_client, facility_approver, citizen
):
    group = _group(citizen)
    client = staff_client(facility_approver)

    page = client.get(_staff_url("group_detail_staff", group.pk)).content.decode()
    response = client.post(_staff_url("group_approve", group.pk))

    assert "構成員0" in page
    assert {r.subject_id for r in _records()} == {str(group.representative_id)}
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.state == RegistrationState.APPROVED and group.number == "G0000001"


def test_search_finds_by_kana_in_hiragana_and_phone_without_hyphens(staff_client, facility_viewer):
    registration = approved_registration(
        name="村山 花子", name_kana="ムラヤマ ハナコ", phone="042-565-1234"
    )
    other = approved_registration(name="佐藤 一郎", name_kana="サトウ イチロウ")
    client = staff_client(facility_viewer)

    by_kana = client.get(_staff_url("registration_search"), {"q": "むらやまはなこ"})
    by_phone = client.get(_staff_url("registration_search"), {"q": "0425651234"})
    by_number = client.get(_staff_url("registration_search"), {"q": registration.number})

    for response in (by_kana, by_phone, by_number):
        assert "村山 花子" in response.content.decode()
        assert "佐藤 一郎" not in response.content.decode()
    assert str(other.pk) not in {r.subject_id for r in _records()}
    assert {r.subject_id for r in _records()} == {str(registration.pk)}


def test_counter_registration_page_registers_and_shows_the_number(staff_client, facility_operator):
    client = staff_client(facility_operator)
    assert client.get(_staff_url("registration_counter")).status_code == 200

    response = client.post(_staff_url("registration_counter"), {**APPLICATION, "email": ""})

    registration = UserRegistration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _staff_url("registration_detail", registration.pk)
    assert registration.state == RegistrationState.APPROVED and registration.user is None


def test_viewer_may_not_register_at_the_counter(staff_client, facility_viewer):
    response = staff_client(facility_viewer).post(_staff_url("registration_counter"), APPLICATION)

    assert response.status_code == 403
    assert not UserRegistration.objects.exists()


def test_dashboard_shows_counts_awaiting_approval(staff_client, facility_viewer, citizen):
    apply_for_registration(citizen, APPLICATION)

    page = staff_client(facility_viewer).get(reverse("console:dashboard")).content.decode()

    assert "利用者登録の審査待ち 1件" in page


def test_representative_withdraws_the_group_then_the_registration(citizen_client, citizen):
    group = _group(citizen)
    registration = group.representative

    assert citizen_client.get(_url("group_withdraw", group.pk)).status_code == 200
    citizen_client.post(_url("group_withdraw", group.pk))
    citizen_client.post(_url("registration_withdraw"))

    group.refresh_from_db()
    registration.refresh_from_db()
    assert group.state == RegistrationState.WITHDRAWN
    assert registration.state == RegistrationState.WITHDRAWN


def test_withdrawal_while_representing_a_group_explains_why(citizen_client, citizen):
    _group(citizen)

    response = citizen_client.post(_url("registration_withdraw"))

    assert response.status_code == 200
    assert "代表者になっている団体" in response.content.decode()


def test_operator_renews_and_withdraws_at_the_counter(staff_client, facility_operator):
    registration = approved_registration(valid_days=5, is_resident=False)
    client = staff_client(facility_operator)

    renewed = client.post(
        _staff_url("registration_renew_staff", registration.pk), {"is_resident": "1"}
    )
    withdrawn = client.post(_staff_url("registration_withdraw_staff", registration.pk))

    assert renewed.status_code == 302 and withdrawn.status_code == 302
    registration.refresh_from_db()
    assert registration.is_resident is True
    assert registration.state == RegistrationState.WITHDRAWN


def test_group_rejection_without_a_reason_stays_pending(staff_client, facility_approver, citizen):
    group = _group(citizen)

    response = staff_client(facility_approver).post(
        _staff_url("group_reject", group.pk), {"reason": ""}
    )

    assert response.status_code == 200
    assert "不承認の理由を入力してください" in response.content.decode()
    group.refresh_from_db()
    assert group.state == RegistrationState.APPLIED


def test_group_approval_refused_when_rules_fail_shows_why(staff_client, facility_approver, citizen):
    group = _group(citizen)
    group.members.filter(registration__isnull=True).first().delete()

    response = staff_client(facility_approver).post(_staff_url("group_approve", group.pk))

    assert response.status_code == 200
    assert "5人以上" in response.content.decode()
    group.refresh_from_db()
    assert group.state == RegistrationState.APPLIED
