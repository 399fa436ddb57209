"""Shared by the kiosk and accounting staff pages: access decorators and breadcrumbs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yakuba.identity.decorators import staff_required

from ... import policies


def kiosk_page(methods: tuple[str, ...] = ("GET",)) -> Callable:
    """Staff signed in with both factors and the 市民課 admin role (others 403)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        guarded = staff_required(grants=policies.KIOSK_ADMIN_GRANTS)(view)
        return never_cache(require_http_methods(list(methods))(guarded))

    return decorator


def accounting_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """会計課 viewers and 市民課 admins, signed in with both factors."""
    guarded = staff_required(grants=policies.ACCOUNTING_GRANTS)(view)
    return never_cache(require_http_methods(["GET"])(guarded))


def kiosk_crumbs(request: HttpRequest, *items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("コンビニ交付の端末"), reverse("console:certificates:kiosk_list")), *items]


def may_manage(request: HttpRequest) -> bool:
    return policies.may_manage_kiosks(request.user)


def kiosk_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {"may_manage": may_manage(request), **extra}
