"""Lifelong-learning courses (生涯学習講座) and ICT classes: every write.

* Staff (operators of the course's department) create a course as a draft, add its
  sessions — each session books its room through the booking engine
  (:func:`~yakuba.facilities.services.booking.book_room`, kind ``course``), so a course
  can never take a room someone else holds (:class:`SlotTaken`) — and publish it.
  Publishing draws the seed of a possible lottery and stores its SHA-256 commitment,
  shown on the course page while applications are open; the seed itself is shown
  only after the selection.
* Residents apply online (signed in) during the application period; staff enter
  phone and counter applications.  The age limit applies on the date of the first
  session, the residence limit on the registry (online, linked account) or on what the
  applicant declares.
* After the period, an approver runs :func:`close_and_select`: when no more applied
  than there are places, everyone is accepted; otherwise the published lottery procedure
  (:mod:`yakuba.facilities.lottery`, one slot of ``capacity`` places, applicant id =
  receipt number) decides, and the others are waitlisted in lottery order.  When an
  accepted applicant cancels, the first waitlisted one moves up.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yakuba.core.japanese import format_date_both
from yakuba.core.tasks import send_mail_task
from yakuba.identity.permissions import active_roles
from yakuba.residents.queries import own_resident_facts

from .. import lottery
from ..models import (
    ACTIVE_STATES,
    ApplicationState,
    Attendance,
    BookingKind,
    BookingState,
    Closure,
    Course,
    CourseApplication,
    CourseKind,
    CourseSession,
    CourseState,
    Room,
)
from ..models.lottery import new_receipt_number
from ..policies import may_approve, may_operate
from .booking import book_room, cancel_booking
from .slots import local_zone

logger = logging.getLogger(__name__)

#: The key of the single slot of a course lottery (its capacity = the course's).
LOTTERY_SLOT = "course"

#: Fields staff set on a course (create and edit of a draft).
COURSE_FIELDS = (
    "code",
    "kind",
    "title",
    "title_en",
    "description",
    "description_en",
    "target",
    "minimum_age",
    "residents_only",
    "capacity",
    "fee",
    "materials",
    "applications_open_at",
    "applications_close_at",
)

#: What an applicant gives (online, on the phone or at the counter).
APPLICANT_FIELDS = ("name", "name_kana", "phone", "email", "birth_date", "is_resident", "needs")

#: States of an application that still holds (or waits for) a place.
LIVE_STATES = (ApplicationState.APPLIED, ApplicationState.ACCEPTED, ApplicationState.WAITLISTED)

#: Department names used as the holder of course bookings when the staff member's own
#: roles do not name the department (a system job, a test).
DEPARTMENT_NAMES = {"bunka": "文化振興課"}


# ------------------------------------------------------------------ helpers


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def local_date(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(local_zone()).date()


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Age in full years on ``day``.  Japanese law (年齢計算ニ関スル法律) adds a year at the
    end of the day before the birthday, so on the birthday itself the new age holds; a
    person born on 29 February reaches it on 1 March in other years — both are what the
    plain calendar comparison below gives."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def first_session(course: Course) -> CourseSession | None:
    return course.sessions.order_by("starts_at", "number").first()


def department_name(course: Course, staff: Any = None) -> str:
    for role in active_roles(staff) if staff is not None else []:
        if role.org_unit_code == course.department:
            return role.org_unit_name
    return DEPARTMENT_NAMES.get(course.department, course.department)


def _site_url(path: str) -> str:
    return f"{settings.YAKUBA_SITE_URL}{path}"


def _mail_after_commit(subject: str, body: str, address: str) -> None:
    if not address:
        return
    transaction.on_commit(lambda: send_mail_task.enqueue(subject, body, [address]))


def _course_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    values = {name: data[name] for name in COURSE_FIELDS if name in data}
    for name in ("title_en", "description_en", "materials"):
        values.setdefault(name, "")
    for name in ("title", "target", "description", "code", "title_en", "materials"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip()
    return values


def _validate_course(values: Mapping[str, Any]) -> None:
    errors: dict[str, str] = {}
    for name, message in (
        ("code", _("講座のコードを入力してください。")),
        ("title", _("講座名を入力してください。")),
        ("description", _("内容を入力してください。")),
        ("target", _("対象を入力してください。")),
    ):
        if not values.get(name):
            errors[name] = message
    if values.get("kind") not in CourseKind.values:
        errors["kind"] = _("講座の種類を選んでください。")
    capacity = values.get("capacity")
    if capacity is None or capacity < 1:
        errors["capacity"] = _("定員は1人以上にしてください。")
    opens, closes = values.get("applications_open_at"), values.get("applications_close_at")
    if opens is None:
        errors["applications_open_at"] = _("申込開始の日時を入力してください。")
    if closes is None:
        errors["applications_close_at"] = _("申込締切の日時を入力してください。")
    elif opens is not None and closes <= opens:
        errors["applications_close_at"] = _("申込締切は申込開始より後にしてください。")
    if errors:
        raise ValidationError(errors)


def _save_course(course: Course) -> Course:
    try:
        with transaction.atomic():
            course.save()
    except IntegrityError as error:
        if "code" in str(error) or "unique" in str(error).lower():
            raise ValidationError(
                {"code": _("このコードは既に使われています。別のコードにしてください。")}
            ) from error
        raise
    return course


# ------------------------------------------------------------------ courses


def create_course(staff: Any, data: Mapping[str, Any], *, department: str = "bunka") -> Course:
    """A new course in draft (not shown to residents until published)."""
    _require(may_operate(staff))
    values = _course_fields(data)
    _validate_course(values)
    return _save_course(Course(department=department, state=CourseState.DRAFT, **values))


def update_course(staff: Any, course: Course, data: Mapping[str, Any]) -> Course:
    """Edit a course while it is a draft."""
    _require(may_operate(staff))
    if course.state != CourseState.DRAFT:
        raise ValidationError(_("公開前（準備中）の講座だけを編集できます。"))
    values = _course_fields({**{name: getattr(course, name) for name in COURSE_FIELDS}, **data})
    _validate_course(values)
    for name, value in values.items():
        setattr(course, name, value)
    return _save_course(course)


@transaction.atomic
def publish_course(staff: Any, course: Course) -> Course:
    """Draft → open.  Needs at least one session, and the application period must end
    before the first session starts.  Draws the lottery seed now and keeps it secret;
    its SHA-256 commitment is published with the course."""
    _require(may_operate(staff))
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.state != CourseState.DRAFT:
        raise ValidationError(_("この講座は既に公開されています。"))
    first = first_session(course)
    if first is None:
        raise ValidationError(_("公開する前に、講座の回（日時と会場）を1つ以上登録してください。"))
    if course.applications_close_at > first.starts_at:
        raise ValidationError(
            {"applications_close_at": _("申込締切は第1回の開始より前にしてください。")}
        )
    seed = lottery.new_seed()
    course.seed = seed
    course.seed_commitment = lottery.seed_commitment(seed)
    course.state = CourseState.OPEN
    course.save(update_fields=["seed", "seed_commitment", "state", "updated"])
    return course


@transaction.atomic
def cancel_course(staff: Any, course: Course, reason: str) -> Course:
    """Cancel (中止) a course: its rooms are freed and everyone who applied is told."""
    _require(may_approve(staff))
    if not reason.strip():
        raise ValidationError({"reason": _("中止の理由を入力してください。")})
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.state == CourseState.CANCELLED:
        raise ValidationError(_("この講座は既に中止されています。"))
    for session in course.sessions.select_related("booking"):
        if session.booking is not None and session.booking.state in ACTIVE_STATES:
            cancel_booking(session.booking)
    course.state = CourseState.CANCELLED
    course.save(update_fields=["state", "updated"])
    subject = _("【講座の中止】%(title)s") % {"title": course.title}
    for application in course.applications.filter(state__in=LIVE_STATES):
        body = _(
            "%(name)s 様\n\n申し込みいただいた講座「%(title)s」は、次の理由により中止となりました。"
            "\n\n%(reason)s\n\n受付番号: %(receipt)s\nご迷惑をおかけして申し訳ありません。"
        ) % {
            "name": application.name,
            "title": course.title,
            "reason": reason.strip(),
            "receipt": application.receipt_number,
        }
        _mail_after_commit(subject, body, application.email)
    logger.info(
        "course cancelled",
        extra={"course_id": course.pk, "staff_id": staff.pk, "reason": reason.strip()},
    )
    return course


# ------------------------------------------------------------------ sessions


@transaction.atomic
def add_session(
    staff: Any,
    course: Course,
    *,
    number: int,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    room: Room,
    topic: str = "",
) -> CourseSession:
    """Add session ``number`` of ``course`` in ``room``: books the room (kind ``course``,
    confirmed, free of charge, held in the department's name).  Raises
    :class:`~yakuba.facilities.services.booking.SlotTaken` when the room is taken."""
    _require(may_operate(staff))
    if course.state in (CourseState.CANCELLED, CourseState.SELECTED):
        raise ValidationError(_("中止または受講者決定後の講座には回を追加できません。"))
    if number < 1:
        raise ValidationError({"number": _("回は1以上にしてください。")})
    if course.sessions.filter(number=number).exists():
        raise ValidationError(
            {"number": _("第%(number)d回は既に登録されています。") % {"number": number}}
        )
    _require_room_open(room, starts_at)
    booking = book_room(
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        holder_name=department_name(course, staff),
        booked_by=staff,
        purpose=course.title[:200],
        state=BookingState.CONFIRMED,
        kind=BookingKind.COURSE,
        room_fee=0,
        equipment_fee=0,
        reduction_amount=0,
        fee=0,
    )
    try:
        with transaction.atomic():
            return CourseSession.objects.create(
                course=course,
                number=number,
                starts_at=starts_at,
                ends_at=ends_at,
                room=room,
                booking=booking,
                topic=topic.strip(),
            )
    except IntegrityError as error:  # the same number added at the same moment
        raise ValidationError(
            {"number": _("第%(number)d回は既に登録されています。") % {"number": number}}
        ) from error


def _require_room_open(room: Room, starts_at: datetime.datetime) -> None:
    """A session cannot be held where the room or its facility is closed that day."""
    day = local_date(starts_at)
    facility = room.facility
    if not room.is_active or not facility.is_active:
        raise ValidationError({"room": _("この部屋は現在使えません。別の部屋を選んでください。")})
    closure = (
        Closure.objects.filter(facility=facility, first_day__lte=day, last_day__gte=day)
        .filter(Q(room__isnull=True) | Q(room=room))
        .first()
    )
    if closure is not None or day.isoweekday() in (facility.closed_weekdays or []):
        reason = closure.reason if closure is not None else _("休館日")
        raise ValidationError(
            {
                "starts_at": _("この日は休館・休止です（%(reason)s）。別の日を選んでください。")
                % {"reason": reason}
            }
        )


@transaction.atomic
def remove_session(staff: Any, session: CourseSession) -> None:
    """Remove a session and free its room."""
    _require(may_operate(staff))
    if session.course.state in (CourseState.CANCELLED, CourseState.SELECTED):
        raise ValidationError(_("中止または受講者決定後の講座の回は削除できません。"))
    if session.attendance.exists():
        raise ValidationError(_("出席を記録した回は削除できません。"))
    if session.course.state != CourseState.DRAFT and session.course.sessions.count() == 1:
        raise ValidationError(
            _(
                "公開した講座の最後の1回は削除できません。先に別の回を登録するか、講座を中止してください。"
            )
        )
    booking = session.booking
    if booking is not None and booking.state in ACTIVE_STATES:
        cancel_booking(booking)
    session.delete()


# ------------------------------------------------------------------ applications


def is_accepting(course: Course, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        course.state == CourseState.OPEN
        and course.applications_open_at <= now < course.applications_close_at
    )


def check_eligibility(
    course: Course, *, birth_date: datetime.date | None, is_resident: bool
) -> None:
    """The course's limits: residence, and age on the date of the first session."""
    errors: dict[str, str] = {}
    if course.residents_only and not is_resident:
        errors["is_resident"] = _(
            "この講座は市内在住・在勤・在学の方が対象です。市外の方は申し込めません。"
        )
    if course.minimum_age:
        first = first_session(course)
        if birth_date is None:
            errors["birth_date"] = _("生年月日を入力してください（年齢の条件があります）。")
        elif first is not None:
            day = local_date(first.starts_at)
            if age_on(birth_date, day) < course.minimum_age:
                errors["birth_date"] = _(
                    "この講座は、第1回の日（%(day)s）に%(age)d歳以上の方が対象です。"
                ) % {"day": format_date_both(day), "age": course.minimum_age}
    if errors:
        raise ValidationError(errors)


def _applicant_values(
    user: Any, data: Mapping[str, Any], entered_by: Any
) -> tuple[dict[str, Any], bool]:
    """The applicant's fields; for a signed-in citizen linked to the registry, residence
    and birth date come from the registry (and name, kana when not given).  Returns the
    values and whether the registry was used."""
    values = {name: data.get(name) for name in APPLICANT_FIELDS}
    for name in ("name", "name_kana", "phone", "email", "needs"):
        values[name] = (values[name] or "").strip()
    values["is_resident"] = bool(values["is_resident"])
    from_registry = False
    if user is not None and entered_by is None:
        facts = own_resident_facts(user)
        if facts is not None:
            from_registry = True
            values["is_resident"] = facts.is_resident
            values["birth_date"] = facts.birth_date
            values["name"] = values["name"] or facts.name
            values["name_kana"] = values["name_kana"] or facts.name_kana
        values["email"] = values["email"] or getattr(user, "email", "") or ""
    return values, from_registry


def _validate_applicant(values: Mapping[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = _("氏名を入力してください。")
    if not values["name_kana"]:
        errors["name_kana"] = _("氏名（カナ）を入力してください。")
    if not values["phone"]:
        errors["phone"] = _("電話番号を入力してください（連絡のため）。")
    if errors:
        raise ValidationError(errors)


def apply_to_course(
    course: Course,
    *,
    user: Any = None,
    data: Mapping[str, Any],
    entered_by: Any = None,
    now: datetime.datetime | None = None,
) -> CourseApplication:
    """Apply to ``course`` during its application period: online by a signed-in citizen
    (``user``), or by phone / at the counter, entered by staff (``entered_by``, an
    operator; ``user`` may then be None).  One live application per account."""
    now = now or timezone.now()
    if entered_by is not None:
        _require(may_operate(entered_by))
    elif user is None or getattr(user, "kind", None) != "citizen":
        raise PermissionDenied
    if not is_accepting(course, now):
        raise ValidationError(_("この講座は現在、申し込みを受け付けていません。"))
    values, _registry = _applicant_values(user, data, entered_by)
    _validate_applicant(values)
    check_eligibility(course, birth_date=values["birth_date"], is_resident=values["is_resident"])
    application = CourseApplication(
        course=course,
        receipt_number=new_receipt_number(),
        user=user,
        entered_by=entered_by,
        state=ApplicationState.APPLIED,
        **values,
    )
    try:
        with transaction.atomic():
            application.save()
            _receipt_mail(application)
    except IntegrityError as error:
        if "facilities_course_application_once" in str(error):
            raise ValidationError(
                _("この講座には既に申し込んでいます。申し込みの内容はマイページで確認できます。"),
                code="already_applied",
            ) from error
        raise
    return application


def _receipt_mail(application: CourseApplication) -> None:
    course = application.course
    subject = _("【講座の申込受付】%(title)s") % {"title": course.title}
    body = _(
        "%(name)s 様\n\n講座「%(title)s」の申し込みを受け付けました。\n受付番号: %(receipt)s\n\n"
        "申込締切のあと、受講できるかどうかをお知らせします（申し込みが定員を超えたときは抽選です）。\n"
        "抽選の結果は次のページでも確認できます。\n%(url)s\n"
    ) % {
        "name": application.name,
        "title": course.title,
        "receipt": application.receipt_number,
        "url": _site_url(reverse("portal:facilities:course_detail", args=[course.code])),
    }
    _mail_after_commit(subject, body, application.email)


@dataclass
class Selection:
    """What :func:`close_and_select` did."""

    course: Course
    by_lottery: bool
    accepted: list[CourseApplication] = field(default_factory=list)
    waitlisted: list[CourseApplication] = field(default_factory=list)

    @property
    def to_phone(self) -> list[CourseApplication]:
        """Applicants without an e-mail address: staff tell them by phone."""
        return [a for a in [*self.accepted, *self.waitlisted] if not a.email]


def waitlist_order(course: Course, receipts: list[str]) -> list[str]:
    """Receipt numbers in the course's lottery order (published procedure, step 1)."""
    if not course.seed:
        return sorted(receipts)
    return lottery.lottery_order(course.seed, receipts)


@transaction.atomic
def close_and_select(
    staff: Any, course: Course, *, now: datetime.datetime | None = None
) -> Selection:
    """After the application period: accept everyone when the applications fit the
    capacity (in order of application), else draw lots with the published procedure
    and waitlist the others in lottery order.  Everyone with an e-mail address is told."""
    _require(may_approve(staff))
    now = now or timezone.now()
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.state not in (CourseState.OPEN, CourseState.CLOSED):
        raise ValidationError(_("受講者を決定できるのは、受付中または受付終了の講座だけです。"))
    if now < course.applications_close_at:
        raise ValidationError(_("申込期間が終わってから受講者を決定してください。"))
    applied = list(
        course.applications.select_for_update()
        .filter(state=ApplicationState.APPLIED)
        .order_by("created", "pk")
    )
    selection = Selection(course=course, by_lottery=len(applied) > course.capacity)
    if not selection.by_lottery:
        selection.accepted = applied
    else:
        if not course.seed:  # published without one (older data): draw one now
            course.seed = lottery.new_seed()
            course.seed_commitment = lottery.seed_commitment(course.seed)
        result = lottery.draw(
            [lottery.Slot(LOTTERY_SLOT, course.capacity)],
            [lottery.Application(a.receipt_number, None, (LOTTERY_SLOT,)) for a in applied],
            course.seed,
        )
        by_receipt = {a.receipt_number: a for a in applied}
        winners = set(result.winners[LOTTERY_SLOT])
        selection.accepted = [by_receipt[r] for r in result.order if r in winners]
        selection.waitlisted = [by_receipt[r] for r in result.order if r not in winners]
    for application in selection.accepted:
        application.state = ApplicationState.ACCEPTED
    for application in selection.waitlisted:
        application.state = ApplicationState.WAITLISTED
    for application in [*selection.accepted, *selection.waitlisted]:
        application.notified_at = now if application.email else None
        application.save(update_fields=["state", "notified_at", "updated"])
        _result_mail(application, position=_waitlist_position(selection, application))
    course.state = CourseState.SELECTED
    course.selected_at = now
    course.save(update_fields=["state", "selected_at", "seed", "seed_commitment", "updated"])
    return selection


def _waitlist_position(selection: Selection, application: CourseApplication) -> int | None:
    if application.state != ApplicationState.WAITLISTED:
        return None
    return selection.waitlisted.index(application) + 1


def _result_mail(application: CourseApplication, *, position: int | None = None) -> None:
    course = application.course
    first = first_session(course)
    when = format_date_both(local_date(first.starts_at)) if first else ""
    if application.state == ApplicationState.ACCEPTED:
        subject = _("【受講決定】%(title)s") % {"title": course.title}
        body = _(
            "%(name)s 様\n\n講座「%(title)s」の受講が決まりました。\n受付番号: %(receipt)s\n"
            "第1回: %(when)s\n持ち物: %(materials)s\n\n"
            "都合が悪くなったときは、マイページで取り消すか、お電話でお知らせください。\n"
        ) % {
            "name": application.name,
            "title": course.title,
            "receipt": application.receipt_number,
            "when": when,
            "materials": course.materials or "—",
        }
    else:
        subject = _("【補欠】%(title)s") % {"title": course.title}
        body = _(
            "%(name)s 様\n\n講座「%(title)s」は申し込みが定員を超えたため抽選を行いました。"
            "残念ながら今回は補欠（%(position)d番目）となりました。\n受付番号: %(receipt)s\n\n"
            "受講が決まった方が取り消したときは、補欠の順に繰り上げてお知らせします。\n"
            "抽選の結果: %(url)s\n"
        ) % {
            "name": application.name,
            "title": course.title,
            "position": position or 0,
            "receipt": application.receipt_number,
            "url": _site_url(reverse("portal:facilities:course_result", args=[course.code])),
        }
    _mail_after_commit(subject, body, application.email)


@transaction.atomic
def cancel_application(
    actor: Any, application: CourseApplication, *, now: datetime.datetime | None = None
) -> tuple[CourseApplication, CourseApplication | None]:
    """The applicant (online, before the first session) or an operator cancels an
    application.  When it held a place after the selection, the first waitlisted
    applicant (lottery order) is accepted and told.  Returns (cancelled, promoted)."""
    now = now or timezone.now()
    is_owner = application.user_id is not None and application.user_id == getattr(actor, "pk", None)
    if not is_owner:
        _require(may_operate(actor))
    course = Course.objects.select_for_update().get(pk=application.course_id)
    application = CourseApplication.objects.select_for_update().get(pk=application.pk)
    if application.state not in LIVE_STATES:
        raise ValidationError(_("この申し込みは既に取り消されているか、落選しています。"))
    first = first_session(course)
    if is_owner and not may_operate(actor) and first is not None and first.starts_at <= now:
        raise ValidationError(
            _("講座が始まった後は、インターネットでは取り消せません。担当課にお電話ください。")
        )
    held_place = application.state == ApplicationState.ACCEPTED
    application.state = ApplicationState.CANCELLED
    application.save(update_fields=["state", "updated"])
    promoted = None
    if held_place and course.state == CourseState.SELECTED:
        promoted = _promote_next(course, now)
    return application, promoted


def _promote_next(course: Course, now: datetime.datetime) -> CourseApplication | None:
    waiting = {
        a.receipt_number: a
        for a in course.applications.select_for_update().filter(state=ApplicationState.WAITLISTED)
    }
    accepted = course.applications.filter(state=ApplicationState.ACCEPTED).count()
    if not waiting or accepted >= course.capacity:
        return None
    receipt = waitlist_order(course, list(waiting))[0]
    promoted = waiting[receipt]
    promoted.state = ApplicationState.ACCEPTED
    promoted.notified_at = now if promoted.email else None
    promoted.save(update_fields=["state", "notified_at", "updated"])
    _result_mail(promoted)
    return promoted


@transaction.atomic
def mark_phoned(staff: Any, application: CourseApplication) -> CourseApplication:
    """Staff told an applicant without e-mail the result by phone (通知済み)."""
    _require(may_operate(staff))
    updated = CourseApplication.objects.filter(
        pk=application.pk,
        state__in=(ApplicationState.ACCEPTED, ApplicationState.WAITLISTED),
        notified_at__isnull=True,
    ).update(notified_at=timezone.now(), updated=timezone.now())
    if not updated:
        raise ValidationError(_("この申し込みは既に連絡済みか、連絡の必要がありません。"))
    application.refresh_from_db()
    return application


# ------------------------------------------------------------------ attendance


@transaction.atomic
def record_attendance(staff: Any, session: CourseSession, present: Mapping[int, bool]) -> int:
    """Record who attended ``session`` ({application id: present}); recording again
    overwrites.  Only accepted applications of the session's course are recorded."""
    _require(may_operate(staff))
    allowed = set(
        session.course.applications.filter(
            state=ApplicationState.ACCEPTED, pk__in=list(present)
        ).values_list("pk", flat=True)
    )
    unknown = set(present) - allowed
    if unknown:
        raise ValidationError(_("この講座の受講者ではない申し込みが含まれています。"))
    for application_id in sorted(allowed):
        Attendance.objects.update_or_create(
            session=session,
            application_id=application_id,
            defaults={"present": bool(present[application_id]), "recorded_by": staff},
        )
    return len(allowed)


# ------------------------------------------------------------------ periodic


def close_lapsed_periods(now: datetime.datetime) -> int:
    """Open courses whose application period has ended become 受付終了 (idempotent)."""
    return Course.objects.filter(state=CourseState.OPEN, applications_close_at__lte=now).update(
        state=CourseState.CLOSED, updated=now
    )
