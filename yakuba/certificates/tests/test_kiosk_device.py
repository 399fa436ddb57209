"""Kiosk identity: enrolment, the device cookie, the demo enrolment, unenrolled devices."""

from __future__ import annotations

import pytest
from django.core import signing

from yakuba.certificates.web.kiosk.device import COOKIE_NAME, COOKIE_SALT, device_cookie_value

from .test_kiosk_support import *  # noqa: F403
from .test_kiosk_support import enrol, url

pytestmark = pytest.mark.django_db


def test_unenrolled_device_gets_a_clear_page(client, kiosk):
    response = client.get(url("start"))
    assert response.status_code == 403
    assert "この端末は登録されていません" in response.content.decode()
    assert client.get(url("card")).status_code == 403


def test_enrolment_link_asks_before_spending_the_token(client, kiosk):
    response = client.get(url("enrol", kiosk.enrolment_token))
    assert response.status_code == 200
    assert "この端末を登録する" in response.content.decode()
    assert COOKIE_NAME not in response.cookies
    kiosk.refresh_from_db()
    assert kiosk.enrolled_at is None


def test_enrolment_sets_a_signed_strict_httponly_cookie(client, kiosk):
    response = client.post(url("enrol", kiosk.enrolment_token))
    assert response.status_code == 200
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert cookie["max-age"] >= 365 * 24 * 3600
    assert signing.loads(cookie.value, salt=COOKIE_SALT) == {"k": "K0001", "g": 1}
    start = client.get(url("start"))
    assert start.status_code == 200
    assert "K0001" in start.content.decode()


def test_used_or_unknown_token_is_refused_clearly(client, kiosk):
    client.post(url("enrol", kiosk.enrolment_token))
    again = client.post(url("enrol", kiosk.enrolment_token))
    assert again.status_code == 200
    assert "この登録リンクは使えません" in again.content.decode()
    assert COOKIE_NAME not in again.cookies
    assert "この登録リンクは使えません" in client.post(url("enrol", "x" * 300)).content.decode()


def test_re_enrolment_retires_the_old_device(client, kiosk):
    from django.test import Client

    enrol(client, kiosk)
    newer = Client()
    enrol(newer, kiosk)
    assert newer.get(url("start")).status_code == 200
    assert client.get(url("start")).status_code == 403


def test_tampered_cookie_is_unenrolled(client, kiosk):
    enrol(client, kiosk)
    client.cookies[COOKIE_NAME] = device_cookie_value("K0001", 1)[:-2] + "xx"
    assert client.get(url("start")).status_code == 403
    client.cookies[COOKIE_NAME] = "not-a-cookie"
    assert client.get(url("start")).status_code == 403


def test_deactivated_kiosk_stops_at_once(client, kiosk):
    from yakuba.certificates.services.kiosks import deactivate_kiosk

    enrol(client, kiosk)
    deactivate_kiosk(None, kiosk.pk)
    assert client.get(url("start")).status_code == 403


def test_demo_enrolment_only_in_demo_mode(client, kiosk, settings):
    response = client.get(url("demo_enrol", "K0001"))
    assert response.status_code == 302
    assert client.get(url("start")).status_code == 200
    assert client.get(url("demo_enrol", "K9999")).status_code == 404
    settings.YAKUBA_JPKI_DEMO = False
    from django.test import Client

    other = Client()
    assert other.get(url("demo_enrol", "K0001")).status_code == 404
    assert COOKIE_NAME not in other.cookies
