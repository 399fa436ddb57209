"""The two sign-in doors: password checks per account kind and the staff's half-signed-in state.

Staff are **not** logged in after the password step.  The session only holds a
short-lived "pending" marker naming the account; Django's ``login()`` and
django_otp's ``login()`` run together once the second factor is verified, so
there is never a session authenticated by a password alone.  This also keeps
django-axes' "reset failures on success" from firing before the second factor.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import authenticate, get_user_model, login, user_login_failed
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

from .middleware import touch_session
from .models import User

PENDING_SESSION_KEY = "yakuba_pending_staff"
PENDING_MAX_AGE = 5 * 60  # seconds between the password step and the second factor


def authenticate_at_door(
    request: HttpRequest, *, email: str, password: str, kind: str
) -> User | None:
    """Check e-mail and password for an account of ``kind``; ``None`` on any failure.

    An account of the other kind fails exactly like a wrong password (same
    message, and the failure counts towards the django-axes lockout), so neither
    door reveals whether an address has an account behind the other one.
    """
    user = authenticate(request, username=email, password=password)
    if user is not None and user.kind != kind:
        record_failed_attempt(request, email)
        return None
    return user


def record_failed_attempt(request: HttpRequest, email: str) -> None:
    """Count a failure against ``email`` + client address (django-axes listens to this signal)."""
    user_login_failed.send(sender=__name__, credentials={"username": email}, request=request)


def is_locked_out(request: HttpRequest, email: str) -> bool:
    """Whether django-axes currently refuses sign-in for ``email`` from this client."""
    from axes.handlers.proxy import AxesProxyHandler

    return not AxesProxyHandler.is_allowed(request, {"username": email})


def safe_next(request: HttpRequest, candidate: str | None, default: str) -> str:
    """``candidate`` when it is a local URL, otherwise ``default``."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


# --- staff: between the password and the second factor ------------------------------


def begin_staff_sign_in(request: HttpRequest, user: User, next_url: str) -> None:
    """Remember that ``user`` passed the password step (new session key, nobody logged in)."""
    request.session.cycle_key()
    request.session[PENDING_SESSION_KEY] = {
        "user_id": user.pk,
        "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
        "hash": user.get_session_auth_hash(),
        "since": int(time.time()),
        "next": next_url,
    }


def pending_staff(request: HttpRequest) -> User | None:
    """The staff member waiting for the second factor, or ``None`` (expired or changed)."""
    data: dict[str, Any] | None = request.session.get(PENDING_SESSION_KEY)
    if not data:
        return None
    if int(time.time()) - int(data.get("since", 0)) > PENDING_MAX_AGE:
        clear_pending(request)
        return None
    user = (
        get_user_model()
        .objects.filter(pk=data.get("user_id"), kind=User.Kind.STAFF, is_active=True)
        .first()
    )
    if user is None or user.get_session_auth_hash() != data.get("hash"):
        clear_pending(request)
        return None
    user.backend = data["backend"]
    return user


def pending_next(request: HttpRequest) -> str:
    data = request.session.get(PENDING_SESSION_KEY) or {}
    return data.get("next") or ""


def clear_pending(request: HttpRequest) -> None:
    request.session.pop(PENDING_SESSION_KEY, None)


def complete_staff_sign_in(request: HttpRequest, user: User, device: Any) -> None:
    """Log the staff member in and mark the session as verified by ``device``."""
    clear_pending(request)
    login(request, user, backend=user.backend)
    otp_login(request, device)
    touch_session(request)


def sign_in_citizen(request: HttpRequest, user: User) -> None:
    login(request, user)
    touch_session(request)
