"""Idle-timeout of sessions: staff and citizens have separate limits."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

LAST_SEEN_SESSION_KEY = "yakuba_last_seen"
_KEY = LAST_SEEN_SESSION_KEY  # legacy alias


def idle_limit_for(user: Any) -> int:
    """Seconds of inactivity after which ``user`` is signed out."""
    if user.kind == "staff":
        return settings.YAKUBA_STAFF_IDLE_TIMEOUT
    return settings.YAKUBA_CITIZEN_IDLE_TIMEOUT


def touch_session(request: HttpRequest) -> None:
    """Mark the session as active now (called on every request and at sign-in)."""
    request.session[LAST_SEEN_SESSION_KEY] = int(time.time())


class StaffSessionMiddleware:
    """Logs a user out after a period without requests and says why on the next page.

    The check runs in ``process_view`` rather than ``__call__``: by then every
    middleware's request phase has run, so the message storage installed by
    ``MessageMiddleware`` (listed after this one in ``MIDDLEWARE``) exists.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN_SESSION_KEY)
        if last_seen is not None and now - int(last_seen) > idle_limit_for(user):
            logout(request)
            messages.warning(
                request,
                _(
                    "一定時間操作がなかったため、安全のためログアウトしました。"
                    "もう一度ログインしてください。"
                ),
            )
        else:
            touch_session(request)
        return None
