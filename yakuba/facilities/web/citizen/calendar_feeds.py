"""iCalendar feeds (RFC 5545) and the citizen page that gives the personal feed's URL.

* ``calendar/u/<token>.ics``  the personal feed (secret URL, no sign-in: calendar apps
  cannot sign in); 404 for an unknown token.
* ``calendar/f/<code>.ics``   a facility's busy times, public, no personal data.
* ``calendar/``               the citizen's subscription URLs and a button that rotates
  the token (the old URL stops working).

Feeds answer conditional GETs (ETag of the body, Last-Modified of the newest change).
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yakuba.identity.decorators import citizen_required

from ...queries import registration as registration_queries
from ...queries import waitlist as queries
from ...services import icalendar_feeds as feeds
from .waitlist import registration_apply_url

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _feed_response(
    request: HttpRequest,
    body: bytes,
    modified: datetime.datetime | None,
    *,
    filename: str,
    public: bool,
) -> HttpResponse:
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    last_modified = int(modified.timestamp()) if modified is not None else None
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300" if public else "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    if not public:
        response["Referrer-Policy"] = "no-referrer"
    conditional = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
    return conditional


@require_http_methods(["GET", "HEAD"])
def calendar_user(request: HttpRequest, token: str) -> HttpResponse:
    registration = queries.registration_by_calendar_token(token)
    bookings = queries.calendar_bookings_for(registration)
    body = feeds.user_feed(registration, bookings)
    modified = feeds.last_modified(booking.updated for booking in bookings)
    return _feed_response(request, body, modified, filename="bookings.ics", public=False)


@require_http_methods(["GET", "HEAD"])
def calendar_facility(request: HttpRequest, code: str) -> HttpResponse:
    facility = queries.get_public_facility(code)
    busy = queries.busy_times_of(facility)
    body = feeds.facility_feed(facility, busy)
    modified = feeds.last_modified(row[4] for row in busy)
    return _feed_response(request, body, modified, filename=f"{facility.code}.ics", public=True)


def feed_urls(token: str) -> tuple[str, str]:
    """``(https URL, webcal URL)`` of a personal feed."""
    path = reverse("portal:facilities:calendar_user", args=[token])
    https = f"{settings.YAKUBA_SITE_URL}{path}"
    scheme, _sep, rest = https.partition("://")
    return https, f"webcal://{rest}"


@never_cache
@citizen_required
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_page(request: HttpRequest) -> HttpResponse:
    registration = registration_queries.registration_for(request.user)
    if registration is None:
        return render(
            request,
            "facilities/waitlist/calendar_no_registration.html",
            {"apply_url": registration_apply_url()},
            status=403,
        )
    if request.method == "POST":
        if request.POST.get("action") == "rotate":
            feeds.rotate_calendar_token(registration)
            messages.success(
                request,
                _(
                    "新しいURLを発行しました。これまでのURLは使えなくなりました。"
                    "カレンダーアプリに新しいURLを登録し直してください。"
                ),
            )
        return redirect("portal:facilities:calendar_page")
    https_url, webcal_url = feed_urls(registration.calendar_token)
    return render(
        request,
        "facilities/waitlist/calendar_page.html",
        {"https_url": https_url, "webcal_url": webcal_url},
    )
