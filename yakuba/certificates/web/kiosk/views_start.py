"""The start screen (language choice), 「最初に戻る」, the idle timeout, and device enrolment."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ...services.kiosks import EnrolmentError, enrol_device
from . import session
from .device import LANGUAGES, kiosk_page, render_kiosk, set_device_cookie
from .lookups import demo_kiosk_device


def service_hours_label() -> str:
    """``06:30-23:00`` → ``6:30〜23:00``."""
    opening, closing = (
        f"{int(part.split(':')[0])}:{part.split(':')[1]}"
        for part in settings.YAKUBA_KIOSK_SERVICE_HOURS.split("-")
    )
    return f"{opening}〜{closing}"


@require_http_methods(["GET", "POST"])
@kiosk_page()
def start(request: HttpRequest) -> HttpResponse:
    """日本語 / English: choosing the language starts a new session at this kiosk."""
    error = ""
    if request.method == "POST":
        language = request.POST.get("language", "")
        if language in LANGUAGES:
            session.clear(request)
            request.session.cycle_key()
            session.save(request, {"kiosk": request.kiosk.code, "language": language})  # type: ignore[attr-defined]
            return redirect("portal:kiosk:card")
        error = "language"
    notice = session.pop_notice(request)
    return render_kiosk(
        request,
        "certificates/kiosk/start.html",
        {"notice": notice, "error": error, "hours": service_hours_label()},
        status=200,
        idle=False,
    )


@require_POST
@never_cache
def reset(request: HttpRequest) -> HttpResponse:
    """「最初に戻る」: forget the card and every choice."""
    session.clear(request)
    return redirect("portal:kiosk:start")


@require_GET
@never_cache
def timeout(request: HttpRequest) -> HttpResponse:
    """Where an idle screen's refresh leads: the session is cleared and the start screen says why."""
    if session.get(request):
        session.clear(request, notice="timeout")
    return redirect("portal:kiosk:start")


@require_http_methods(["GET", "POST"])
@never_cache
def enrol(request: HttpRequest, token: str) -> HttpResponse:
    """Enrol this device as a kiosk with the one-time token staff created (confirm with a button:
    a link preview must not spend the token)."""
    if request.method == "POST":
        try:
            enrolled = enrol_device(token)
        except EnrolmentError:
            enrolled = None
        if enrolled is not None:
            kiosk, generation = enrolled
            session.clear(request)
            response = render(
                request, "certificates/kiosk/enrolled.html", {"kiosk": kiosk, "idle_seconds": 0}
            )
            return set_device_cookie(response, kiosk.code, generation)
        return render(
            request,
            "certificates/kiosk/enrol.html",
            {"token": token, "invalid": True, "idle_seconds": 0},
        )
    return render(request, "certificates/kiosk/enrol.html", {"token": token, "idle_seconds": 0})


@require_GET
@never_cache
def demo_enrol(request: HttpRequest, code: str) -> HttpResponse:
    """Demo mode only: make this browser the demo kiosk ``code`` without a token."""
    if not settings.YAKUBA_JPKI_DEMO:
        raise Http404
    device = demo_kiosk_device(code)
    if device is None:
        raise Http404
    session.clear(request)
    with translation.override("ja"):
        response = redirect("portal:kiosk:start")
    return set_device_cookie(response, *device)
