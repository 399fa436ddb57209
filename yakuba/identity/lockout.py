"""Response shown when django-axes locks an account after repeated failures."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None, *args, **kwargs
) -> HttpResponse:
    minutes = int(round(settings.AXES_COOLOFF_TIME * 60))
    layout = "base_staff.html" if request.path.startswith("/staff/") else "base_citizen.html"
    return render(
        request, "identity/locked_out.html", {"minutes": minutes, "layout": layout}, status=429
    )
