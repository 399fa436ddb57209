"""CSRF everywhere, security headers, HSTS over HTTPS."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from .factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["portal:login", "console:login", "portal:signup"])
def test_post_without_csrf_token_gets_the_friendly_403(url_name, citizen):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse(url_name), {"username": citizen.email, "password": PASSWORD})

    assert response.status_code == 403
    body = response.content.decode()
    assert "CSRF verification failed" not in body
    assert "<html" in body


@pytest.mark.parametrize("url_name", ["portal:login", "console:login"])
def test_security_headers_are_sent(client, url_name):
    response = client.get(reverse(url_name))

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in response


@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_SSL_REDIRECT=False
)
def test_hsts_is_sent_on_https(client):
    response = client.get(reverse("portal:login"), secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_qr_code_page_stays_within_the_content_security_policy(client, clerk_a):
    from .helpers import post_staff_password

    post_staff_password(client, clerk_a)
    response = client.get(reverse("console:totp_setup"))

    body = response.content.decode()
    assert "img-src 'self' data:" in response["Content-Security-Policy"]
    assert " style=" not in body
    assert "<script>" not in body
