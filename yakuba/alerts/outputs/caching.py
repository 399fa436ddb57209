"""Cheap repeat reads of the public outputs: conditional GET and a rendered-body cache.

Both hang on :func:`yakuba.alerts.outputs.queries.version` (one aggregate query per
request, memoised on the request): the ETag and Last-Modified come from it, and a
rendered feed is kept in Django's cache under a key that contains it, so a new alert
makes a new key and nothing needs invalidating.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import get_language

from . import queries

#: Seconds a rendered body stays in the cache (bounds staleness of town-area or city names).
BODY_TTL = 300
#: What shared caches and clients may keep a feed before asking again (seconds).
FEED_MAX_AGE = 60


def request_version(request: HttpRequest) -> queries.Version:
    cached = getattr(request, "_alerts_version", None)
    if cached is None:
        cached = queries.version()
        request._alerts_version = cached  # type: ignore[attr-defined]
    return cached


def feed_etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    """Per URL (path and query): the representation depends on nothing else."""
    return request_version(request).etag(request.path, request.META.get("QUERY_STRING", ""))


def page_etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    """Pages also depend on the language and on who is signed in (header links)."""
    user = getattr(request, "user", None)
    user_key = user.pk if user is not None and user.is_authenticated else 0
    return request_version(request).etag(request.get_full_path(), get_language(), user_key, "page")


def last_modified(request: HttpRequest, *args: Any, **kwargs: Any) -> datetime.datetime | None:
    return request_version(request).last_modified


def cached_body(request: HttpRequest, variant: str, build: Callable[[], bytes]) -> bytes:
    """``build()``'s result for this data version and variant, from the cache when present."""
    key = f"alerts.outputs:{request_version(request).etag(variant)}"
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, BODY_TTL)
    return body
