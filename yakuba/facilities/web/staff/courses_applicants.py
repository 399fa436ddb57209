"""Staff pages with course applicants' personal data: the applicant list, the phone and
counter application form, selection (with the phone list), the attendance sheet and
the CSV.  Every page that shows applicants records the read (access record,
``facilities.course_applicant``) in the same request."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yakuba.core.forms import add_service_errors
from yakuba.identity.decorators import staff_required

from ... import policies
from ...forms.courses import APPLICANT_FIELD_MAP, ApplicantForm, AttendanceForm
from ...models import ApplicationState, CourseState
from ...queries import courses as queries
from ...services import courses as services
from ..citizen.courses_display import APPLICATION_TAGS, course_card, session_rows
from .courses import course_crumb, crumbs


@never_cache
@require_GET
@staff_required(grants=policies.VIEW_GRANTS)
def course_applicants(request: HttpRequest, pk: int) -> HttpResponse:
    course = queries.get_course_for(request.user, pk)
    applications = queries.read_applicants(request, course)
    rows = [
        {"application": a, "tag": APPLICATION_TAGS.get(a.state, ("", a.get_state_display()))}
        for a in applications
    ]
    return render(
        request,
        "facilities/staff/courses/course_applicants.html",
        {
            "course": course,
            "rows": rows,
            "counts": queries.application_counts(course),
            "may_operate": policies.may_operate(request.user),
            "accepting": services.is_accepting(course),
            "breadcrumbs": crumbs(course_crumb(course), (_("申込者"), "")),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=policies.OPERATE_GRANTS)
def course_counter_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """A phone or counter application, entered by staff (declared birth date and residence)."""
    course = queries.get_course_for(request.user, pk)
    form = ApplicantForm(
        request.POST or None,
        require_birth_date=bool(course.minimum_age),
        ask_residence=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.apply_to_course(
                course, data=form.data_for_service(), entered_by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error, field_map=APPLICANT_FIELD_MAP)
        else:
            messages.success(
                request,
                _("申し込みを受け付けました。受付番号 %(receipt)s を申込者に伝えてください。")
                % {"receipt": application.receipt_number},
            )
            return redirect("console:facilities:course_applicants", pk=course.pk)
    return render(
        request,
        "facilities/staff/courses/course_counter_apply.html",
        {
            "course": course,
            "form": form,
            "card": course_card(course),
            "accepting": services.is_accepting(course),
            "breadcrumbs": crumbs(course_crumb(course), (_("電話・窓口の申し込み"), "")),
        },
    )


@never_cache
@require_POST
@staff_required(grants=policies.OPERATE_GRANTS)
def course_application_cancel(request: HttpRequest, pk: int, application_pk: int) -> HttpResponse:
    course = queries.get_course_for(request.user, pk)
    application = queries.get_application_for(request.user, course, application_pk)
    try:
        _cancelled, promoted = services.cancel_application(request.user, application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = _("受付番号 %(receipt)s の申し込みを取り消しました。") % {
            "receipt": application.receipt_number
        }
        if promoted is not None:
            text += " " + _("補欠の受付番号 %(receipt)s を繰り上げて受講決定にしました。") % {
                "receipt": promoted.receipt_number
            }
            if not promoted.email:
                text += " " + _("メールアドレスがないため、電話で連絡してください。")
        messages.success(request, text)
    return redirect("console:facilities:course_applicants", pk=course.pk)


@never_cache
@require_POST
@staff_required(grants=policies.OPERATE_GRANTS)
def course_application_phoned(request: HttpRequest, pk: int, application_pk: int) -> HttpResponse:
    course = queries.get_course_for(request.user, pk)
    application = queries.get_application_for(request.user, course, application_pk)
    try:
        services.mark_phoned(request.user, application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("受付番号 %(receipt)s を連絡済みにしました。")
            % {"receipt": application.receipt_number},
        )
    return redirect("console:facilities:course_applicants", pk=course.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=policies.APPROVE_GRANTS)
def course_select(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then close the applications and decide who attends (lottery if needed).
    The result page lists the applicants to phone (no e-mail address)."""
    course = queries.get_course_for(request.user, pk)
    context = {
        "course": course,
        "counts": queries.application_counts(course),
        "period_over": timezone.now() >= course.applications_close_at,
        "breadcrumbs": crumbs(course_crumb(course), (_("受講者の決定"), "")),
    }
    if request.method == "POST":
        try:
            selection = services.close_and_select(request.user, course)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("console:facilities:course_select", pk=course.pk)
        context["selection"] = selection
        context["to_phone"] = queries.read_applications(
            request, selection.to_phone, ("name", "name_kana", "phone")
        )
        context["course"] = selection.course
    elif course.state == CourseState.SELECTED:
        context["to_phone"] = queries.read_applications(
            request, queries.to_phone(course), ("name", "name_kana", "phone")
        )
    return render(request, "facilities/staff/courses/course_select.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=policies.VIEW_GRANTS)
def course_attendance(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    """The attendance sheet of one session: printable, with a checkbox per accepted applicant."""
    course = queries.get_course_for(request.user, pk)
    session = queries.get_session_for(request.user, course, session_pk)
    applications = queries.read_applicants(
        request, course, states=(ApplicationState.ACCEPTED,), fields=("name", "name_kana", "needs")
    )
    ids = [a.pk for a in applications]
    form = AttendanceForm(request.POST or None, application_ids=ids)
    may_operate = policies.may_operate(request.user)
    if request.method == "POST":
        if not may_operate:
            raise PermissionDenied
        if form.is_valid():
            try:
                count = services.record_attendance(request.user, session, form.attendance())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(count)d人の出欠を記録しました。") % {"count": count})
                return redirect(
                    "console:facilities:course_attendance", pk=course.pk, session_pk=session.pk
                )
    recorded = queries.attendance_of(session)
    rows = [
        {"application": a, "present": recorded.get(a.pk), "checked": recorded.get(a.pk, False)}
        for a in applications
    ]
    return render(
        request,
        "facilities/staff/courses/course_attendance.html",
        {
            "course": course,
            "session": session,
            "session_row": session_rows([session])[0],
            "rows": rows,
            "form": form,
            "may_operate": may_operate,
            "breadcrumbs": crumbs(
                course_crumb(course),
                (_("第%(number)d回の出欠") % {"number": session.number}, ""),
            ),
        },
    )


CSV_HEADERS = (
    "受付番号",
    "状態",
    "氏名",
    "氏名（カナ）",
    "電話番号",
    "メールアドレス",
    "生年月日",
    "市内在住・在勤・在学",
    "配慮してほしいこと",
    "受付方法",
    "申込日時",
)


@never_cache
@require_GET
@staff_required(grants=policies.VIEW_GRANTS)
def course_applicants_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """All applicants as CSV, UTF-8 with BOM (opens in Excel as is)."""
    course = queries.get_course_for(request.user, pk)
    applications = queries.read_applicants(request, course, fields=queries.APPLICANT_FIELDS_CSV)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    zone = timezone.get_current_timezone()
    for a in applications:
        writer.writerow(
            [
                a.receipt_number,
                a.get_state_display(),
                a.name,
                a.name_kana,
                a.phone,
                a.email,
                a.birth_date.isoformat() if a.birth_date else "",
                "はい" if a.is_resident else "いいえ",
                a.needs,
                "電話・窓口" if a.entered_by_id else "インターネット",
                a.created.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="course-{course.code}-applicants.csv"'
    return response
