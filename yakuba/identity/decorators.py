"""View decorators for the two doors: the staff console and the citizen site.

``staff_required`` guards every console view; ``citizen_required`` guards the
citizen services that need a signed-in (and, by default, e-mail-verified)
resident.  Both answer an unauthenticated request with a redirect to the right
login page, and a signed-in person who lacks the right with 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .permissions import Grant, has_role, is_citizen, is_staff, is_system_admin

View = Callable[..., HttpResponse]


def is_verified_staff(user: Any) -> bool:
    """A staff member who has passed both factors in this session (django_otp)."""
    if not is_staff(user):
        return False
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def staff_may(user: Any, grants: Iterable[Grant] | None = None, system_admin: bool = False) -> bool:
    """Whether a verified staff member passes ``staff_required(grants, system_admin)``.

    No grants and ``system_admin=False``: every staff member.  Otherwise the
    user must be a system administrator (when ``system_admin``) **or** hold one
    of the ``grants``; either condition suffices.
    """
    grants = tuple(grants or ())
    if not grants and not system_admin:
        return True
    if system_admin and is_system_admin(user):
        return True
    return bool(grants) and has_role(user, grants)


def staff_required(
    view: View | None = None,
    *,
    grants: Iterable[Grant] | None = None,
    system_admin: bool = False,
) -> Any:
    """Allow only staff signed in with password **and** TOTP, optionally with a role.

    * anonymous, a citizen, or staff who have not passed the second factor →
      redirect to ``console:login?next=<this page>``;
    * verified staff lacking the role → :class:`PermissionDenied` (403).

    Usable bare (``@staff_required``) or with arguments::

        @staff_required(grants=(("shimin", "operator"),))
        @staff_required(system_admin=True)
        @staff_required(grants=(("shokuin", "admin"),), system_admin=True)  # either one
    """
    # Positional grants (``@staff_required((("shimin", "viewer"),))``) are accepted too.
    if view is not None and not callable(view):
        grants, view = view, None  # type: ignore[assignment]
    frozen = tuple(grants or ())

    def decorator(function: View) -> View:
        @wraps(function)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not is_verified_staff(request.user):
                return redirect_to_login(request.get_full_path(), reverse("console:login"))
            if not staff_may(request.user, frozen, system_admin):
                raise PermissionDenied
            return function(request, *args, **kwargs)

        wrapper.staff_required = True  # type: ignore[attr-defined]
        return wrapper

    if view is not None:
        return decorator(view)
    return decorator


def citizen_required(view: View | None = None, *, verified: bool = True) -> Any:
    """Allow only signed-in citizens; by default only those who confirmed their e-mail.

    * anonymous or a staff account → redirect to ``portal:login?next=<this page>``;
    * a citizen whose e-mail is not yet confirmed (``verified=True``) → redirect
      to ``portal:verification_required``, which explains and offers a resend.
    """

    def decorator(function: View) -> View:
        @wraps(function)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not is_citizen(user):
                return redirect_to_login(request.get_full_path(), reverse("portal:login"))
            if verified and user.email_verified_at is None:
                return redirect("portal:verification_required")
            return function(request, *args, **kwargs)

        wrapper.citizen_required = True  # type: ignore[attr-defined]
        return wrapper

    if view is not None:
        return decorator(view)
    return decorator
