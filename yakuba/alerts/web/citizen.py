"""Citizen pages of the alerts module (subscribe, confirm, manage, unsubscribe) — being written."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def manage(request: HttpRequest, token: str) -> HttpResponse:
    return HttpResponse(status=501)


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    return HttpResponse(status=501)
