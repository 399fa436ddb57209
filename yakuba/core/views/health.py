"""``/healthz``: is the database reachable, is the task backend configured and reachable.

``/ping`` is the trivial view: it touches neither the database nor the session,
so it measures the cost of the middleware stack alone (the benchmark baseline).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.tasks import task_backends
from django.views.decorators.cache import never_cache

# A health check answers quickly or reports the broker as down.
BROKER_TIMEOUT_SECONDS = 2


def _check_database() -> dict:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {
        "ok": True,
        "vendor": connection.vendor,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }


def _ping_redis_queues(queue_names: list[str]) -> None:
    """PING every Redis server that one of the backend's RQ queues uses."""
    import redis

    urls = {settings.RQ_QUEUES[name]["URL"] for name in queue_names}
    for url in sorted(urls):
        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=BROKER_TIMEOUT_SECONDS,
            socket_timeout=BROKER_TIMEOUT_SECONDS,
        )
        try:
            client.ping()
        finally:
            client.close()


def _check_tasks() -> dict:
    backend = task_backends["default"]
    name = type(backend).__name__
    result: dict = {"ok": True, "backend": name}
    if name == "RQBackend":
        _ping_redis_queues(list(backend.queues))
    elif name == "DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        result["ready"] = DBTaskResult.objects.ready().count()
    return result


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, dict] = {}
    for name, check in (("database", _check_database), ("tasks", _check_tasks)):
        try:
            checks[name] = check()
        except Exception as error:  # noqa: BLE001 - a health check reports every failure
            checks[name] = {"ok": False, "error": type(error).__name__}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )


@never_cache
def ping(request: HttpRequest) -> HttpResponse:
    """Answer ``ok``: the process is up and Django dispatches requests."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
