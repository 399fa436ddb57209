"""Machine-readable public outputs: CAP 1.2 documents and feed, Atom 1.0 feed, JSON API.

Views are thin: parameters are checked, the body comes from :mod:`yakuba.alerts.outputs`
(cached per data version), and every response carries ``Access-Control-Allow-Origin: *``
(public data, readable from any web page) and a short public ``Cache-Control``.
Conditional GET (ETag, Last-Modified, 304) costs one aggregate query.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_safe

from ..languages import Language
from ..models import Category
from ..outputs import atom, caching, cap, json_api, queries
from ..outputs.common import city_name, links, list_url

#: Feed titles are part of the feed's own language (chosen by ``?lang=``), not the page's.
FEED_TITLES = {
    "ja": "{city} 配信情報",
    "en": "{city} alerts and notices",
    "easy": "{city} からの おしらせ",
}
CAP_FEED_TITLES = {
    "ja": "{city} 配信情報（CAP 1.2）",
    "en": "{city} alerts (CAP 1.2)",
    "easy": "{city} からの おしらせ（CAP 1.2）",
}


def public_output(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """CORS for any origin and a short public cache lifetime, on every answer (304 too)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        if response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=caching.FEED_MAX_AGE)
        return response

    return wrapped


conditional = condition(etag_func=caching.feed_etag, last_modified_func=caching.last_modified)


class UnknownCategory(LookupError):
    """``?category=`` names no category (checked only when a feed is built, not per hit)."""


def _feed_language(request: HttpRequest) -> str | None:
    language = request.GET.get("lang", "ja")
    return language if language in Language.values else None


def _bad_request(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


BAD_LANGUAGE = "lang は ja, en, easy のいずれかです。 / lang must be ja, en or easy."
BAD_CATEGORY = "その配信分類はありません。 / No such category."


def _feed_alerts(category: str) -> list:
    if category and not Category.objects.filter(code=category).exists():
        raise UnknownCategory(category)
    alerts = queries.filter_alerts(queries.public_alerts(), category=category)
    return list(alerts[: queries.FEED_SIZE])


def _feed_meta(request: HttpRequest, titles: dict[str, str], language: str) -> atom.FeedMeta:
    return atom.FeedMeta(
        self_url=links.absolute(request.get_full_path()),
        title=titles[language].format(city=city_name(language)),
        language=language,
        alternate_url=list_url(),
    )


def _serve_feed(
    request: HttpRequest,
    kind: str,
    titles: dict[str, str],
    build: Callable[[atom.FeedMeta, list], bytes],
) -> HttpResponse:
    language = _feed_language(request)
    if language is None:
        return _bad_request(BAD_LANGUAGE)
    category = request.GET.get("category", "")
    try:
        body = caching.cached_body(
            request,
            f"{kind}|{request.get_full_path()}",
            lambda: build(_feed_meta(request, titles, language), _feed_alerts(category)),
        )
    except UnknownCategory:
        return _bad_request(BAD_CATEGORY)
    return HttpResponse(body, content_type=atom.ATOM_CONTENT_TYPE)


@public_output
@require_safe
@conditional
def atom_feed(request: HttpRequest) -> HttpResponse:
    """``/alerts/feed.atom``: ``?lang=ja|en|easy``, ``?category=<code>``."""
    return _serve_feed(request, "atom", FEED_TITLES, atom.alerts_feed)


@public_output
@require_safe
@conditional
def cap_feed(request: HttpRequest) -> HttpResponse:
    """``/alerts/cap.atom``: entries link to the CAP documents (same parameters)."""
    return _serve_feed(request, "capfeed", CAP_FEED_TITLES, atom.cap_index_feed)


@public_output
@require_safe
@conditional
def cap_document(request: HttpRequest, pk: int) -> HttpResponse:
    alert = queries.get_public_alert(pk)
    if alert is None:
        return HttpResponse(
            "配信が見つかりません。 / Alert not found.",
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    body = caching.cached_body(request, f"cap|{pk}", lambda: cap.alert_to_cap(alert))
    response = HttpResponse(body, content_type=cap.CAP_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="alert-{pk}.cap"'
    return response


def _json(data: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


@public_output
@require_safe
@conditional
def api_alerts(request: HttpRequest) -> HttpResponse:
    try:
        parameters = json_api.parse_list_parameters(request.GET)
    except json_api.BadParameter as error:
        return _json(error.as_json(), status=400)

    def build() -> bytes:
        alerts = queries.filter_alerts(
            queries.public_alerts(),
            category=parameters.category,
            area=parameters.area,
            since=parameters.since,
        )
        if parameters.cursor is not None:
            alerts = json_api.after_cursor(alerts, parameters.cursor)
        page = list(alerts[: parameters.limit + 1])
        more = len(page) > parameters.limit
        page = page[: parameters.limit]
        area_map = cap.area_name_map()
        next_cursor = json_api.encode_cursor(page[-1]) if more and page else None
        next_url = None
        if next_cursor:
            query = request.GET.copy()
            query["cursor"] = next_cursor
            next_url = links.absolute(f"{request.path}?{query.urlencode()}")
        data = {
            "alerts": [json_api.alert_record(alert, area_map) for alert in page],
            "next_cursor": next_cursor,
            "next": next_url,
        }
        return json.dumps(data, ensure_ascii=False).encode()

    body = caching.cached_body(request, f"api|{request.get_full_path()}", build)
    return HttpResponse(body, content_type="application/json")


@public_output
@require_safe
@conditional
def api_alert(request: HttpRequest, pk: int) -> HttpResponse:
    alert = queries.get_public_alert(pk)
    if alert is None:
        return _json(
            {
                "error": {
                    "code": "not_found",
                    "message_ja": "配信が見つかりません。",
                    "message_en": "Alert not found.",
                }
            },
            status=404,
        )
    record = json_api.alert_record(alert, cap.area_name_map())
    record["api_url"] = links.absolute(reverse("portal:alert_feeds:api_alert", args=[pk]))
    return _json({"alert": record})
