"""Courses and ICT classes: sessions book rooms, eligibility on the first session's date,
the application period, one application per account, first-come or lottery selection,
promotion from the waitlist, attendance."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yakuba.facilities import lottery
from yakuba.facilities.models import (
    ApplicationState,
    Attendance,
    BookingKind,
    BookingState,
    Course,
    CourseState,
)
from yakuba.facilities.services import SlotTaken, book_room
from yakuba.facilities.services import courses as services
from yakuba.facilities.services.slots import at
from yakuba.facilities.tests.factories import make_facility
from yakuba.identity.tests.factories import AssignmentFactory, CitizenFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

SESSION_DAYS_AHEAD = 10


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
def room(db):
    return make_facility().rooms.get()


def session_day() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=SESSION_DAYS_AHEAD)


def course_data(**overrides):
    now = timezone.now()
    return {
        "code": overrides.pop("code", "smartphone-1"),
        "kind": "ict",
        "title": "はじめてのスマートフォン教室（60歳以上）",
        "description": "スマートフォンの 使いかたを ならいます。\n電話のかけ方、写真、LINEの基本。",
        "target": "市内在住の60歳以上の方",
        "minimum_age": 60,
        "residents_only": True,
        "capacity": 3,
        "fee": 0,
        "materials": "お持ちのスマートフォン",
        "applications_open_at": now - datetime.timedelta(days=1),
        "applications_close_at": now + datetime.timedelta(days=2),
        **overrides,
    }


def open_course(operator, room, **overrides) -> Course:
    """A published course with one session on ``session_day()`` 10:00–12:00 in ``room``."""
    course = services.create_course(operator, course_data(**overrides))
    services.add_session(
        operator,
        course,
        number=1,
        starts_at=at(session_day(), datetime.time(10)),
        ends_at=at(session_day(), datetime.time(12)),
        room=room,
        topic="電話のかけ方",
    )
    return services.publish_course(operator, course)


def applicant(**overrides):
    return {
        "name": "村山 一郎",
        "name_kana": "ムラヤマ イチロウ",
        "phone": "042-565-0000",
        "email": "ichiro@example.jp",
        "birth_date": datetime.date(1950, 1, 1),
        "is_resident": True,
        "needs": "",
        **overrides,
    }


def years_before(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year - years)


def after_close(course: Course) -> datetime.datetime:
    return course.applications_close_at + datetime.timedelta(minutes=1)


# ------------------------------------------------------------------ sessions and rooms


def test_session_books_its_room_as_a_free_confirmed_course_booking(operator, room):
    course = open_course(operator, room)
    booking = course.sessions.get().booking
    assert (booking.kind, booking.state, booking.fee, booking.room) == (
        BookingKind.COURSE,
        BookingState.CONFIRMED,
        0,
        room,
    )
    assert booking.holder_name == "文化振興課"
    assert booking.booked_by == operator


def test_session_in_a_taken_room_is_refused_and_nothing_is_saved(operator, room):
    citizen = CitizenFactory()
    book_room(
        room=room,
        starts_at=at(session_day(), datetime.time(11)),
        ends_at=at(session_day(), datetime.time(13)),
        holder=citizen,
    )
    course = services.create_course(operator, course_data())
    with pytest.raises(SlotTaken):
        services.add_session(
            operator,
            course,
            number=1,
            starts_at=at(session_day(), datetime.time(10)),
            ends_at=at(session_day(), datetime.time(12)),
            room=room,
        )
    assert course.sessions.count() == 0
    assert room.bookings.filter(kind=BookingKind.COURSE).count() == 0


def test_removing_a_session_frees_its_room(operator, room):
    course = services.create_course(operator, course_data())
    session = services.add_session(
        operator,
        course,
        number=1,
        starts_at=at(session_day(), datetime.time(10)),
        ends_at=at(session_day(), datetime.time(12)),
        room=room,
    )
    booking = session.booking
    services.remove_session(operator, session)
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED
    assert course.sessions.count() == 0
    # The time is free again for anyone.
    book_room(
        room=room,
        starts_at=at(session_day(), datetime.time(10)),
        ends_at=at(session_day(), datetime.time(12)),
        holder=CitizenFactory(),
    )


def test_same_session_number_twice_is_a_clear_error(operator, room):
    course = open_course(operator, room)
    with pytest.raises(ValidationError) as error:
        services.add_session(
            operator,
            Course.objects.get(pk=course.pk),
            number=1,
            starts_at=at(session_day(), datetime.time(14)),
            ends_at=at(session_day(), datetime.time(16)),
            room=room,
        )
    assert "number" in error.value.message_dict


def test_publishing_needs_a_session_and_sets_a_seed_commitment(operator, room):
    course = services.create_course(operator, course_data())
    with pytest.raises(ValidationError):
        services.publish_course(operator, course)
    published = open_course(operator, room, code="other")
    assert published.state == CourseState.OPEN
    assert published.seed and published.seed_commitment == lottery.seed_commitment(published.seed)


def test_only_drafts_are_editable(operator, room):
    course = open_course(operator, room)
    with pytest.raises(ValidationError):
        services.update_course(operator, course, {"title": "別の名前"})
    draft = services.create_course(operator, course_data(code="draft-1"))
    services.update_course(operator, draft, {"title": "別の名前", "capacity": 20})
    draft.refresh_from_db()
    assert (draft.title, draft.capacity) == ("別の名前", 20)


def test_duplicate_code_is_a_form_error(operator):
    services.create_course(operator, course_data())
    with pytest.raises(ValidationError) as error:
        services.create_course(operator, course_data())
    assert "code" in error.value.message_dict


def test_a_viewer_cannot_create_courses(bunka):
    viewer = AssignmentFactory(org_unit=bunka, role="viewer").user
    with pytest.raises(PermissionDenied):
        services.create_course(viewer, course_data())


# ------------------------------------------------------------------ eligibility


def test_sixtieth_birthday_the_day_before_the_first_session_is_accepted(operator, room):
    course = open_course(operator, room)
    birth = years_before(session_day(), 60) - datetime.timedelta(days=1)
    application = services.apply_to_course(
        course, data=applicant(birth_date=birth), entered_by=operator
    )
    assert application.state == ApplicationState.APPLIED


def test_sixtieth_birthday_on_the_first_session_day_is_accepted(operator, room):
    course = open_course(operator, room)
    birth = years_before(session_day(), 60)
    services.apply_to_course(course, data=applicant(birth_date=birth), entered_by=operator)


def test_sixtieth_birthday_the_day_after_the_first_session_is_refused(operator, room):
    course = open_course(operator, room)
    birth = years_before(session_day(), 60) + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.apply_to_course(course, data=applicant(birth_date=birth), entered_by=operator)
    assert "birth_date" in error.value.message_dict
    assert course.applications.count() == 0


def test_age_is_counted_on_the_earliest_session_not_session_one(operator, room):
    course = services.create_course(operator, course_data())
    later = session_day() + datetime.timedelta(days=7)
    services.add_session(
        operator,
        course,
        number=1,
        starts_at=at(later, datetime.time(10)),
        ends_at=at(later, datetime.time(12)),
        room=room,
    )
    services.add_session(
        operator,
        course,
        number=2,
        starts_at=at(session_day(), datetime.time(10)),
        ends_at=at(session_day(), datetime.time(12)),
        room=room,
    )
    services.publish_course(operator, course)
    birth = years_before(session_day(), 60) + datetime.timedelta(days=1)  # 60 only by `later`
    with pytest.raises(ValidationError):
        services.apply_to_course(course, data=applicant(birth_date=birth), entered_by=operator)


def test_age_on_follows_the_calendar_for_29_february():
    born = datetime.date(1964, 2, 29)
    assert services.age_on(born, datetime.date(2024, 2, 28)) == 59
    assert services.age_on(born, datetime.date(2024, 2, 29)) == 60
    assert services.age_on(born, datetime.date(2025, 2, 28)) == 60
    assert services.age_on(datetime.date(1965, 2, 28), datetime.date(2025, 2, 27)) == 59


def test_missing_birth_date_is_refused_when_the_course_has_an_age_limit(operator, room):
    course = open_course(operator, room)
    with pytest.raises(ValidationError) as error:
        services.apply_to_course(course, data=applicant(birth_date=None), entered_by=operator)
    assert "birth_date" in error.value.message_dict


def test_non_resident_is_refused_for_a_residents_only_course(operator, room):
    course = open_course(operator, room)
    with pytest.raises(ValidationError) as error:
        services.apply_to_course(course, data=applicant(is_resident=False), entered_by=operator)
    assert "is_resident" in error.value.message_dict


def test_non_resident_may_apply_when_the_course_is_open_to_all(operator, room):
    course = open_course(operator, room, residents_only=False, minimum_age=None)
    services.apply_to_course(
        course, data=applicant(is_resident=False, birth_date=None), entered_by=operator
    )


def _linked_citizen(birth_date: datetime.date, *, resident: bool = True):
    from yakuba.residents.services import link_citizen
    from yakuba.residents.tests.factories import PersonFactory

    person = PersonFactory(
        birth_date=birth_date,
        family_name="村山",
        given_name="花子",
        family_name_kana="ムラヤマ",
        given_name_kana="ハナコ",
        **({} if resident else {"status": "removed", "removed_on": datetime.date(2020, 4, 1)}),
    )
    user = CitizenFactory()
    link_citizen(user, person.resident_code, method="demo")
    return user


def test_linked_citizen_is_checked_against_the_registry_not_the_declaration(operator, room):
    course = open_course(operator, room)
    young = _linked_citizen(years_before(session_day(), 40))
    with pytest.raises(ValidationError) as error:
        services.apply_to_course(
            course,
            user=young,
            data=applicant(name="", name_kana="", birth_date=datetime.date(1940, 1, 1)),
        )
    assert "birth_date" in error.value.message_dict
    older = _linked_citizen(years_before(session_day(), 70))
    application = services.apply_to_course(
        course, user=older, data=applicant(name="", name_kana="")
    )
    assert (application.name, application.name_kana) == ("村山 花子", "ムラヤマ ハナコ")
    assert application.birth_date == years_before(session_day(), 70)
    assert application.is_resident is True
    assert application.email == "ichiro@example.jp"


def test_citizen_without_registry_link_applies_with_declared_facts(operator, room):
    course = open_course(operator, room)
    user = CitizenFactory()
    application = services.apply_to_course(course, user=user, data=applicant(email=""))
    assert application.user == user and application.entered_by is None
    assert application.email == user.email


# ------------------------------------------------------------------ period and once


def test_applications_before_or_after_the_period_are_refused(operator, room):
    course = open_course(operator, room)
    for moment in (
        course.applications_open_at - datetime.timedelta(seconds=1),
        course.applications_close_at,
    ):
        with pytest.raises(ValidationError):
            services.apply_to_course(course, data=applicant(), entered_by=operator, now=moment)
    assert course.applications.count() == 0


def test_draft_course_takes_no_applications(operator):
    course = services.create_course(operator, course_data())
    with pytest.raises(ValidationError):
        services.apply_to_course(course, data=applicant(), entered_by=operator)


def test_one_application_per_account_with_a_clear_message(operator, room):
    course = open_course(operator, room)
    user = CitizenFactory()
    services.apply_to_course(course, user=user, data=applicant())
    with pytest.raises(ValidationError) as error:
        services.apply_to_course(course, user=user, data=applicant())
    assert error.value.code == "already_applied"
    assert course.applications.count() == 1


def test_after_cancelling_the_same_account_may_apply_again(operator, room):
    course = open_course(operator, room)
    user = CitizenFactory()
    first = services.apply_to_course(course, user=user, data=applicant())
    services.cancel_application(user, first)
    second = services.apply_to_course(course, user=user, data=applicant())
    assert second.receipt_number != first.receipt_number


def test_application_sends_a_receipt_mail(operator, room, django_capture_on_commit_callbacks):
    course = open_course(operator, room)
    with django_capture_on_commit_callbacks(execute=True):
        application = services.apply_to_course(course, data=applicant(), entered_by=operator)
    assert len(mail.outbox) == 1
    assert application.receipt_number in mail.outbox[0].body
    assert mail.outbox[0].to == ["ichiro@example.jp"]


# ------------------------------------------------------------------ selection


def _apply_many(course, operator, count: int, *, without_email: int = 0):
    applications = []
    for index in range(count):
        email = "" if index < without_email else f"person{index}@example.jp"
        applications.append(
            services.apply_to_course(
                course,
                data=applicant(name=f"申込者 {index}", email=email),
                entered_by=operator,
            )
        )
    return applications


def test_selection_waits_for_the_end_of_the_period(operator, approver, room):
    course = open_course(operator, room)
    with pytest.raises(ValidationError):
        services.close_and_select(approver, course)


def test_selection_is_for_approvers(operator, room):
    course = open_course(operator, room)
    with pytest.raises(PermissionDenied):
        services.close_and_select(operator, course, now=after_close(course))


def test_everyone_is_accepted_when_not_oversubscribed(
    operator, approver, room, django_capture_on_commit_callbacks
):
    course = open_course(operator, room, capacity=3)
    applications = _apply_many(course, operator, 3, without_email=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        selection = services.close_and_select(approver, course, now=after_close(course))
    assert not selection.by_lottery
    assert [a.pk for a in selection.accepted] == [a.pk for a in applications]
    assert selection.waitlisted == []
    assert set(course.applications.values_list("state", flat=True)) == {ApplicationState.ACCEPTED}
    assert [a.pk for a in selection.to_phone] == [applications[0].pk]
    assert sorted(m.to[0] for m in mail.outbox) == ["person1@example.jp", "person2@example.jp"]
    course.refresh_from_db()
    assert course.state == CourseState.SELECTED and course.selected_at is not None


def test_lottery_when_oversubscribed_is_reproducible_with_the_published_seed(
    operator, approver, room
):
    course = open_course(operator, room, capacity=3)
    applications = _apply_many(course, operator, 8)
    selection = services.close_and_select(approver, course, now=after_close(course))
    course.refresh_from_db()
    assert selection.by_lottery
    assert len(selection.accepted) == 3 and len(selection.waitlisted) == 5
    # Anyone holding the seed and the receipt numbers gets the same order.
    receipts = [a.receipt_number for a in applications]
    order = lottery.lottery_order(course.seed, receipts)
    assert [a.receipt_number for a in selection.accepted] == order[:3]
    assert [a.receipt_number for a in selection.waitlisted] == order[3:]
    assert lottery.seed_commitment(course.seed) == course.seed_commitment
    states = dict(course.applications.values_list("receipt_number", "state"))
    assert [states[r] for r in order] == ["accepted"] * 3 + ["waitlisted"] * 5


def test_selection_cannot_run_twice(operator, approver, room):
    course = open_course(operator, room)
    _apply_many(course, operator, 2)
    services.close_and_select(approver, course, now=after_close(course))
    with pytest.raises(ValidationError):
        services.close_and_select(approver, course, now=after_close(course))


def test_cancelling_an_accepted_place_promotes_the_first_waitlisted(
    operator, approver, room, django_capture_on_commit_callbacks
):
    course = open_course(operator, room, capacity=2)
    _apply_many(course, operator, 5)
    selection = services.close_and_select(approver, course, now=after_close(course))
    first_waiting = selection.waitlisted[0]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled, promoted = services.cancel_application(operator, selection.accepted[0])
    assert cancelled.state == ApplicationState.CANCELLED
    assert promoted.pk == first_waiting.pk
    promoted.refresh_from_db()
    assert promoted.state == ApplicationState.ACCEPTED
    assert [m.to for m in mail.outbox] == [[first_waiting.email]]
    assert course.applications.filter(state=ApplicationState.ACCEPTED).count() == 2


def test_cancelling_a_waitlisted_application_promotes_nobody(operator, approver, room):
    course = open_course(operator, room, capacity=2)
    _apply_many(course, operator, 4)
    selection = services.close_and_select(approver, course, now=after_close(course))
    _cancelled, promoted = services.cancel_application(operator, selection.waitlisted[1])
    assert promoted is None
    assert course.applications.filter(state=ApplicationState.ACCEPTED).count() == 2


def test_someone_else_cannot_cancel_an_application(operator, room):
    course = open_course(operator, room)
    owner, other = CitizenFactory(), CitizenFactory()
    application = services.apply_to_course(course, user=owner, data=applicant())
    with pytest.raises(PermissionDenied):
        services.cancel_application(other, application)


def test_cancelling_the_course_frees_rooms_and_tells_applicants(
    operator, approver, room, django_capture_on_commit_callbacks
):
    course = open_course(operator, room)
    _apply_many(course, operator, 2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_course(approver, course, "講師の都合")
    course.refresh_from_db()
    assert course.state == CourseState.CANCELLED
    assert course.sessions.get().booking.state == BookingState.CANCELLED
    assert len(mail.outbox) == 2 and "講師の都合" in mail.outbox[0].body


def test_periodic_job_closes_lapsed_application_periods(operator, room):
    course = open_course(operator, room)
    assert services.close_lapsed_periods(timezone.now()) == 0
    assert services.close_lapsed_periods(after_close(course)) == 1
    assert services.close_lapsed_periods(after_close(course)) == 0
    course.refresh_from_db()
    assert course.state == CourseState.CLOSED


# ------------------------------------------------------------------ attendance


def test_attendance_is_recorded_once_per_session_and_applicant(operator, approver, room):
    course = open_course(operator, room)
    first, second = _apply_many(course, operator, 2)
    services.close_and_select(approver, course, now=after_close(course))
    session = course.sessions.get()
    assert services.record_attendance(operator, session, {first.pk: True, second.pk: False}) == 2
    services.record_attendance(operator, session, {first.pk: False, second.pk: True})
    assert dict(Attendance.objects.values_list("application_id", "present")) == {
        first.pk: False,
        second.pk: True,
    }
    assert Attendance.objects.count() == 2


def test_attendance_refuses_applications_that_are_not_accepted(operator, approver, room):
    course = open_course(operator, room, capacity=1)
    first, second = _apply_many(course, operator, 2)
    services.close_and_select(approver, course, now=after_close(course))
    waiting = course.applications.get(state=ApplicationState.WAITLISTED)
    with pytest.raises(ValidationError):
        services.record_attendance(operator, course.sessions.get(), {waiting.pk: True})
    assert Attendance.objects.count() == 0


def test_the_last_session_of_a_published_course_cannot_be_removed(operator, room):
    course = open_course(operator, room)
    with pytest.raises(ValidationError):
        services.remove_session(operator, course.sessions.get())
    assert course.sessions.get().booking.state == BookingState.CONFIRMED


def test_applicants_without_email_are_listed_until_phoned(operator, approver, room):
    from yakuba.facilities.queries import courses as queries

    course = open_course(operator, room)
    no_mail, with_mail = _apply_many(course, operator, 2, without_email=1)
    services.close_and_select(approver, course, now=after_close(course))
    assert list(queries.to_phone(course)) == [no_mail]
    services.mark_phoned(operator, no_mail)
    assert list(queries.to_phone(course)) == []
    with pytest.raises(ValidationError):
        services.mark_phoned(operator, with_mail)


def test_session_on_a_closed_day_is_refused(operator, room):
    from yakuba.facilities.models import Closure, ClosureKind

    Closure.objects.create(
        facility=room.facility,
        kind=ClosureKind.MAINTENANCE,
        first_day=session_day(),
        last_day=session_day(),
        reason="空調工事",
    )
    course = services.create_course(operator, course_data())
    with pytest.raises(ValidationError) as error:
        services.add_session(
            operator,
            course,
            number=1,
            starts_at=at(session_day(), datetime.time(10)),
            ends_at=at(session_day(), datetime.time(12)),
            room=room,
        )
    assert "空調工事" in error.value.message_dict["starts_at"][0]
    assert room.bookings.count() == 0
