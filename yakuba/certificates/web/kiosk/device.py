"""Which kiosk this browser is: the signed device cookie, and the decorator every kiosk page uses.

A device is enrolled once (``/kiosk/enrol/<token>/``, or ``/kiosk/demo/<code>/`` in demo mode)
and keeps a signed, HttpOnly, SameSite=Strict cookie with the kiosk code and the device
generation. Re-enrolling a kiosk raises its generation, so a stolen or retired device's
cookie stops working (``kiosk_for_device`` returns ``None``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ...services.kiosks import kiosk_for_device, service_status
from . import session

COOKIE_NAME = "yakuba_kiosk_device"
COOKIE_SALT = "yakuba.certificates.kiosk-device"
#: Five years: a copier is enrolled once and stays.
COOKIE_MAX_AGE = 5 * 365 * 24 * 3600
LANGUAGES = ("ja", "en")


def device_cookie_value(code: str, generation: int) -> str:
    return signing.dumps({"k": code, "g": int(generation)}, salt=COOKIE_SALT, compress=False)


def set_device_cookie(response: HttpResponse, code: str, generation: int) -> HttpResponse:
    response.set_cookie(
        COOKIE_NAME,
        device_cookie_value(code, generation),
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Strict",
        secure=settings.SESSION_COOKIE_SECURE,
        path="/kiosk/",
    )
    return response


def device_kiosk(request: HttpRequest) -> Any | None:
    """The kiosk this browser was enrolled as, or ``None`` (no cookie, tampered, retired)."""
    raw = request.COOKIES.get(COOKIE_NAME, "")
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=COOKIE_SALT)
        code, generation = str(data["k"]), int(data["g"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return kiosk_for_device(code, generation)


def language_of(state: dict[str, Any]) -> str:
    language = state.get("language")
    return language if language in LANGUAGES else "ja"


def render_kiosk(
    request: HttpRequest,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    idle: bool = True,
) -> HttpResponse:
    """Render a kiosk screen; ``idle`` adds the idle timeout (meta refresh without JavaScript)."""
    context = dict(context or {})
    context.setdefault("kiosk", getattr(request, "kiosk", None))
    context.setdefault("idle_seconds", settings.YAKUBA_KIOSK_IDLE_SECONDS if idle else 0)
    context.setdefault("kiosk_steps", step_labels())
    return render(request, template, context, status=status)


def step_labels() -> list[tuple[str, str]]:
    """The step indicator's labels, in the language of the screen."""
    return [
        ("card", _("カード")),
        ("pin", _("暗証番号")),
        ("kind", _("証明書")),
        ("options", _("内容")),
        ("copies", _("通数")),
        ("confirm", _("確認")),
        ("print", _("印刷")),
    ]


def kiosk_page(step: str | None = None, *, touch: bool = True) -> Callable:
    """Wrap a kiosk view: enrolled device, service hours, idle timeout, language, step order.

    ``step`` (a name of :data:`session.STEPS`): a visitor whose earlier steps are not done
    is sent to the step they belong on. The view gets ``request.kiosk`` and
    ``request.kiosk_state`` (a dict; :func:`session.save` it after changing it).
    ``touch=False``: the request does not count as activity and never writes the session
    (the PDF, loaded in a frame while the screen's own form may be posting).
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @never_cache
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            state = session.get(request)
            language = language_of(state)
            with translation.override(language):
                response = _guarded(request, view, step, state, touch, *args, **kwargs)
            response.headers.setdefault("Content-Language", language)
            return response

        return wrapped

    return decorator


def _guarded(
    request: HttpRequest,
    view: Callable,
    step: str | None,
    state: dict,
    touch: bool,
    *args: Any,
    **kwargs: Any,
) -> HttpResponse:
    kiosk = device_kiosk(request)
    if kiosk is None:
        session.clear(request)
        return render_kiosk(request, "certificates/kiosk/unenrolled.html", status=403, idle=False)
    request.kiosk = kiosk  # type: ignore[attr-defined]
    status = service_status()
    if not status.is_open:
        session.clear(request)
        return render_kiosk(
            request, "certificates/kiosk/closed.html", {"status": status}, idle=False
        )
    if state and state.get("kiosk") != kiosk.code:
        session.clear(request)
        state = {}
    if state and session.is_idle(state, settings.YAKUBA_KIOSK_IDLE_SECONDS):
        session.clear(request, notice="timeout")
        return redirect("portal:kiosk:start")
    if step is not None and not session.may_show(state, step):
        return redirect(step_url(session.where_to(state)))
    if state and touch and request.GET.get("poll") != "1":
        session.save(request, state)  # any screen touched counts as activity (polling does not)
    request.kiosk_state = state  # type: ignore[attr-defined]
    return view(request, *args, **kwargs)


def step_url(step: str) -> str:
    from django.urls import reverse

    return reverse(f"portal:kiosk:{step}")
