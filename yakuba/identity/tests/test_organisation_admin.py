"""Organisation pages: access across the cast, units (create, rename, merge), staff, assignments."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from yakuba.identity.models import Assignment, OrgUnit, User
from yakuba.identity.testing import login_citizen, login_staff

from .factories import AssignmentFactory, OrgUnitFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def personnel_admin(db):
    """A department administrator of 職員課 (may run the organisation pages)."""
    unit = OrgUnitFactory(code="shokuin", name="職員課", name_en="Personnel Division")
    return AssignmentFactory(
        org_unit=unit, role="admin", user__email="jinji@city.example.lg.jp"
    ).user


@pytest.fixture
def world(unit_a, clerk_a):
    """Objects the pages show: a unit, a staff member and an assignment."""
    assignment = Assignment.objects.get(user=clerk_a)
    return {"unit": unit_a, "member": clerk_a, "assignment": assignment}


def _urls(world) -> dict[str, str]:
    return {
        "org_units": reverse("console:org_units"),
        "org_unit_create": reverse("console:org_unit_create"),
        "org_unit_merge": reverse("console:org_unit_merge"),
        "org_unit_detail": reverse("console:org_unit_detail", args=[world["unit"].pk]),
        "org_unit_rename": reverse("console:org_unit_rename", args=[world["unit"].pk]),
        "staff_list": reverse("console:staff_list"),
        "staff_create": reverse("console:staff_create"),
        "staff_detail": reverse("console:staff_detail", args=[world["member"].pk]),
        "assignment_create": reverse("console:assignment_create", args=[world["member"].pk]),
        "assignment_end": reverse("console:assignment_end", args=[world["assignment"].pk]),
    }


PAGES = [
    "org_units",
    "org_unit_create",
    "org_unit_merge",
    "org_unit_detail",
    "org_unit_rename",
    "staff_list",
    "staff_create",
    "staff_detail",
    "assignment_create",
    "assignment_end",
]

CAST = [
    ("anonymous", "login"),
    ("citizen", "login"),
    ("clerk_a", 403),
    ("clerk_b", 403),
    ("supervisor", 403),
    ("system_admin", 200),
    ("personnel_admin", 200),
]


def _sign_in(request, client, who: str):
    if who == "anonymous":
        return client
    user = request.getfixturevalue(who)
    if user.kind == User.Kind.CITIZEN:
        return login_citizen(client, user)
    return login_staff(client, user)


def _snapshot() -> tuple:
    return (
        OrgUnit.objects.count(),
        User.objects.count(),
        Assignment.objects.count(),
        list(Assignment.objects.values_list("valid_to", flat=True).order_by("pk")),
    )


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("who", "expected"), CAST)
def test_access(request, client, world, page, who, expected):
    url = _urls(world)[page]
    client = _sign_in(request, client, who)
    before = _snapshot()

    response = client.get(url)

    if expected == "login":
        assert response.status_code == 302
        assert response["Location"] == reverse("console:login") + "?next=" + url
    else:
        assert response.status_code == expected
    assert _snapshot() == before


@pytest.mark.parametrize("action", ["staff_resend_invitation", "staff_reset_second_factor"])
@pytest.mark.parametrize(("who", "expected"), CAST)
def test_post_actions_refuse_and_change_nothing(
    request, client, world, action, who, expected, django_capture_on_commit_callbacks
):
    member = world["member"]
    TOTPDevice.objects.create(user=member, name="default", confirmed=True)
    client = _sign_in(request, client, who)
    devices_before = TOTPDevice.objects.filter(user=member).count()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(f"console:{action}", args=[member.pk]))

    if expected == 200:
        assert response.status_code == 302
        assert response["Location"] == reverse("console:staff_detail", args=[member.pk])
    else:
        assert response.status_code == (302 if expected == "login" else 403)
        assert mail.outbox == []
        assert TOTPDevice.objects.filter(user=member).count() == devices_before


def test_post_actions_are_post_only(staff_client, system_admin, world):
    client = staff_client(system_admin)

    response = client.get(reverse("console:staff_reset_second_factor", args=[world["member"].pk]))

    assert response.status_code == 405


# --- units -----------------------------------------------------------------------------------


def test_create_unit(staff_client, system_admin):
    client = staff_client(system_admin)

    response = client.post(
        reverse("console:org_unit_create"),
        {
            "code": "bosai",
            "kind": "division",
            "name": "防災安全課",
            "name_en": "Disaster Prevention Division",
            "valid_from": "2027-04-01",
            "phone": "042-565-1111",
        },
    )

    unit = OrgUnit.objects.get(code="bosai")
    assert response["Location"] == reverse("console:org_unit_detail", args=[unit.pk])
    assert (unit.name, unit.valid_from, unit.valid_to) == (
        "防災安全課",
        datetime.date(2027, 4, 1),
        None,
    )


def test_create_unit_refuses_a_code_in_use(staff_client, system_admin, unit_a):
    client = staff_client(system_admin)

    response = client.post(
        reverse("console:org_unit_create"),
        {
            "code": "shimin",
            "kind": "division",
            "name": "第二市民課",
            "name_en": "x",
            "valid_from": "2027-04-01",
        },
    )

    assert response.status_code == 200
    assert (
        "この組織コードは、設置日以降も有効な別の組織で使われています" in response.content.decode()
    )
    assert OrgUnit.objects.filter(code="shimin").count() == 1


def test_rename_keeps_history_visible(staff_client, system_admin, unit_a, clerk_a):
    client = staff_client(system_admin)

    response = client.post(
        reverse("console:org_unit_rename", args=[unit_a.pk]),
        {
            "new_name": "市民窓口課",
            "new_name_en": "Citizen Services Division",
            "effective": "2027-04-01",
        },
    )

    successor = OrgUnit.objects.get(code="shimin", valid_from=datetime.date(2027, 4, 1))
    assert response["Location"] == reverse("console:org_unit_detail", args=[successor.pk])
    unit_a.refresh_from_db()
    assert unit_a.valid_to == datetime.date(2027, 3, 31)
    before = client.get(reverse("console:org_units") + "?on=2027-03-31").content.decode()
    after = client.get(reverse("console:org_units") + "?on=2027-04-01").content.decode()
    assert "市民課" in before and "市民窓口課" in before  # shown as successor
    assert "市民窓口課" in after and "前身:" in after
    assert Assignment.objects.filter(user=clerk_a, org_unit=successor).exists()


def test_rename_effective_on_or_before_start_is_refused(staff_client, system_admin, unit_a):
    client = staff_client(system_admin)

    response = client.post(
        reverse("console:org_unit_rename", args=[unit_a.pk]),
        {"new_name": "x", "new_name_en": "x", "effective": "2020-04-01"},
    )

    assert response.status_code == 200
    assert "変更日は設置日（2020年4月1日）より後の日付にしてください" in response.content.decode()
    assert OrgUnit.objects.count() == 1


def test_merge_units(staff_client, system_admin, unit_a, unit_b, clerk_b):
    client = staff_client(system_admin)

    response = client.post(
        reverse("console:org_unit_merge"),
        {
            "units": [unit_a.pk, unit_b.pk],
            "code": "shimin-zei",
            "name": "市民税務課",
            "name_en": "Citizen and Tax Division",
            "effective": "2027-04-01",
        },
    )

    merged = OrgUnit.objects.get(code="shimin-zei")
    assert response["Location"] == reverse("console:org_unit_detail", args=[merged.pk])
    assert set(merged.predecessors.all()) == {unit_a, unit_b}
    assert Assignment.objects.filter(user=clerk_b, org_unit=merged, role="operator").exists()


def test_merge_needs_two_units(staff_client, system_admin, unit_a):
    client = staff_client(system_admin)

    response = client.post(
        reverse("console:org_unit_merge"),
        {"units": [unit_a.pk], "code": "x", "name": "x", "name_en": "x", "effective": "2027-04-01"},
    )

    assert response.status_code == 200
    assert "統合する組織を2つ以上選んでください" in response.content.decode()


def test_invalid_as_of_date_falls_back_to_today(staff_client, system_admin, unit_a):
    client = staff_client(system_admin)

    response = client.get(reverse("console:org_units") + "?on=2027-13-45")

    assert response.status_code == 200
    assert "日付の形式が正しくありません" in response.content.decode()
    assert "市民課" in response.content.decode()


# --- staff and assignments -------------------------------------------------------------------


def test_create_staff_member_mails_a_one_time_link_that_leads_to_totp_enrolment(
    staff_client, personnel_admin, unit_a, django_capture_on_commit_callbacks
):
    admin_client = staff_client(personnel_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("console:staff_create"),
            {
                "email": "new.clerk@city.example.lg.jp",
                "display_name": "新任 職員",
                "display_name_kana": "シンニン ショクイン",
                "staff_number": "20270001",
                "org_unit": unit_a.pk,
                "role": "operator",
                "valid_from": "2027-04-01",
            },
        )

    member = User.objects.get(email="new.clerk@city.example.lg.jp")
    assert response["Location"] == reverse("console:staff_detail", args=[member.pk])
    assert member.kind == User.Kind.STAFF
    assert not member.is_system_admin
    assert not member.has_usable_password()
    assert member.assignments.get().role == "operator"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [member.email]
    link = re.search(
        r"http://testserver(/staff/account/set-password/\S+)", mail.outbox[0].body
    ).group(1)

    admin_client.post(reverse("console:logout"))
    set_page = admin_client.get(link, follow=True)
    assert set_page.context["validlink"] is True
    password = "fresh-staff-passphrase-7"
    admin_client.post(
        set_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    member.refresh_from_db()
    assert member.check_password(password)
    assert admin_client.get(link, follow=True).context["validlink"] is False  # one time only

    response = admin_client.post(
        reverse("console:login"), {"username": member.email, "password": password}
    )
    assert response["Location"] == reverse("console:totp_setup")


def test_department_admin_cannot_create_system_admins(
    staff_client, personnel_admin, django_capture_on_commit_callbacks
):
    client = staff_client(personnel_admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("console:staff_create"),
            {"email": "sneaky@city.example.lg.jp", "display_name": "x", "is_system_admin": "on"},
        )

    assert User.objects.get(email="sneaky@city.example.lg.jp").is_system_admin is False


def test_create_staff_refuses_a_taken_address(staff_client, system_admin, citizen):
    client = staff_client(system_admin)

    response = client.post(
        reverse("console:staff_create"), {"email": citizen.email, "display_name": "x"}
    )

    assert response.status_code == 200
    assert "このメールアドレスは既に登録されています" in response.content.decode()


def test_staff_list_shows_current_assignments(staff_client, system_admin, clerk_a, clerk_b):
    client = staff_client(system_admin)

    body = client.get(reverse("console:staff_list")).content.decode()

    assert "市民課（担当）" in body
    assert "課税課（担当）" in body
    assert (
        client.get(reverse("console:staff_list") + "?q=clerk.b")
        .content.decode()
        .count("課税課（担当）")
        == 1
    )


def test_add_assignment_refuses_end_before_start(staff_client, system_admin, clerk_a, unit_b):
    client = staff_client(system_admin)

    response = client.post(
        reverse("console:assignment_create", args=[clerk_a.pk]),
        {
            "org_unit": unit_b.pk,
            "role": "viewer",
            "valid_from": "2027-04-01",
            "valid_to": "2027-03-31",
        },
    )

    assert response.status_code == 200
    assert "終了日は開始日以降の日付にしてください" in response.content.decode()
    assert not Assignment.objects.filter(user=clerk_a, org_unit=unit_b).exists()


def test_add_and_end_assignment(staff_client, system_admin, clerk_a, unit_b):
    client = staff_client(system_admin)

    client.post(
        reverse("console:assignment_create", args=[clerk_a.pk]),
        {"org_unit": unit_b.pk, "role": "viewer", "valid_from": "2027-04-01", "is_primary": ""},
    )
    added = Assignment.objects.get(user=clerk_a, org_unit=unit_b)
    assert (added.role, added.valid_from, added.valid_to, added.is_primary) == (
        "viewer",
        datetime.date(2027, 4, 1),
        None,
        False,
    )

    refused = client.post(
        reverse("console:assignment_end", args=[added.pk]), {"last_day": "2027-03-01"}
    )
    assert "最終日は開始日（2027年4月1日）以降の日付にしてください" in refused.content.decode()

    response = client.post(
        reverse("console:assignment_end", args=[added.pk]), {"last_day": "2028-03-31"}
    )
    assert response["Location"] == reverse("console:staff_detail", args=[clerk_a.pk])
    added.refresh_from_db()
    assert added.valid_to == datetime.date(2028, 3, 31)


def test_reset_second_factor_forces_enrolment(staff_client, system_admin, clerk_a):
    TOTPDevice.objects.create(user=clerk_a, name="default", confirmed=True)
    client = staff_client(system_admin)

    client.post(reverse("console:staff_reset_second_factor", args=[clerk_a.pk]))

    assert not TOTPDevice.objects.filter(user=clerk_a).exists()


def test_unknown_ids_are_404(staff_client, system_admin):
    client = staff_client(system_admin)

    assert client.get(reverse("console:staff_detail", args=[999999])).status_code == 404
    assert client.get(reverse("console:org_unit_detail", args=[999999])).status_code == 404


def test_staff_detail_of_a_citizen_is_404(staff_client, system_admin, citizen):
    client = staff_client(system_admin)

    assert client.get(reverse("console:staff_detail", args=[citizen.pk])).status_code == 404


def test_staff_factory_members_are_not_org_admins(staff_client, db):
    member = StaffFactory()
    client = staff_client(member)

    assert client.get(reverse("console:org_units")).status_code == 403
