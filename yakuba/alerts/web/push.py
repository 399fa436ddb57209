"""Web Push and LINE views: the service worker, the push page, (un)subscribe JSON, LINE webhook.

Views stay thin: they parse, call :mod:`yakuba.alerts.services.push` or
:mod:`yakuba.alerts.services.line`, and answer.  Every bad input is a 400 with a message
the page shows as is; nothing here raises a 500 for a client's mistake.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit

from ..channels import vapid
from ..languages import Language
from ..models import Category
from ..services import line as line_service
from ..services import push as push_service

SERVICE_WORKER = Path(__file__).resolve().parent.parent / "static" / "alerts" / "sw.js"
MAX_JSON_BYTES = 16 * 1024
WEBHOOK_MAX_BYTES = 1024 * 1024
RATE = "20/m"


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"ok": False, "message": message}, status=status)


def _too_many() -> JsonResponse:
    return _error(
        _("短い時間に何度も操作されました。しばらく待ってから、もう一度お試しください。"), 429
    )


def _json_body(request: HttpRequest) -> dict[str, Any] | None:
    if len(request.body) > MAX_JSON_BYTES:
        return None
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """``/alerts/sw.js`` with ``Service-Worker-Allowed: /`` so its scope can be the whole site."""
    script = SERVICE_WORKER.read_text(encoding="utf-8").replace(
        "__ICON_URL__", static("alerts/icon-192.png")
    )
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


def _public_key_or_empty() -> str:
    """The key, or "" when production has none configured (the system check reports that)."""
    try:
        return vapid.public_key()
    except ImproperlyConfigured:
        return ""


@require_GET
def public_key(request: HttpRequest) -> JsonResponse:
    """The VAPID application server key, for pages that include the widget without it."""
    key = _public_key_or_empty()
    if not key:
        return _error(_("現在、プッシュ通知の登録を受け付けていません。"), 503)
    return JsonResponse({"publicKey": key})


def widget_context() -> dict[str, Any]:
    """What ``alerts/push/_subscribe_widget.html`` can use: the application server key."""
    return {"vapid_public_key": _public_key_or_empty()}


@require_GET
def push_page(request: HttpRequest) -> HttpResponse:
    """A page of its own for push notifications: choose categories and language, then subscribe."""
    language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in Language.values else "ja"
    categories = [
        (category.code, category.name_in(language)) for category in Category.objects.all()
    ]
    return render(
        request,
        "alerts/push/page.html",
        {
            "categories": categories,
            "languages": Language.choices,
            "selected_language": language,
            **widget_context(),
        },
    )


@require_POST
@ratelimit(key="ip", rate=RATE, method="POST", block=False)
def subscribe(request: HttpRequest) -> JsonResponse:
    if getattr(request, "limited", False):
        return _too_many()
    data = _json_body(request)
    if data is None or not isinstance(data.get("subscription"), dict):
        return _error(_("送信された内容を読み取れませんでした。ページを再読み込みしてください。"))
    subscription = data["subscription"]
    try:
        preferences = push_service.validate_preferences(
            data.get("language"),
            data.get("categories"),
            data.get("areas", []),
            whole_city=bool(data.get("whole_city", True)),
        )
        _endpoint, created = push_service.register_push_subscription(
            subscription.get("endpoint"),
            subscription.get("keys"),
            preferences,
            user=request.user,
        )
    except ValidationError as error:
        return _error(" ".join(error.messages))
    message = (
        _("プッシュ通知の登録が完了しました。")
        if created
        else _("プッシュ通知の設定を更新しました。")
    )
    return JsonResponse({"ok": True, "created": created, "message": message})


@require_POST
@ratelimit(key="ip", rate=RATE, method="POST", block=False)
def unsubscribe(request: HttpRequest) -> JsonResponse:
    if getattr(request, "limited", False):
        return _too_many()
    data = _json_body(request)
    if data is None or not isinstance(data.get("subscription"), dict):
        return _error(_("送信された内容を読み取れませんでした。ページを再読み込みしてください。"))
    subscription = data["subscription"]
    try:
        push_service.unsubscribe_push(subscription.get("endpoint"), subscription.get("keys"))
    except ValidationError as error:
        return _error(" ".join(error.messages))
    return JsonResponse({"ok": True, "message": _("プッシュ通知を停止しました。")})


@csrf_exempt
@require_POST
@never_cache
def line_webhook(request: HttpRequest) -> HttpResponse:
    """LINE's webhook: 403 unless ``X-Line-Signature`` matches; 200 once the events are handled."""
    if not settings.YAKUBA_LINE_CHANNEL_SECRET:
        return HttpResponse(status=404)
    if int(request.headers.get("Content-Length") or 0) > WEBHOOK_MAX_BYTES:
        return HttpResponse(status=413)
    body = request.body
    if not line_service.verify_signature(body, request.headers.get("X-Line-Signature", "")):
        return HttpResponse(status=403)
    line_service.handle_webhook(body)
    return HttpResponse(status=200)
