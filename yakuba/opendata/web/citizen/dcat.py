"""The DCAT documents at their well-known addresses (see :mod:`yakuba.opendata.dcat`).

``/opendata/catalog.{jsonld,ttl,rdf}[?page=N][&modified_since=ISO]`` — the catalogue,
:data:`~yakuba.opendata.dcat.PAGE_SIZE` datasets a page; ``/opendata/dataset/<name>.{jsonld,
ttl,rdf}`` — one public dataset.  Both answer conditional GETs (ETag, Last-Modified) with
304, keep the serialised document in the cache under its ETag, and allow any origin (CORS):
harvesters fetch them on a schedule, and most fetches change nothing.
"""

from __future__ import annotations

import datetime
import hashlib

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ... import dcat
from ...models import Dataset

#: How long browsers and proxies may reuse a document without asking again (seconds).
MAX_AGE = 300
#: How long a serialised document stays in the cache (its key changes with the content).
CACHE_SECONDS = 3600
CACHE_PREFIX = "opendata:dcat:"


def _page_number(request: HttpRequest) -> int:
    text = request.GET.get("page", "1").strip() or "1"
    if not text.isdigit() or int(text) < 1:
        raise ValueError(_("page には1以上の整数を指定してください。"))
    return int(text)


def _modified_since(request: HttpRequest) -> datetime.datetime | None:
    text = request.GET.get("modified_since", "").strip()
    if not text:
        return None
    moment = parse_datetime(text.replace(" ", "+"))
    if moment is None:
        day = parse_date(text)
        if day is None:
            raise ValueError(
                _("modified_since は ISO 8601 の日付または日時で指定してください（%(value)s）。")
                % {"value": text[:40]}
            )
        moment = datetime.datetime.combine(day, datetime.time())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _etag(*parts: object) -> str:
    return '"' + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:40] + '"'


def _decorate(
    response: HttpResponse,
    etag: str,
    modified: datetime.datetime | None,
    links: dict[str, str] | None = None,
) -> HttpResponse:
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified.timestamp())
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Link"
    response["X-Content-Type-Options"] = "nosniff"
    if links:
        order = ("first", "previous", "next", "last")
        response["Link"] = ", ".join(
            f'<{links[rel]}>; rel="{"prev" if rel == "previous" else rel}"'
            for rel in order
            if rel in links
        )
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _answer(
    request: HttpRequest,
    extension: str,
    etag: str,
    modified: datetime.datetime | None,
    build,
) -> HttpResponse:
    """304 when the client's copy is current; else the cached or freshly built document.
    ``build()`` returns ``(body, links)``."""
    last_modified = int(modified.timestamp()) if modified is not None else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        cached = cache.get(CACHE_PREFIX + etag)
        return _decorate(not_modified, etag, modified, cached[1] if cached else None)
    cached = cache.get(CACHE_PREFIX + etag)
    if cached is None:
        cached = build()
        cache.set(CACHE_PREFIX + etag, cached, CACHE_SECONDS)
    body, links = cached
    response = HttpResponse(body, content_type=dcat.FORMATS[extension][1])
    return _decorate(response, etag, modified, links)


@require_safe
def catalogue(request: HttpRequest, extension: str) -> HttpResponse:
    try:
        number = _page_number(request)
        since = _modified_since(request)
    except ValueError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    state = dcat.catalogue_state()
    etag = _etag("catalogue", state.fingerprint, extension, number, since)

    def build() -> tuple[bytes, dict[str, str]]:
        try:
            page = dcat.catalogue_page(number, modified_since=since)
        except dcat.PageNotFound:
            raise Http404 from None
        body = dcat.describe_page(extension, page, modified=state.modified)
        return body, dcat.page_links(extension, page)

    return _answer(request, extension, etag, state.modified, build)


@require_safe
def dataset(request: HttpRequest, name: str, extension: str) -> HttpResponse:
    try:
        found = dcat.public_dataset(name)
    except Dataset.DoesNotExist:
        raise Http404 from None
    fingerprint, modified = dcat.dataset_fingerprint(found)
    etag = _etag("dataset", fingerprint, extension)
    return _answer(
        request, extension, etag, modified, lambda: (dcat.describe_dataset(extension, found), {})
    )
