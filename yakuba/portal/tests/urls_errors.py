"""Test-only URLconf: the real site plus views that fail in each way, with the real handlers."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def bad_request(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("test: malformed request")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def not_found(request: HttpRequest) -> HttpResponse:
    raise Http404


def server_error(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("test: the view failed")


urlpatterns = [
    path("test-errors/400/", bad_request),
    path("test-errors/403/", forbidden),
    path("test-errors/404/", not_found),
    path("test-errors/500/", server_error),
    path("staff/test-errors/403/", forbidden),
    path("staff/test-errors/500/", server_error),
    *site_urlpatterns,
]
