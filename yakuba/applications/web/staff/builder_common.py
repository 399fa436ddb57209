"""Shared pieces of the staff builder pages: the access decorators, the reads scoped to
the user (procedures of the departments they administer, their versions) and crumbs."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yakuba.identity.decorators import staff_required

from ... import policies
from ...models import Category, FormState, FormVersion, LifeEvent, Procedure

VIEWS = "console:applications:"


def builder_page(
    *, methods: tuple[str, ...] = ("GET", "POST"), catalogue: bool = False
) -> Callable:
    """Staff signed in with both factors who administer a department (or, ``catalogue``,
    the shared categories and life events); anyone else gets 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            allowed = (
                policies.may_edit_catalogue(request.user)
                if catalogue
                else bool(policies.departments_for(request.user, "admin"))
            )
            if not allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return never_cache(require_http_methods(list(methods))(staff_required(checked)))

    return decorator


def procedures_for(user: Any) -> QuerySet[Procedure]:
    """Procedures of the departments ``user`` administers, with their category."""
    return (
        Procedure.objects.filter(department_code__in=policies.departments_for(user, "admin"))
        .select_related("category")
        .order_by("department_code", "category__order", "order", "code")
    )


def get_procedure_for(user: Any, pk: int) -> Procedure:
    procedure = procedures_for(user).filter(pk=pk).first()
    if procedure is None:
        raise Http404
    return procedure


def versions_of(procedure: Procedure) -> QuerySet[FormVersion]:
    return (
        procedure.form_versions.select_related("created_by", "published_by")
        .annotate(submission_count=Count("submissions"))
        .order_by("-number")
    )


def get_version_for(user: Any, procedure_id: int, number: int) -> FormVersion:
    procedure = get_procedure_for(user, procedure_id)
    version = (
        procedure.form_versions.select_related("procedure", "published_by", "created_by")
        .filter(number=number)
        .first()
    )
    if version is None:
        raise Http404
    return version


def previous_published(version: FormVersion) -> FormVersion | None:
    return (
        FormVersion.objects.filter(
            procedure_id=version.procedure_id,
            state=FormState.PUBLISHED,
            number__lt=version.number,
        )
        .order_by("-number")
        .first()
    )


def get_category(pk: int) -> Category:
    category = Category.objects.filter(pk=pk).first()
    if category is None:
        raise Http404
    return category


def get_life_event(pk: int) -> LifeEvent:
    life_event = LifeEvent.objects.filter(pk=pk).first()
    if life_event is None:
        raise Http404
    return life_event


def builder_crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("申請フォームの管理"), reverse(VIEWS + "builder_procedure_list")), *items]


def procedure_crumb(procedure: Procedure) -> tuple[str, str]:
    return (procedure.title, reverse(VIEWS + "builder_procedure_detail", args=[procedure.pk]))


def version_crumb(version: FormVersion) -> tuple[str, str]:
    return (
        _("第%(number)d版") % {"number": version.number},
        reverse(VIEWS + "builder_form", args=[version.procedure_id, version.number]),
    )


def catalogue_crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("分類とライフイベント"), reverse(VIEWS + "builder_catalogue")), *items]
