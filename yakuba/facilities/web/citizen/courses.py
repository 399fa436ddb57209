"""Citizen pages of the courses part: list, course page, application, my applications,
and the published result of a selection."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from yakuba.core.forms import add_service_errors
from yakuba.identity.decorators import citizen_required
from yakuba.residents.queries import own_resident_facts

from ...forms.courses import APPLICANT_FIELD_MAP, ApplicantForm
from ...models import ApplicationState, CourseKind
from ...queries import courses as queries
from ...services import courses as services
from .courses_display import APPLICATION_TAGS, course_card

KIND_FILTERS = (
    ("", gettext_lazy("すべて")),
    (CourseKind.ICT, gettext_lazy("スマートフォン・タブレット教室")),
    (CourseKind.LIFELONG, gettext_lazy("生涯学習講座")),
)


def _crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("ホーム"), reverse("portal:home")),
        (_("講座・教室"), reverse("portal:facilities:course_list")),
        *items,
    ]


@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in CourseKind.values:
        kind = ""
    now = timezone.now()
    cards = [course_card(course, now) for course in queries.public_courses(kind=kind, now=now)]
    filters = [
        (
            value,
            label,
            reverse("portal:facilities:course_list") + (f"?kind={value}" if value else ""),
        )
        for value, label in KIND_FILTERS
    ]
    return render(
        request,
        "facilities/courses/course_list.html",
        {
            "cards": cards,
            "kind": kind,
            "filters": filters,
            "breadcrumbs": _crumbs((_("講座・教室の一覧"), "")),
        },
    )


@require_GET
def course_detail(request: HttpRequest, code: str) -> HttpResponse:
    course = queries.get_public_course(code)
    now = timezone.now()
    return render(
        request,
        "facilities/courses/course_detail.html",
        {
            "card": course_card(course, now),
            "course": course,
            "accepting": services.is_accepting(course, now),
            "mine": queries.own_live_application(request.user, course),
            "tags": APPLICATION_TAGS,
            "breadcrumbs": _crumbs((course.title, "")),
        },
    )


def _is_citizen(request: HttpRequest) -> bool:
    user = request.user
    return bool(getattr(user, "is_authenticated", False) and user.kind == "citizen")


@never_cache
@require_http_methods(["GET", "POST"])
def course_apply(request: HttpRequest, code: str) -> HttpResponse:
    """Online application (signed-in citizens).  Without an account the page explains
    how to apply by phone or at the counter, and offers to sign in."""
    course = queries.get_public_course(code)
    card = course_card(course)
    context = {
        "card": card,
        "course": course,
        "breadcrumbs": _crumbs(
            (course.title, reverse("portal:facilities:course_detail", args=[course.code])),
            (_("申し込み"), ""),
        ),
    }
    if not _is_citizen(request):
        if request.method == "POST":
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        context["login_url"] = f"{reverse('portal:login')}?next={request.path}"
        return render(request, "facilities/courses/course_apply_signin.html", context)
    if request.user.email_verified_at is None:
        return redirect("portal:verification_required")
    if not services.is_accepting(course):
        return render(request, "facilities/courses/course_apply_closed.html", context)
    mine = queries.own_live_application(request.user, course)
    if mine is not None:
        messages.info(request, _("この講座には既に申し込んでいます。"))
        return redirect("portal:facilities:course_my")
    facts = own_resident_facts(request.user)
    initial = {"email": request.user.email}
    if facts is not None:
        initial.update(name=facts.name, name_kana=facts.name_kana)
    form = ApplicantForm(
        request.POST or None,
        initial=initial,
        ask_birth_date=facts is None,
        require_birth_date=facts is None and bool(course.minimum_age),
        ask_residence=facts is None and course.residents_only,
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.apply_to_course(
                course, user=request.user, data=form.data_for_service()
            )
        except ValidationError as error:
            add_service_errors(form, error, field_map=APPLICANT_FIELD_MAP)
        else:
            messages.success(
                request,
                _("申し込みを受け付けました。受付番号は %(receipt)s です。")
                % {"receipt": application.receipt_number},
            )
            return redirect("portal:facilities:course_my")
    context.update(form=form, facts=facts)
    return render(request, "facilities/courses/course_apply.html", context)


@never_cache
@require_GET
@citizen_required
def course_my(request: HttpRequest) -> HttpResponse:
    applications = list(queries.own_applications(request.user))
    rows = [
        {
            "application": application,
            "card": course_card(application.course),
            "tag": APPLICATION_TAGS.get(application.state, ("", application.get_state_display())),
            "may_cancel": application.state
            in (ApplicationState.APPLIED, ApplicationState.ACCEPTED, ApplicationState.WAITLISTED),
        }
        for application in applications
    ]
    return render(
        request,
        "facilities/courses/course_my.html",
        {"rows": rows, "breadcrumbs": _crumbs((_("申し込んだ講座"), ""))},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@citizen_required
def course_my_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET), then cancel (POST) one's own application."""
    application = queries.get_own_application(request.user, pk)
    if request.method == "GET":
        card = course_card(application.course)
        return render(
            request,
            "facilities/courses/course_my_cancel.html",
            {
                "application": application,
                "card": card,
                "breadcrumbs": _crumbs(
                    (_("申し込んだ講座"), reverse("portal:facilities:course_my")),
                    (_("申し込みの取消し"), ""),
                ),
            },
        )
    try:
        services.cancel_application(request.user, application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("「%(title)s」の申し込みを取り消しました。") % {"title": application.course.title},
        )
    return redirect("portal:facilities:course_my")


@require_GET
def course_result(request: HttpRequest, code: str) -> HttpResponse:
    course = queries.get_public_course(code)
    return render(
        request,
        "facilities/courses/course_result.html",
        {
            "course": course,
            "result": queries.draw_result(course),
            "breadcrumbs": _crumbs(
                (course.title, reverse("portal:facilities:course_detail", args=[course.code])),
                (_("抽選の結果"), ""),
            ),
        },
    )


def mypage_card(request: HttpRequest) -> dict | None:
    """The マイページ card: the citizen's live course applications."""
    rows = [
        {
            "application": application,
            "tag": APPLICATION_TAGS.get(application.state, ("", application.get_state_display())),
        }
        for application in queries.own_applications(request.user).exclude(
            state__in=(ApplicationState.CANCELLED, ApplicationState.LOST)
        )[:5]
    ]
    return {"rows": rows}
