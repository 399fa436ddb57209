"""The resident's access-record page and card, the staff audit log and the chain check."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yakuba.audit.models import AccessRecord
from yakuba.core.japanese import format_date_both
from yakuba.identity.testing import login_staff
from yakuba.identity.tests.factories import AssignmentFactory, CitizenFactory, OrgUnitFactory

from .helpers import drop_append_only_triggers, read_citizen

REVIEWS = {"record_kind": "audit.access_record"}


@pytest.fixture
def auditor(db):
    """A 文書情報課 approver: may read the audit log (not the chain check)."""
    unit = OrgUnitFactory(
        code="bunsho", name="文書情報課", name_en="Records and Information Division"
    )
    return AssignmentFactory(org_unit=unit, role="approver", user__display_name="監査 花子").user


def _client_for(who, request, client, staff_client):
    if who == "anonymous":
        return client
    if who == "citizen":
        client.force_login(request.getfixturevalue("citizen"))
        return client
    return staff_client(request.getfixturevalue(who))


# --- the resident's page -------------------------------------------------------------


@pytest.mark.django_db
def test_citizen_sees_department_purpose_and_date_but_not_the_staff_name(
    citizen_client, citizen, clerk_a
):
    clerk_a.display_name = "窓口 一郎"
    clerk_a.staff_number = "S-0042"
    clerk_a.save()
    read_citizen(clerk_a, citizen, action="update")

    response = citizen_client.get(reverse("portal:access_record"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "市民課" in body
    assert "アクセス記録の監査" in body
    assert "変更" in body
    assert "利用者アカウント" in body
    assert format_date_both(timezone.localdate()) in body
    assert "窓口 一郎" not in body
    assert "S-0042" not in body
    assert "<caption" in body and 'scope="col"' in body
    assert "文書情報課" in body  # where to turn if something looks wrong


@pytest.mark.django_db
def test_citizen_sees_only_their_own_records(citizen_client, citizen, clerk_a, clerk_b):
    read_citizen(clerk_a, citizen)
    read_citizen(clerk_b, CitizenFactory())

    response = citizen_client.get(reverse("portal:access_record"))

    body = response.content.decode()
    assert "市民課" in body
    assert "課税課" not in body
    assert response.context["page"].paginator.count == 1


@pytest.mark.django_db
def test_citizen_page_shows_newest_first_fifty_per_page(citizen_client, citizen, clerk_a):
    records = [read_citizen(clerk_a, citizen) for _ in range(51)]

    first = citizen_client.get(reverse("portal:access_record"))
    second = citizen_client.get(reverse("portal:access_record"), {"page": 2})

    assert [r.sequence for r, _ in first.context["rows"]][:2] == [51, 50]
    assert len(first.context["rows"]) == 50
    assert [r.sequence for r, _ in second.context["rows"]] == [records[0].sequence]
    assert 'rel="next"' in first.content.decode()


@pytest.mark.django_db
def test_citizen_page_survives_a_bad_page_number(citizen_client, citizen, clerk_a):
    read_citizen(clerk_a, citizen)

    response = citizen_client.get(reverse("portal:access_record"), {"page": "zzz"})

    assert response.status_code == 200
    assert response.context["page"].number == 1


@pytest.mark.django_db
def test_english_page_shows_the_english_department_name(citizen_client, citizen, clerk_a):
    read_citizen(clerk_a, citizen)

    response = citizen_client.get(reverse("portal:access_record"), HTTP_ACCEPT_LANGUAGE="en")

    body = response.content.decode()
    assert "Citizens Division" in body
    assert "市民課" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "clerk_a"])
def test_only_citizens_reach_the_page(request, client, staff_client, who):
    response = _client_for(who, request, client, staff_client).get(reverse("portal:access_record"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


@pytest.mark.django_db
def test_mypage_card_shows_the_latest_three(citizen_client, citizen, clerk_a, clerk_b):
    for _ in range(3):
        read_citizen(clerk_b, citizen)
    read_citizen(clerk_a, citizen, purpose="audit_review")
    clerk_b.display_name = "課税 次郎"
    clerk_b.save()

    response = citizen_client.get(reverse("portal:mypage"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "あなたの情報の閲覧記録" in body
    assert body.count("課税課（") == 2  # the oldest of the four is not on the card
    assert "市民課（" in body
    assert "課税 次郎" not in body
    assert reverse("portal:access_record") in body


@pytest.mark.django_db
def test_citizen_sees_an_audit_review_of_their_own_data(citizen_client, citizen, clerk_a, auditor):
    read_citizen(clerk_a, citizen)
    login_staff(Client(), auditor).get(
        reverse("console:audit_log"),
        {"subject_kind": "identity.citizen", "subject_id": str(citizen.pk)},
    )

    response = citizen_client.get(reverse("portal:access_record"))

    departments = [record.org_unit_name for record, _ in response.context["rows"]]
    assert departments == ["文書情報課", "市民課"]
    assert "監査 花子" not in response.content.decode()


# --- the staff audit log -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("citizen", 302),
        ("clerk_a", 403),
        ("supervisor", 403),
        ("auditor", 200),
        ("system_admin", 200),
    ],
)
def test_staff_log_access_across_the_cast(request, client, staff_client, who, status):
    response = _client_for(who, request, client, staff_client).get(reverse("console:audit_log"))

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("console:login"))
    assert AccessRecord.objects.filter(**REVIEWS).count() == (1 if status == 200 else 0)


@pytest.mark.django_db
def test_viewing_the_log_leaves_an_access_record(staff_client, system_admin, clerk_a, citizen):
    read_citizen(clerk_a, citizen)

    response = staff_client(system_admin).get(reverse("console:audit_log"))

    review = AccessRecord.objects.get(**REVIEWS)
    assert (review.actor, review.subject_kind, review.subject_id, review.purpose) == (
        system_admin,
        "audit.log",
        "-",
        "audit_review",
    )
    assert review.request_id == response["X-Request-ID"]
    assert review.ip_address == "127.0.0.1"
    assert "窓口" not in review.fields  # field names, never values
    body = response.content.decode()
    assert str(clerk_a) in body  # staff reviewers see who it was


@pytest.mark.django_db
def test_log_filters_by_purpose_department_and_subject(
    staff_client, system_admin, clerk_a, clerk_b, citizen
):
    mine = read_citizen(clerk_a, citizen)
    read_citizen(clerk_b, CitizenFactory())

    response = staff_client(system_admin).get(
        reverse("console:audit_log"),
        {
            "org_unit_code": "shimin",
            "subject_kind": "identity.citizen",
            "subject_id": str(citizen.pk),
            "purpose": "audit_review",
        },
    )

    assert [record.pk for record in response.context["page"]] == [mine.pk]


@pytest.mark.django_db
def test_log_filters_by_japan_dates_in_wareki(staff_client, system_admin, clerk_a, citizen):
    read_citizen(clerk_a, citizen)
    today = timezone.localdate()
    admin = staff_client(system_admin)
    only_reads = {"subject_kind": "identity.citizen"}

    from_today = admin.get(reverse("console:audit_log"), {"date_from": str(today), **only_reads})
    until_yesterday = admin.get(
        reverse("console:audit_log"),
        {"date_to": str(today.replace(year=today.year - 1)), **only_reads},
    )
    in_wareki = admin.get(
        reverse("console:audit_log"),
        {"date_from": f"R{today.year - 2018}.{today.month}.{today.day}", **only_reads},
    )

    assert from_today.context["page"].paginator.count == 1
    assert until_yesterday.context["page"].paginator.count == 0
    assert in_wareki.context["page"].paginator.count == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date_from": "平成32年1月1日"}, "error-summary"),
        (
            {"date_from": "2026-05-02", "date_to": "2026-05-01"},
            "終了日は開始日以降にしてください。",
        ),
        ({"purpose": "curiosity"}, "error-summary"),
        ({"org_unit_code": "市民課"}, "error-summary"),
        ({"date_to": "2" * 31}, "日付は30文字以内で入力してください。"),
    ],
)
def test_log_rejects_bad_filters_with_a_message(staff_client, system_admin, data, message):
    response = staff_client(system_admin).get(reverse("console:audit_log"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["page"] is None
    assert AccessRecord.objects.count() == 0


@pytest.mark.django_db
def test_menu_shows_the_log_to_auditors_and_system_admins_only(
    staff_client, auditor, system_admin, clerk_a
):
    url = reverse("console:audit_log")
    chain = reverse("console:audit_chain")

    auditor_page = staff_client(auditor).get(reverse("console:dashboard")).content.decode()
    admin_page = staff_client(system_admin).get(reverse("console:dashboard")).content.decode()
    clerk_page = staff_client(clerk_a).get(reverse("console:dashboard")).content.decode()

    assert (url in auditor_page, chain in auditor_page) == (True, False)
    assert (admin_page.count(f'href="{url}"'), chain in admin_page) == (1, True)
    assert (url in clerk_page, chain in clerk_page) == (False, False)


# --- the chain check -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("citizen", 302),
        ("clerk_a", 403),
        ("auditor", 403),
        ("system_admin", 200),
    ],
)
def test_chain_page_access_across_the_cast(request, client, staff_client, who, status):
    response = _client_for(who, request, client, staff_client).post(reverse("console:audit_chain"))

    assert response.status_code == status


@pytest.mark.django_db
def test_chain_page_verifies_on_request(staff_client, system_admin, clerk_a, citizen):
    read_citizen(clerk_a, citizen)
    admin = staff_client(system_admin)

    shown = admin.get(reverse("console:audit_chain"))
    checked = admin.post(reverse("console:audit_chain"))

    assert "検査しました" not in shown.content.decode()
    assert "1 件の記録を検査しました" in checked.content.decode()


@pytest.mark.django_db
def test_chain_page_reports_the_first_broken_link(staff_client, system_admin, clerk_a, citizen):
    records = [read_citizen(clerk_a, citizen) for _ in range(3)]
    drop_append_only_triggers()
    AccessRecord.objects.filter(pk=records[1].pk).update(purpose_label="改ざん")

    response = staff_client(system_admin).post(reverse("console:audit_chain"))

    body = response.content.decode()
    assert "通番 2 で連鎖が途切れています" in body
    assert "書き換えられた可能性があります" in body
