"""Staff pages of the courses part: course list, create and edit, sessions (room
bookings), publish and cancel.  No applicant's personal data on these pages (the
applicant pages are in :mod:`.courses_applicants`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yakuba.core.forms import add_service_errors
from yakuba.identity.decorators import staff_required

from ... import policies
from ...forms.courses import SESSION_FIELD_MAP, CourseForm, ReasonForm, SessionForm
from ...models import Course, CourseState
from ...queries import courses as queries
from ...services import courses as services
from ..citizen.courses_display import course_card, local


def crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("講座"), reverse("console:facilities:course_list")), *items]


def course_crumb(course: Course) -> tuple[str, str]:
    return (course.title, reverse("console:facilities:course_detail", args=[course.pk]))


@never_cache
@require_GET
@staff_required(grants=policies.VIEW_GRANTS)
def course_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    if state not in CourseState.values:
        state = ""
    courses = list(queries.courses_for(request.user, state=state))
    return render(
        request,
        "facilities/staff/courses/course_list.html",
        {
            "courses": courses,
            "state": state,
            "states": CourseState.choices,
            "may_operate": policies.may_operate(request.user),
            "breadcrumbs": crumbs(),
        },
    )


def _initial(course: Course) -> dict:
    initial = {name: getattr(course, name) for name in services.COURSE_FIELDS}
    initial["applications_open_at"] = local(course.applications_open_at)
    initial["applications_close_at"] = local(course.applications_close_at)
    return initial


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=policies.OPERATE_GRANTS)
def course_new(request: HttpRequest) -> HttpResponse:
    form = CourseForm(request.POST or None, initial={"residents_only": True, "fee": 0})
    if request.method == "POST" and form.is_valid():
        try:
            course = services.create_course(request.user, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("講座を下書きとして保存しました。日程（回）を登録してください。")
            )
            return redirect("console:facilities:course_detail", pk=course.pk)
    return render(
        request,
        "facilities/staff/courses/course_form.html",
        {"form": form, "heading": _("講座の作成"), "breadcrumbs": crumbs((_("講座の作成"), ""))},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=policies.OPERATE_GRANTS)
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = queries.get_course_for(request.user, pk)
    if course.state != CourseState.DRAFT:
        messages.error(request, _("公開前（準備中）の講座だけを編集できます。"))
        return redirect("console:facilities:course_detail", pk=course.pk)
    form = CourseForm(request.POST or None, initial=_initial(course))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_course(request.user, course, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("講座を保存しました。"))
            return redirect("console:facilities:course_detail", pk=course.pk)
    return render(
        request,
        "facilities/staff/courses/course_form.html",
        {
            "form": form,
            "course": course,
            "heading": _("講座の編集"),
            "breadcrumbs": crumbs(course_crumb(course), (_("編集"), "")),
        },
    )


def _detail(request: HttpRequest, course: Course, session_form: SessionForm, status: int = 200):
    return render(
        request,
        "facilities/staff/courses/course_detail.html",
        {
            "course": course,
            "card": course_card(course),
            "sessions": list(course.sessions.all()),
            "session_form": session_form,
            "counts": queries.application_counts(course),
            "may_operate": policies.may_operate(request.user),
            "may_approve": policies.may_approve(request.user),
            "accepting": services.is_accepting(course),
            "breadcrumbs": crumbs((course.title, "")),
        },
        status=status,
    )


@never_cache
@require_GET
@staff_required(grants=policies.VIEW_GRANTS)
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = queries.get_course_for(request.user, pk)
    next_number = max((s.number for s in course.sessions.all()), default=0) + 1
    return _detail(request, course, SessionForm(initial={"number": next_number}))


@never_cache
@require_POST
@staff_required(grants=policies.OPERATE_GRANTS)
def course_session_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = queries.get_course_for(request.user, pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_session(
                request.user,
                course,
                number=data["number"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                room=data["room"],
                topic=data["topic"],
            )
        except ValidationError as error:
            add_service_errors(form, error, field_map=SESSION_FIELD_MAP)
        else:
            messages.success(
                request,
                _("第%(number)d回を登録し、会場を予約しました。") % {"number": data["number"]},
            )
            return redirect("console:facilities:course_detail", pk=course.pk)
    course = queries.get_course_for(request.user, pk)
    return _detail(request, course, form, status=400)


@never_cache
@require_POST
@staff_required(grants=policies.OPERATE_GRANTS)
def course_session_remove(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    course = queries.get_course_for(request.user, pk)
    session = queries.get_session_for(request.user, course, session_pk)
    try:
        services.remove_session(request.user, session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("第%(number)d回を削除し、会場の予約を取り消しました。") % {"number": session.number},
        )
    return redirect("console:facilities:course_detail", pk=course.pk)


@never_cache
@require_POST
@staff_required(grants=policies.OPERATE_GRANTS)
def course_publish(request: HttpRequest, pk: int) -> HttpResponse:
    course = queries.get_course_for(request.user, pk)
    try:
        services.publish_course(request.user, course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("講座を公開しました。申込期間になると申し込みを受け付けます。"))
    return redirect("console:facilities:course_detail", pk=course.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=policies.APPROVE_GRANTS)
def course_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    course = queries.get_course_for(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_course(request.user, course, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("講座を中止し、会場の予約を取り消しました。"))
            return redirect("console:facilities:course_detail", pk=course.pk)
    return render(
        request,
        "facilities/staff/courses/course_cancel.html",
        {
            "course": course,
            "form": form,
            "breadcrumbs": crumbs(course_crumb(course), (_("中止"), "")),
        },
    )
