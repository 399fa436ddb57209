"""Helpers shared by the staff setup pages: access decorators and breadcrumbs."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yakuba.identity.decorators import staff_required

from ... import policies
from ...models import Facility, FeeSchedule


def setup_page(*, change: bool = False, methods: tuple[str, ...] = ("GET", "POST")) -> Callable:
    """Staff signed in with both factors; 文化振興課 viewers see, administrators change.

    ``change=True``: the whole page is for administrators (a form that edits).  Otherwise
    GET is open to viewers and any POST needs :func:`~yakuba.facilities.policies.may_administer`.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if (change or request.method == "POST") and not policies.may_administer(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded = staff_required(grants=policies.VIEW_GRANTS)(checked)
        return never_cache(require_http_methods(list(methods))(guarded))

    return decorator


def setup_crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("施設の設定"), reverse("console:facilities:setup_facility_list")), *items]


def facility_crumb(facility: Facility) -> tuple[str, str]:
    return (facility.name, reverse("console:facilities:setup_facility_detail", args=[facility.pk]))


def fee_crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("料金表"), reverse("console:facilities:setup_schedule_list")), *items]


def schedule_crumb(schedule: FeeSchedule) -> tuple[str, str]:
    return (schedule.title, reverse("console:facilities:setup_schedule_detail", args=[schedule.pk]))
