"""CKAN's response envelope and error bodies.

Every answer of an action is ``{"help": …, "success": …, "result" | "error": …}`` with
CKAN 2.12's ``error.__type`` strings and HTTP statuses (``ckan/views/api.py``):

=====================  ======  ======================================================
``__type``             status  when
=====================  ======  ======================================================
Not Found Error        404     the dataset, resource, publisher… does not exist
Authorization Error    403     no valid token for a write, or not allowed
Validation Error       409     ``error`` is ``{field: [messages]}`` plus ``__type``
Search Query Error     400     a ``package_search`` parameter is invalid (sort, options)
Search Error           409     the search cannot be run (unknown field in ``fq``…)
Rate Limit Error       429     (yakuba) too many requests; ``Retry-After`` says when
Internal Server Error  500     a fault of ours (logged)
=====================  ======  ======================================================

Requests that never reach an action (unknown action name, unreadable JSON, a write
sent with GET) are answered as CKAN does: HTTP 400 whose body is a JSON *string*
``"Bad request: …"``, not an envelope.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.translation import gettext as _

JSON_CONTENT_TYPE = "application/json;charset=utf-8"


def help_url(action: str) -> str:
    """CKAN's ``help`` link: always the v3 ``help_show`` of the action."""
    return f"{settings.YAKUBA_SITE_URL}/api/3/action/help_show?name={action}"


def json_response(body: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False),
        status=status,
        content_type=JSON_CONTENT_TYPE,
    )


def success(action: str, result: Any) -> HttpResponse:
    return json_response({"help": help_url(action), "success": True, "result": result})


class ActionError(Exception):
    """An error answered inside CKAN's envelope."""

    type_name = "Internal Server Error"
    status = 500

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message

    def error_body(self) -> dict[str, Any]:
        return {"__type": self.type_name, "message": self.message}

    def response(self, action: str) -> HttpResponse:
        body = {"help": help_url(action), "success": False, "error": self.error_body()}
        return json_response(body, self.status)


class NotFound(ActionError):
    type_name = "Not Found Error"
    status = 404

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            _("見つかりません: %(detail)s") % {"detail": detail} if detail else _("見つかりません")
        )


class NotAuthorized(ActionError):
    type_name = "Authorization Error"
    status = 403

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            _("アクセスが拒否されました: %(detail)s") % {"detail": detail}
            if detail
            else _("アクセスが拒否されました")
        )


class Invalid(ActionError):
    """CKAN's ValidationError: ``errors`` maps each field (CKAN's names) to its messages;
    for ``resources`` the value is a list with one dict per given resource."""

    type_name = "Validation Error"
    status = 409

    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__(str(errors))
        self.errors = errors

    def error_body(self) -> dict[str, Any]:
        return {**self.errors, "__type": self.type_name}


class SearchQueryInvalid(ActionError):
    type_name = "Search Query Error"
    status = 400

    def __init__(self, detail: str) -> None:
        super().__init__(_("検索の指定が正しくありません: %(detail)s") % {"detail": detail})


class SearchFailed(ActionError):
    type_name = "Search Error"
    status = 409

    def __init__(self, detail: str) -> None:
        super().__init__(_("検索できません: %(detail)s") % {"detail": detail})


class RateLimited(ActionError):
    type_name = "Rate Limit Error"
    status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            _("リクエストが多すぎます。%(seconds)s秒後にもう一度お試しください。")
            % {"seconds": retry_after}
        )
        self.retry_after = retry_after

    def response(self, action: str) -> HttpResponse:
        response = super().response(action)
        response["Retry-After"] = str(self.retry_after)
        return response


class InternalError(ActionError):
    def __init__(self) -> None:
        super().__init__("Internal Server Error")


class BadRequest(Exception):
    """CKAN's ``_finish_bad_request``: HTTP 400, the body a JSON string."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    def response(self) -> HttpResponse:
        return json_response(f"Bad request: {self.detail}", 400)


def json_error(detail: str) -> BadRequest:
    """CKAN's answer to request data it cannot read (``JSON Error: …``)."""
    return BadRequest(f"JSON Error: {detail}")
