"""Reads of the courses part: the public course list and pages, a citizen's own
applications, and the staff views of courses and applicants (personal data read by
staff is recorded in the resident-visible access record here)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from .. import lottery
from ..access import APPLICANT_KIND, record_user_reads
from ..models import (
    ApplicationState,
    Attendance,
    Course,
    CourseApplication,
    CourseSession,
    CourseState,
)
from ..policies import may_view

#: States in which residents see a course.
PUBLIC_STATES = (CourseState.OPEN, CourseState.CLOSED, CourseState.SELECTED, CourseState.CANCELLED)

#: The applicant fields the staff pages show (for the access record).
APPLICANT_FIELDS_SHOWN = ("name", "name_kana", "phone", "email", "needs")
APPLICANT_FIELDS_CSV = (*APPLICANT_FIELDS_SHOWN, "birth_date", "is_resident")


def _sessions() -> Prefetch:
    return Prefetch(
        "sessions",
        queryset=CourseSession.objects.select_related("room__facility").order_by(
            "starts_at", "number"
        ),
    )


# ------------------------------------------------------------------ public


def public_courses(*, kind: str = "", now: datetime.datetime | None = None) -> QuerySet[Course]:
    """Open and upcoming courses for residents: published, not over (last session still
    ahead, or no session yet), soonest first.  ``kind``: ``ict`` or ``lifelong``."""
    now = now or timezone.now()
    courses = (
        Course.objects.filter(state__in=PUBLIC_STATES)
        .annotate(first_starts_at=Min("sessions__starts_at"), last_ends_at=Max("sessions__ends_at"))
        .filter(Q(last_ends_at__gt=now) | Q(last_ends_at__isnull=True))
        .exclude(state=CourseState.CANCELLED, first_starts_at__lt=now)
        .prefetch_related(_sessions())
        .order_by("first_starts_at", "pk")
    )
    if kind:
        courses = courses.filter(kind=kind)
    return courses


def get_public_course(code: str) -> Course:
    course = (
        Course.objects.filter(code=code, state__in=PUBLIC_STATES)
        .prefetch_related(_sessions())
        .first()
    )
    if course is None:
        raise Http404
    return course


def own_applications(user: Any) -> QuerySet[CourseApplication]:
    """The signed-in citizen's own course applications, newest first."""
    if not getattr(user, "is_authenticated", False):
        return CourseApplication.objects.none()
    return (
        CourseApplication.objects.filter(user_id=user.pk)
        .select_related("course")
        .prefetch_related(
            Prefetch(
                "course__sessions",
                queryset=CourseSession.objects.select_related("room__facility").order_by(
                    "starts_at", "number"
                ),
            )
        )
        .order_by("-created")
    )


def own_live_application(user: Any, course: Course) -> CourseApplication | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        CourseApplication.objects.filter(user_id=user.pk, course=course)
        .exclude(state=ApplicationState.CANCELLED)
        .first()
    )


def get_own_application(user: Any, pk: int) -> CourseApplication:
    application = (
        CourseApplication.objects.filter(pk=pk, user_id=getattr(user, "pk", None))
        .select_related("course")
        .first()
    )
    if application is None:
        raise Http404
    return application


@dataclass(frozen=True)
class DrawRow:
    position: int
    receipt_number: str
    won: bool
    state: str
    state_label: str


@dataclass(frozen=True)
class DrawResult:
    """The published result of a course selection: seed, commitment, lottery order."""

    by_lottery: bool
    seed: str
    seed_commitment: str
    capacity: int
    rows: list[DrawRow]


def draw_result(course: Course) -> DrawResult | None:
    """Who took part in the selection, in lottery order (receipt numbers only), or None
    before the selection.  Applications cancelled before the selection took no part."""
    if course.state != CourseState.SELECTED or course.selected_at is None:
        return None
    applications = {
        a.receipt_number: a
        for a in course.applications.filter(
            Q(
                state__in=(
                    ApplicationState.ACCEPTED,
                    ApplicationState.WAITLISTED,
                    ApplicationState.LOST,
                )
            )
            | Q(state=ApplicationState.CANCELLED, updated__gte=course.selected_at),
            created__lt=course.selected_at,
        )
    }
    by_lottery = len(applications) > course.capacity
    if by_lottery:
        order = lottery.lottery_order(course.seed, list(applications))
    else:
        order = [
            a.receipt_number for a in sorted(applications.values(), key=lambda a: (a.created, a.pk))
        ]
    rows = [
        DrawRow(
            position=index,
            receipt_number=receipt,
            won=index <= course.capacity,
            state=applications[receipt].state,
            state_label=applications[receipt].get_state_display(),
        )
        for index, receipt in enumerate(order, start=1)
    ]
    return DrawResult(by_lottery, course.seed, course.seed_commitment, course.capacity, rows)


# ------------------------------------------------------------------ staff


def _require_view(user: Any) -> None:
    if not may_view(user):
        raise PermissionDenied


def courses_for(user: Any, *, state: str = "") -> QuerySet[Course]:
    _require_view(user)
    courses = Course.objects.annotate(
        first_starts_at=Min("sessions__starts_at"),
        session_count=Count("sessions", distinct=True),
        live_count=Count(
            "applications",
            filter=~Q(applications__state__in=(ApplicationState.CANCELLED, ApplicationState.LOST)),
            distinct=True,
        ),
    ).order_by("-applications_open_at", "pk")
    if state:
        courses = courses.filter(state=state)
    return courses


def get_course_for(user: Any, pk: int) -> Course:
    _require_view(user)
    course = Course.objects.filter(pk=pk).prefetch_related(_sessions()).first()
    if course is None:
        raise Http404
    return course


def get_session_for(user: Any, course: Course, pk: int) -> CourseSession:
    _require_view(user)
    session = course.sessions.select_related("room__facility", "booking").filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def application_counts(course: Course) -> dict[str, int]:
    """Applications by state (no personal data)."""
    counts = dict(
        course.applications.values("state")
        .annotate(count=Count("pk"))
        .values_list("state", "count")
    )
    return {state: counts.get(state, 0) for state in ApplicationState.values}


def get_application_for(user: Any, course: Course, pk: int) -> CourseApplication:
    _require_view(user)
    application = course.applications.filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def read_applicants(
    request: HttpRequest,
    course: Course,
    *,
    states: Iterable[str] | None = None,
    fields: Iterable[str] = APPLICANT_FIELDS_SHOWN,
) -> list[CourseApplication]:
    """The course's applicants for a staff page, recorded as read (one access record per
    application shown, kind ``facilities.course_applicant``)."""
    _require_view(request.user)
    applications = course.applications.select_related("entered_by").order_by("created", "pk")
    if states is not None:
        applications = applications.filter(state__in=list(states))
    shown = list(applications)
    record_user_reads(request, [a.pk for a in shown], fields, kind=APPLICANT_KIND)
    return shown


def read_applications(
    request: HttpRequest, applications: Iterable[CourseApplication], fields: Iterable[str]
) -> list[CourseApplication]:
    """Record that staff were shown these applications (e.g. the phone list after the
    selection) and return them."""
    _require_view(request.user)
    shown = list(applications)
    record_user_reads(request, [a.pk for a in shown], fields, kind=APPLICANT_KIND)
    return shown


def to_phone(course: Course) -> QuerySet[CourseApplication]:
    """Accepted or waitlisted applicants not yet told their result (no e-mail address):
    staff phone them.  Callers showing them record the read (:func:`read_applications`)."""
    return course.applications.filter(
        state__in=(ApplicationState.ACCEPTED, ApplicationState.WAITLISTED), notified_at__isnull=True
    ).order_by("created", "pk")


def attendance_of(session: CourseSession) -> dict[int, bool]:
    """{application id: present} recorded for the session."""
    return dict(Attendance.objects.filter(session=session).values_list("application_id", "present"))
