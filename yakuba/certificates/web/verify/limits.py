"""Rate limits of the public verification pages (django-ratelimit) and their 429 page.

Per client address (``REMOTE_ADDR``, which ``TrustedProxyMiddleware`` sets from trusted
proxies only), counted in Django's ``default`` cache like the alerts pages (a shared
Redis cache makes the limits exact; with the per-process LocMemCache each web process
counts on its own):

* looking up a serial (the form or the QR link): 30 a minute — a clerk checking a pile
  of papers stays well below; guessing 80-bit serials is hopeless anyway;
* uploading a PDF (a signature validation, ~10–50 ms of CPU each): 10 a minute.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage

#: Rate per group, in django-ratelimit's notation ("30/m": thirty a minute).
RATES: dict[str, str] = {
    "lookup": "30/m",
    "upload": "10/m",
}


def refuse(request: HttpRequest, group: str) -> HttpResponse | None:
    """A 429 page when this client address has used up ``group``'s rate, else ``None``
    (each call counts one request)."""
    client = request.META.get("REMOTE_ADDR") or "unknown"
    usage = get_usage(
        request,
        group=f"yakuba.certificates.verify.{group}",
        key=lambda _group, _request: client,
        rate=RATES[group],
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return None
    retry_after = max(int(usage.get("time_left") or 60), 1)
    response = render(
        request,
        "certificates/verify/rate_limited.html",
        {"minutes": max(retry_after // 60, 1), "seconds": retry_after},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response
