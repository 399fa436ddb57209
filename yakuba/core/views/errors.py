"""Friendly error pages in the design system (never Django's debug pages).

Each page says what happened in plain words, links home and gives the city's
phone number.  Pages under ``/staff/`` use the console layout.  The 500 page
must work when the database is the cause: it is rendered without a request
context (no context processors) from ``base_minimal.html``, and the
municipality's contact details come from the cache only.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import NoReverseMatch, reverse

from yakuba.core import services

logger = logging.getLogger(__name__)

CITIZEN_LAYOUT = "base_citizen.html"
STAFF_LAYOUT = "base_staff.html"


def _is_staff_page(request: HttpRequest | None) -> bool:
    if not services.serves_citizens():
        return True
    if not services.serves_staff():
        return False
    return request is not None and request.path.startswith("/staff/")


def _layout(request: HttpRequest) -> str:
    return STAFF_LAYOUT if _is_staff_page(request) else CITIZEN_LAYOUT


def _home_url(request: HttpRequest | None) -> str:
    name = "console:dashboard" if _is_staff_page(request) else "portal:home"
    try:
        return reverse(name)
    except NoReverseMatch:
        return "/"


def _render_error(
    request: HttpRequest, template: str, status: int, **extra: object
) -> HttpResponse:
    context = {"layout": _layout(request), "home_url": _home_url(request), **extra}
    return render(request, template, context, status=status)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form was sent without a valid security token (expired page, cookies blocked)."""
    return _render_error(
        request,
        "errors/csrf.html",
        403,
        retry_url=request.path,
        cookies_missing=not request.COOKIES,
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render_error(request, "errors/404.html", 404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render_error(request, "errors/403.html", 403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render_error(request, "errors/400.html", 400)


def _cached_municipality() -> object | None:
    """The municipality profile if it is in the cache; never a database query."""
    try:
        return cache.get(services._CACHE_KEY)  # same module: the key get_municipality() fills
    except Exception:  # the cache may be what failed
        logger.warning("municipality profile not readable from the cache for the 500 page")
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """500 page: plain context, no context processors, no database."""
    context = {
        "layout": "base_minimal.html",
        "municipality": _cached_municipality(),
        "home_url": _home_url(request),
    }
    html = loader.get_template("errors/500.html").render(context)
    return HttpResponseServerError(html)
