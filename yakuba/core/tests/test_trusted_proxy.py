"""TrustedProxyMiddleware: the client address comes from trusted proxies only."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from yakuba.core.middleware import TrustedProxyMiddleware


def _seen_address(trusted: list[str], remote: str, real_ip: str | None) -> tuple[str, str | None]:
    seen = {}

    def view(request):
        seen["remote"] = request.META["REMOTE_ADDR"]
        seen["proxy"] = request.META.get("YAKUBA_PROXY_ADDR")
        return HttpResponse("ok")

    headers = {"HTTP_X_REAL_IP": real_ip} if real_ip is not None else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "YAKUBA_TRUSTED_PROXIES", trusted, raising=False)
        TrustedProxyMiddleware(view)(request)
    return seen["remote"], seen["proxy"]


def test_takes_the_client_address_from_a_trusted_proxy():
    assert _seen_address(["127.0.0.1"], "127.0.0.1", "203.0.113.9") == (
        "203.0.113.9",
        "127.0.0.1",
    )


def test_trusts_a_whole_network():
    assert _seen_address(["10.0.0.0/8"], "10.1.2.3", "2001:db8::7") == ("2001:db8::7", "10.1.2.3")


def test_ignores_the_header_from_an_untrusted_peer():
    assert _seen_address(["127.0.0.1"], "198.51.100.4", "203.0.113.9") == ("198.51.100.4", None)


def test_ignores_the_header_when_no_proxy_is_configured():
    assert _seen_address([], "127.0.0.1", "203.0.113.9") == ("127.0.0.1", None)


@pytest.mark.parametrize("forged", ["", "unknown", "203.0.113.9, 10.0.0.1", "<script>"])
def test_keeps_the_peer_when_the_header_is_malformed(forged):
    assert _seen_address(["127.0.0.1"], "127.0.0.1", forged) == ("127.0.0.1", None)


def test_runs_before_everything_that_reads_the_address():
    assert settings.MIDDLEWARE[0] == "yakuba.core.middleware.TrustedProxyMiddleware"


def test_a_bad_network_stops_startup():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "YAKUBA_TRUSTED_PROXIES": "127.0.0.1,not-a-network",
        },
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert "YAKUBA_TRUSTED_PROXIES: 'not-a-network' is not an address or network" in result.stderr
