"""Rate limits of the Action API (django-ratelimit), answered with CKAN's envelope.

Counted in Django's ``default`` cache, like the alerts and certificate pages: a cache
shared by every web process (Redis, ``YAKUBA_CACHE_URL``) makes the limits exact; with
the per-process LocMemCache each web process counts on its own.

* read actions: per API token when a valid one is sent, else per client address
  (``REMOTE_ADDR``, which ``TrustedProxyMiddleware`` sets from trusted proxies only);
* write actions: per API token; a write without a valid token counts against the
  client address's read budget (and is refused anyway).

Over the limit the answer is HTTP 429, ``Retry-After`` in seconds and a "Rate Limit
Error" envelope.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_ratelimit.core import get_usage

from .auth import Caller
from .errors import RateLimited

#: Requests per window, in django-ratelimit's notation ("120/m": 120 a minute).
RATES: dict[str, str] = {
    "read": "300/m",
    "write": "60/m",
}


def _check(request: HttpRequest, group: str, rate: str, value: str) -> None:
    usage = get_usage(
        request,
        group=f"yakuba.opendata.api.{group}",
        key=lambda _group, _request: value,
        rate=rate,
        increment=True,
    )
    if usage is not None and usage["should_limit"]:
        raise RateLimited(max(int(usage.get("time_left") or 60), 1))


def check(request: HttpRequest, caller: Caller, *, write: bool) -> None:
    """Count this request; :class:`~.errors.RateLimited` when over the limit."""
    if caller.is_authenticated:
        group = "write" if write else "read"
        _check(request, f"{group}.token", RATES[group], caller.token_digest)
        return
    _check(request, "read.ip", RATES["read"], request.META.get("REMOTE_ADDR") or "unknown")
