"""Request id and structured request log (method, route, status, duration; no personal data)."""

from __future__ import annotations

import ipaddress
import logging
import re
import time
import uuid

from django.http import HttpRequest, HttpResponse

from .logging import request_id_var

logger = logging.getLogger("yakuba.request")
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Assigns a request id and writes one log line per request.

    The log line carries the URL *route pattern* (``/staff/residents/<int:pk>/``),
    never the concrete path or query string, so identifiers and search terms
    (names, addresses) never reach the logs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            match = getattr(request, "resolver_match", None)
            logger.info(
                "request",
                extra={
                    "method": request.method,
                    "route": ("/" + match.route) if match and match.route else "-",
                    "view": match.view_name if match else "-",
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class TrustedProxyMiddleware:
    """Replaces ``REMOTE_ADDR`` with the client address a *trusted* proxy reports.

    Only when the direct peer (``REMOTE_ADDR``) is inside one of the networks of
    ``YAKUBA_TRUSTED_PROXIES`` is the ``X-Real-IP`` header read (nginx:
    ``proxy_set_header X-Real-IP $remote_addr;``); a malformed value is ignored.
    Requests from anywhere else keep their peer address, so a client cannot
    forge the address that the access record and the lockout keep.  The
    proxy's own address is kept in ``request.META["YAKUBA_PROXY_ADDR"]``.
    """

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.networks = [
            ipaddress.ip_network(value, strict=False)
            for value in getattr(settings, "YAKUBA_TRUSTED_PROXIES", [])
        ]

    def _trusted(self, address: str) -> bool:
        try:
            peer = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(peer in network for network in self.networks)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        peer = request.META.get("REMOTE_ADDR", "")
        if self.networks and self._trusted(peer):
            reported = request.headers.get("X-Real-IP", "").strip()
            try:
                client = ipaddress.ip_address(reported)
            except ValueError:
                client = None
            if client is not None:
                request.META["YAKUBA_PROXY_ADDR"] = peer
                request.META["REMOTE_ADDR"] = str(client)
        return self.get_response(request)
