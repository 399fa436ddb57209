"""Course pages: the public list and course page, online application, my applications,
the result page; the staff pages with their permissions and access records."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from yakuba.audit.models import AccessRecord
from yakuba.facilities.access import APPLICANT_KIND
from yakuba.facilities.models import ApplicationState, Attendance, CourseApplication, CourseState
from yakuba.facilities.services import book_room
from yakuba.facilities.services import courses as services
from yakuba.facilities.services.slots import at
from yakuba.identity.testing import login_citizen, login_staff
from yakuba.identity.tests.factories import AssignmentFactory, CitizenFactory, OrgUnitFactory

from .test_courses import (
    after_close,
    applicant,
    course_data,
    open_course,
    session_day,
    years_before,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def bunka(db):
    return OrgUnitFactory(code="bunka", name="文化振興課", name_en="Culture Promotion")


@pytest.fixture
def operator(bunka):
    return AssignmentFactory(org_unit=bunka, role="operator").user


@pytest.fixture
def approver(bunka):
    return AssignmentFactory(org_unit=bunka, role="approver").user


@pytest.fixture
def viewer(bunka):
    return AssignmentFactory(org_unit=bunka, role="viewer").user


@pytest.fixture
def outsider(db):
    unit = OrgUnitFactory(code="kazei", name="課税課")
    return AssignmentFactory(org_unit=unit, role="admin").user


@pytest.fixture
def municipality(db):
    from yakuba.core.testing import demo_municipality

    with demo_municipality() as profile:
        yield profile


@pytest.fixture
def room(db):
    from yakuba.facilities.tests.factories import make_facility

    return make_facility(name="中央公民館").rooms.get()


@pytest.fixture
def course(operator, room):
    return open_course(operator, room)


# ------------------------------------------------------------------ citizen pages


def test_list_shows_open_courses_with_target_and_phone_but_not_drafts(
    client, operator, course, municipality
):
    services.create_course(operator, course_data(code="draft-1", title="準備中の講座"))
    response = client.get(reverse("portal:facilities:course_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "はじめてのスマートフォン教室（60歳以上）" in html
    assert "市内在住の60歳以上の方" in html
    assert "スマートフォンの 使いかたを ならいます。" in html  # the plain summary line
    assert municipality.phone in html
    assert "準備中の講座" not in html
    assert (
        client.get(reverse("portal:facilities:course_detail", args=["draft-1"])).status_code == 404
    )


def test_list_filters_by_kind(client, operator, room, course):
    lifelong = services.create_course(
        operator, course_data(code="history", kind="lifelong", title="郷土の歴史講座")
    )
    services.add_session(
        operator,
        lifelong,
        number=1,
        starts_at=at(session_day(), datetime.time(14)),
        ends_at=at(session_day(), datetime.time(16)),
        room=room,
    )
    services.publish_course(operator, lifelong)
    html = client.get(reverse("portal:facilities:course_list") + "?kind=lifelong").content.decode()
    assert "郷土の歴史講座" in html and "はじめてのスマートフォン教室" not in html
    html = client.get(reverse("portal:facilities:course_list") + "?kind=ict").content.decode()
    assert "郷土の歴史講座" not in html and "はじめてのスマートフォン教室" in html


def test_detail_shows_sessions_and_the_seed_commitment_not_the_seed(client, course):
    html = client.get(reverse("portal:facilities:course_detail", args=[course.code])).content
    html = html.decode()
    assert "電話のかけ方" in html and "中央公民館" in html
    assert course.seed_commitment in html and course.seed not in html
    assert reverse("portal:facilities:course_apply", args=[course.code]) in html


def test_apply_page_without_account_explains_phone_and_login(client, course, municipality):
    url = reverse("portal:facilities:course_apply", args=[course.code])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert municipality.phone in html and reverse("portal:login") in html
    response = client.post(url, applicant())
    assert response.status_code == 302 and reverse("portal:login") in response["Location"]
    assert CourseApplication.objects.count() == 0


def _form(**overrides):
    data = applicant(**overrides)
    data["birth_date"] = data["birth_date"].isoformat() if data["birth_date"] else ""
    data["is_resident"] = "on" if data["is_resident"] else ""
    return data


def test_citizen_applies_online_and_sees_it_under_mine(client, course):
    user = CitizenFactory()
    login_citizen(client, user)
    response = client.post(
        reverse("portal:facilities:course_apply", args=[course.code]),
        _form(birth_date=datetime.date(1955, 5, 5)),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:facilities:course_my")
    application = CourseApplication.objects.get()
    assert (application.user, application.state) == (user, ApplicationState.APPLIED)
    html = client.get(response["Location"]).content.decode()
    assert application.receipt_number in html and course.title in html


def test_too_young_applicant_gets_a_form_error_and_nothing_is_saved(client, course):
    login_citizen(client, CitizenFactory())
    birth = years_before(session_day(), 60) + datetime.timedelta(days=1)
    response = client.post(
        reverse("portal:facilities:course_apply", args=[course.code]), _form(birth_date=birth)
    )
    assert response.status_code == 200
    assert "60歳以上の方が対象です" in response.content.decode()
    assert CourseApplication.objects.count() == 0


def test_linked_citizen_is_not_asked_for_birth_date_and_name_is_prefilled(client, course):
    from .test_courses import _linked_citizen

    user = _linked_citizen(years_before(session_day(), 65))
    login_citizen(client, user)
    html = client.get(reverse("portal:facilities:course_apply", args=[course.code])).content
    html = html.decode()
    assert 'name="birth_date"' not in html and 'name="is_resident"' not in html
    assert 'value="村山 花子"' in html


def test_second_application_of_the_same_account_is_sent_to_mine(client, course):
    user = CitizenFactory()
    services.apply_to_course(course, user=user, data=applicant())
    login_citizen(client, user)
    response = client.get(reverse("portal:facilities:course_apply", args=[course.code]))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:facilities:course_my")


def test_citizen_cancels_own_application_but_not_anothers(client, course):
    owner, other = CitizenFactory(), CitizenFactory()
    application = services.apply_to_course(course, user=owner, data=applicant())
    login_citizen(client, other)
    url = reverse("portal:facilities:course_my_cancel", args=[application.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    login_citizen(client, owner)
    confirm = client.get(url)
    assert confirm.status_code == 200 and application.receipt_number in confirm.content.decode()
    application.refresh_from_db()
    assert application.state == ApplicationState.APPLIED  # asking changes nothing
    assert client.post(url).status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.CANCELLED


def test_mypage_card_lists_live_applications(client, course):
    user = CitizenFactory()
    services.apply_to_course(course, user=user, data=applicant())
    login_citizen(client, user)
    html = client.get(reverse("portal:mypage")).content.decode()
    assert "申し込んだ講座" in html and course.title in html


def test_result_page_publishes_seed_and_lottery_order(client, operator, approver, room):
    course = open_course(operator, room, capacity=1)
    applications = [
        services.apply_to_course(course, data=applicant(email=""), entered_by=operator)
        for _ in range(3)
    ]
    services.close_and_select(approver, course, now=after_close(course))
    course.refresh_from_db()
    html = client.get(reverse("portal:facilities:course_result", args=[course.code])).content
    html = html.decode()
    assert course.seed in html and course.seed_commitment in html
    assert all(a.receipt_number in html for a in applications)
    assert "村山" not in html  # receipt numbers only


# ------------------------------------------------------------------ staff access


STAFF_PAGES = [
    ("console:facilities:course_list", False),
    ("console:facilities:course_detail", True),
    ("console:facilities:course_applicants", True),
    ("console:facilities:course_applicants_csv", True),
]


@pytest.mark.parametrize(("name", "with_pk"), STAFF_PAGES)
def test_staff_pages_by_role(client, course, name, with_pk, viewer, outsider):
    url = reverse(name, args=[course.pk] if with_pk else [])
    assert client.get(url).status_code == 302  # anonymous → staff login
    login_citizen(client, CitizenFactory())
    assert client.get(url).status_code == 302
    client.logout()
    login_staff(client, outsider)
    assert client.get(url).status_code == 403
    login_staff(client, viewer)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "name",
    ["course_new", "course_counter_apply", "course_session_add", "course_publish"],
)
def test_viewer_cannot_change_anything(client, course, viewer, name):
    login_staff(client, viewer)
    url = reverse(f"console:facilities:{name}", args=[] if name == "course_new" else [course.pk])
    assert client.post(url, {}).status_code == 403
    assert CourseApplication.objects.count() == 0


def test_operator_cannot_select_or_cancel_a_course(client, course, operator):
    login_staff(client, operator)
    for name in ("course_select", "course_cancel"):
        response = client.post(reverse(f"console:facilities:{name}", args=[course.pk]), {})
        assert response.status_code == 403
    course.refresh_from_db()
    assert course.state == CourseState.OPEN


def test_applicant_list_records_one_access_record_per_application(client, course, operator):
    shown = [
        services.apply_to_course(course, data=applicant(name=f"申込者{i}"), entered_by=operator)
        for i in range(2)
    ]
    login_staff(client, operator)
    response = client.get(reverse("console:facilities:course_applicants", args=[course.pk]))
    assert "申込者0" in response.content.decode()
    records = AccessRecord.objects.filter(subject_kind=APPLICANT_KIND, actor=operator)
    assert sorted(records.values_list("subject_id", flat=True)) == sorted(str(a.pk) for a in shown)


def test_csv_is_utf8_with_bom_and_recorded(client, course, operator):
    application = services.apply_to_course(course, data=applicant(), entered_by=operator)
    login_staff(client, operator)
    response = client.get(reverse("console:facilities:course_applicants_csv", args=[course.pk]))
    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("受付番号,状態,氏名")
    assert application.receipt_number in text and "村山 一郎" in text
    assert AccessRecord.objects.filter(
        subject_kind=APPLICANT_KIND, subject_id=str(application.pk)
    ).exists()


# ------------------------------------------------------------------ staff flows


def test_staff_create_course_add_session_and_publish(client, operator, room):
    login_staff(client, operator)
    now = timezone.localtime()
    data = {
        **course_data(code="tablet-1", title="タブレット教室"),
        "applications_open_at": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "applications_close_at": (now + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "residents_only": "on",
    }
    response = client.post(reverse("console:facilities:course_new"), data)
    assert response.status_code == 302
    course = services.Course.objects.get(code="tablet-1")
    session = {
        "number": 1,
        "day": session_day().isoformat(),
        "starts": "13:00",
        "ends": "15:00",
        "room": room.pk,
        "topic": "タブレットの基本",
    }
    response = client.post(
        reverse("console:facilities:course_session_add", args=[course.pk]), session
    )
    assert response.status_code == 302
    client.post(reverse("console:facilities:course_publish", args=[course.pk]))
    course.refresh_from_db()
    assert course.state == CourseState.OPEN
    assert course.sessions.get().booking.room == room


def test_session_in_a_taken_room_shows_the_already_taken_message(client, operator, room):
    course = services.create_course(operator, course_data())
    book_room(
        room=room,
        starts_at=at(session_day(), datetime.time(9)),
        ends_at=at(session_day(), datetime.time(12)),
        holder=CitizenFactory(),
    )
    login_staff(client, operator)
    response = client.post(
        reverse("console:facilities:course_session_add", args=[course.pk]),
        {
            "number": 1,
            "day": session_day().isoformat(),
            "starts": "10:00",
            "ends": "12:00",
            "room": room.pk,
        },
    )
    assert response.status_code == 400
    assert "この時間帯は既に予約されています" in response.content.decode()
    assert course.sessions.count() == 0


def test_counter_application_by_phone(client, course, operator):
    login_staff(client, operator)
    response = client.post(
        reverse("console:facilities:course_counter_apply", args=[course.pk]), _form(email="")
    )
    assert response.status_code == 302
    application = CourseApplication.objects.get()
    assert (application.entered_by, application.user, application.email) == (operator, None, "")


def test_approver_selects_and_sees_who_to_phone_with_access_records(
    client, course, operator, approver
):
    no_mail = services.apply_to_course(
        course, data=applicant(email="", name="電話 太郎"), entered_by=operator
    )
    services.apply_to_course(course, data=applicant(), entered_by=operator)
    course.applications_close_at = timezone.now() - datetime.timedelta(minutes=1)
    course.applications_open_at = timezone.now() - datetime.timedelta(days=2)
    course.save()
    login_staff(client, approver)
    response = client.post(reverse("console:facilities:course_select", args=[course.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "電話 太郎" in html
    assert AccessRecord.objects.filter(
        subject_kind=APPLICANT_KIND, subject_id=str(no_mail.pk), actor=approver
    ).exists()
    course.refresh_from_db()
    assert course.state == CourseState.SELECTED


def test_attendance_sheet_records_checkboxes(client, operator, approver, room):
    course = open_course(operator, room)
    first = services.apply_to_course(course, data=applicant(name="出席 花子"), entered_by=operator)
    second = services.apply_to_course(course, data=applicant(), entered_by=operator)
    services.close_and_select(approver, course, now=after_close(course))
    session = course.sessions.get()
    url = reverse("console:facilities:course_attendance", args=[course.pk, session.pk])
    login_staff(client, operator)
    html = client.get(url).content.decode()
    assert "出席 花子" in html
    assert client.post(url, {"present": [str(first.pk)]}).status_code == 302
    assert dict(Attendance.objects.values_list("application_id", "present")) == {
        first.pk: True,
        second.pk: False,
    }


def test_viewer_sees_the_attendance_sheet_but_cannot_record(
    client, operator, approver, viewer, room
):
    course = open_course(operator, room)
    application = services.apply_to_course(course, data=applicant(), entered_by=operator)
    services.close_and_select(approver, course, now=after_close(course))
    session = course.sessions.get()
    url = reverse("console:facilities:course_attendance", args=[course.pk, session.pk])
    login_staff(client, viewer)
    assert client.get(url).status_code == 200
    assert client.post(url, {"present": [str(application.pk)]}).status_code == 403
    assert Attendance.objects.count() == 0


def test_operator_marks_a_phoned_applicant(client, operator, approver, room):
    course = open_course(operator, room)
    application = services.apply_to_course(course, data=applicant(email=""), entered_by=operator)
    services.close_and_select(approver, course, now=after_close(course))
    login_staff(client, operator)
    listing = reverse("console:facilities:course_applicants", args=[course.pk])
    assert "未連絡" in client.get(listing).content.decode()
    url = reverse("console:facilities:course_application_phoned", args=[course.pk, application.pk])
    assert client.post(url).status_code == 302
    application.refresh_from_db()
    assert application.notified_at is not None


def _count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_pages_query_count_does_not_grow_with_courses(client, operator, viewer, room):
    open_course(operator, room)
    public = reverse("portal:facilities:course_list")
    login_staff(client, viewer)
    staff = reverse("console:facilities:course_list")
    baseline = (_count_queries(client, public), _count_queries(client, staff))
    for index in range(3):
        course = services.create_course(operator, course_data(code=f"more-{index}"))
        services.add_session(
            operator,
            course,
            number=1,
            starts_at=at(session_day(), datetime.time(13 + index)),
            ends_at=at(session_day(), datetime.time(13 + index, 30)),
            room=room,
        )
        services.publish_course(operator, course)
    assert (_count_queries(client, public), _count_queries(client, staff)) == baseline
