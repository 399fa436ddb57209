"""How the course pages show a course: local dates with 和暦 and the weekday, places,
a one-line plain-Japanese summary, and the application status in words (never colour
alone)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ...models import ApplicationState, Course, CourseSession, CourseState
from ...services.slots import local_zone

WEEKDAYS = (_("月"), _("火"), _("水"), _("木"), _("金"), _("土"), _("日"))

#: Application state → (tag colour, label); the label always says it in words.
APPLICATION_TAGS = {
    ApplicationState.APPLIED: ("info", _("申込済み（結果待ち）")),
    ApplicationState.ACCEPTED: ("success", _("受講決定")),
    ApplicationState.WAITLISTED: ("warning", _("補欠（空きが出たらお知らせします）")),
    ApplicationState.LOST: ("", _("落選")),
    ApplicationState.CANCELLED: ("", _("取消し")),
}


@dataclass(frozen=True)
class SessionRow:
    number: int
    day: datetime.date
    weekday: Any
    starts: datetime.time
    ends: datetime.time
    place: str
    topic: str


def session_rows(sessions: list[CourseSession]) -> list[SessionRow]:
    zone = local_zone()
    rows = []
    for session in sessions:
        starts = session.starts_at.astimezone(zone)
        ends = session.ends_at.astimezone(zone)
        place = f"{session.room.facility.name} {session.room.name}" if session.room else ""
        rows.append(
            SessionRow(
                number=session.number,
                day=starts.date(),
                weekday=WEEKDAYS[starts.weekday()],
                starts=starts.time(),
                ends=ends.time(),
                place=place,
                topic=session.topic,
            )
        )
    return rows


def in_english() -> bool:
    return (get_language() or "ja").startswith("en")


def title_of(course: Course) -> str:
    return course.title_en if in_english() and course.title_en else course.title


def description_of(course: Course) -> str:
    return course.description_en if in_english() and course.description_en else course.description


def summary_line(course: Course) -> str:
    """The first line of the description: by convention a short plain-Japanese summary."""
    return (description_of(course).strip().splitlines() or [""])[0]


def status_of(course: Course, now: datetime.datetime | None = None) -> tuple[str, Any]:
    """(tag colour, words) for the course's application status."""
    now = now or timezone.now()
    if course.state == CourseState.CANCELLED:
        return "error", _("中止")
    if course.state == CourseState.OPEN and now < course.applications_open_at:
        return "", _("受付前")
    if course.state == CourseState.OPEN and now < course.applications_close_at:
        return "success", _("受付中")
    if course.state == CourseState.SELECTED:
        return "", _("受講者決定")
    return "", _("受付終了")


def local(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(local_zone())


@dataclass(frozen=True)
class CourseCard:
    course: Course
    title: str
    description: str
    summary: str
    sessions: list[SessionRow]
    status_kind: str
    status_label: Any
    opens: datetime.datetime
    closes: datetime.datetime

    @property
    def first(self) -> SessionRow | None:
        return self.sessions[0] if self.sessions else None

    @property
    def last(self) -> SessionRow | None:
        return self.sessions[-1] if self.sessions else None


def course_card(course: Course, now: datetime.datetime | None = None) -> CourseCard:
    kind, label = status_of(course, now)
    return CourseCard(
        course=course,
        title=title_of(course),
        description=description_of(course),
        summary=summary_line(course),
        sessions=session_rows(list(course.sessions.all())),
        status_kind=kind,
        status_label=label,
        opens=local(course.applications_open_at),
        closes=local(course.applications_close_at),
    )
