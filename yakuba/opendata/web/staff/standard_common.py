"""Shared pieces of the staff pages of the standard datasets: the access decorator and
the breadcrumbs.

Every page needs a staff member signed in with both factors who holds a role in some
department (``policies.may_use_staff_pages``); changing a staff-kept table or asking for a
regeneration needs the publishing department's operator role or the catalogue's
administrators (checked by the services, and by the pages to show the buttons).
"""

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

VIEWS = "console:opendata:"


def standard_page(
    *, methods: tuple[str, ...] = ("GET",)
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not policies.may_use_staff_pages(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return never_cache(require_http_methods(list(methods))(staff_required(checked)))

    return decorator


def crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("オープンデータ"), reverse(VIEWS + "dataset_list")),
        (_("標準データセット"), reverse(VIEWS + "standard_list")),
        *items,
    ]
