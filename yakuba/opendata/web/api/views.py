"""The Action API endpoint: ``/api/action/<name>`` and ``/api/3/action/<name>``.

One view for every action, as CKAN's ``api.action``: find the action, identify the
caller by API token (never by session cookie: the view is ``csrf_exempt``), count the
request against the rate limits, read the data dict, run the action (a write inside
one transaction) and answer with CKAN's envelope.  Read actions carry
``Access-Control-Allow-Origin: *`` (and answer the CORS preflight); write actions
never do.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from . import limits
from .actions_read import Call
from .auth import identify
from .errors import (
    ActionError,
    BadRequest,
    InternalError,
    Invalid,
    NotAuthorized,
    NotFound,
    json_response,
    success,
)
from .mapping import ckan_errors
from .params import request_data
from .registry import ACTIONS, Action

logger = logging.getLogger(__name__)

ALLOWED_METHODS = "GET, POST, OPTIONS"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": ALLOWED_METHODS,
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "86400",
}


def _with_cors(response: HttpResponse, entry: Action) -> HttpResponse:
    if entry.side_effect_free:
        response["Access-Control-Allow-Origin"] = "*"
    return response


def _preflight(entry: Action) -> HttpResponse:
    response = HttpResponse(status=204)
    response["Allow"] = ALLOWED_METHODS if entry.side_effect_free else "POST, OPTIONS"
    if entry.side_effect_free:
        for header, value in CORS_HEADERS.items():
            response[header] = value
    return response


def _run(request: HttpRequest, name: str, entry: Action) -> HttpResponse:
    caller = identify(request)
    try:
        limits.check(request, caller, write=not entry.side_effect_free)
        data = request_data(request, side_effect_free=entry.side_effect_free)
        data.pop("callback", None)  # CKAN's JSONP: not offered (CORS is)
        call = Call(request, caller.user, data, caller.token_sent)
        if entry.side_effect_free:
            result = entry.function(call)
        else:
            with transaction.atomic():
                result = entry.function(call)
        response = success(name, result)
    except BadRequest as error:
        response = error.response()
    except ActionError as error:
        response = error.response(name)
    except PermissionDenied as error:
        detail = str(error) or _("この操作を行う権限がありません。")
        response = NotAuthorized(detail).response(name)
    except ObjectDoesNotExist:
        response = NotFound().response(name)
    except ValidationError as error:
        response = Invalid(ckan_errors(error)).response(name)
    except Exception:
        logger.exception("Action API: %s failed", name)
        response = InternalError().response(name)
    if caller.is_authenticated or not entry.side_effect_free:
        response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
def action(request: HttpRequest, name: str) -> HttpResponse:
    entry = ACTIONS.get(name)
    if entry is None:
        return BadRequest(f"Action name not known: {name}").response()
    if request.method == "OPTIONS":
        return _preflight(entry)
    if request.method not in ("GET", "POST"):
        response = json_response(f"Bad request: Method {request.method} not allowed", 405)
        response["Allow"] = ALLOWED_METHODS
        return response
    return _with_cors(_run(request, name, entry), entry)


def api_root(request: HttpRequest, version: int = 1) -> HttpResponse:
    """CKAN's ``/api`` and ``/api/3``: the API version."""
    return json_response({"version": version})
