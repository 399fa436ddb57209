"""Rate limits of the citizen subscription pages (django-ratelimit) and their 429 page.

Counted in Django's ``default`` cache (``RATELIMIT_USE_CACHE`` to choose another): a
cache shared by every web process (Redis) makes the limits exact; with the per-process
default (LocMemCache) each process counts on its own, so the effective limit is the rate
times the number of processes (docs/modules/alerts-citizen.md, "Rate limits").

* per client address (``REMOTE_ADDR``, which ``TrustedProxyMiddleware`` sets from trusted
  proxies only): subscribing and asking for the link 5/min, confirming and changing 10/min;
* per e-mail address, for what sends a mail: 3/hour (a victim's mailbox cannot be
  flooded from many client addresses);
* unsubscribing, per link and not per client: mailbox providers send one-click POSTs for
  many people from few addresses, and an unsubscribe must never be refused for that.
"""

from __future__ import annotations

import hashlib

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage

#: Rate per group, in django-ratelimit's notation ("5/m": five a minute).
RATES: dict[str, str] = {
    "subscribe": "5/m",
    "manage_request": "5/m",
    "confirm": "10/m",
    "change": "10/m",
    "address": "3/h",
    "unsubscribe": "10/m",
}


def _refused(request: HttpRequest, group: str, rate: str, value: str) -> HttpResponse | None:
    usage = get_usage(
        request,
        group=f"yakuba.alerts.{group}",
        key=lambda _group, _request: value,
        rate=rate,
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return None
    retry_after = max(int(usage.get("time_left") or 60), 1)
    response = render(
        request,
        "alerts/citizen/rate_limited.html",
        {"minutes": max(retry_after // 60, 1)},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def _client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def refuse_ip(request: HttpRequest, group: str) -> HttpResponse | None:
    """A 429 page when this client address has used up ``group``'s rate, else ``None``."""
    return _refused(request, f"{group}.ip", RATES[group], _client(request))


def refuse_address(request: HttpRequest, address: str) -> HttpResponse | None:
    """A 429 page when ``address`` was mailed too often; one count for every kind of mail.

    Keyed by a hash of the address: the cache holds no address.
    """
    digest = hashlib.sha256(address.lower().encode("utf-8")).hexdigest()
    return _refused(request, "mail.address", RATES["address"], digest)


def refuse_token(request: HttpRequest, group: str, token: str) -> HttpResponse | None:
    digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
    return _refused(request, f"{group}.token", RATES[group], digest)
