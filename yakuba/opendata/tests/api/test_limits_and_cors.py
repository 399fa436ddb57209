"""Rate limits (HTTP 429 in CKAN's envelope), CORS on read actions only, and the session
cookie never standing in for a token (the API is csrf_exempt)."""

from __future__ import annotations

import pytest
from django.test import Client

from yakuba.identity.testing import login_staff
from yakuba.opendata.models import Dataset
from yakuba.opendata.web.api import limits

from .helpers import call

pytestmark = pytest.mark.django_db


def test_reads_over_the_limit_get_a_429_envelope_with_retry_after(client, catalogue, monkeypatch):
    monkeypatch.setitem(limits.RATES, "read", "3/m")
    answers = [call(client, "package_list", method="GET") for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    body = refused.json()
    assert body["success"] is False
    assert body["help"].endswith("/api/3/action/help_show?name=package_list")
    assert body["error"]["__type"] == "Rate Limit Error"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Access-Control-Allow-Origin"] == "*"
    other_address = Client(REMOTE_ADDR="192.0.2.7")
    assert call(other_address, "package_list", method="GET").status_code == 200


def test_writes_are_counted_per_token(client, catalogue, secret, bunka_secret, monkeypatch):
    monkeypatch.setitem(limits.RATES, "write", "2/m")
    answers = [
        call(client, "package_patch", {"id": "aed", "notes": str(n)}, secret=secret)
        for n in range(3)
    ]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[-1].json()["error"]["__type"] == "Rate Limit Error"
    assert "Access-Control-Allow-Origin" not in answers[-1]
    assert Dataset.objects.get(name="aed").notes == "1"
    other = call(client, "package_patch", {"id": "halls", "notes": "x"}, secret=bunka_secret)
    assert other.status_code == 200


def test_read_actions_allow_any_origin(client, catalogue):
    response = call(client, "package_search", method="GET", headers={"Origin": "https://a.jp"})
    assert response["Access-Control-Allow-Origin"] == "*"
    failed = call(client, "package_show", {"id": "nothing"}, headers={"Origin": "https://a.jp"})
    assert failed["Access-Control-Allow-Origin"] == "*"


def test_the_preflight_of_a_read_action(client):
    response = client.options(
        "/api/3/action/package_search",
        headers={"Origin": "https://a.jp", "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, POST, OPTIONS"
    assert response["Access-Control-Allow-Headers"] == "Content-Type"


def test_write_actions_never_allow_other_origins(client, catalogue, secret):
    preflight = client.options(
        "/api/3/action/package_create",
        headers={"Origin": "https://a.jp", "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in preflight
    written = call(
        client, "package_patch", {"id": "aed"}, secret=secret, headers={"Origin": "https://a.jp"}
    )
    assert written.status_code == 200
    assert "Access-Control-Allow-Origin" not in written
    assert written["Cache-Control"] == "no-store"


def test_a_signed_in_session_is_not_a_token(catalogue, bosai_operator):
    browser = login_staff(Client(enforce_csrf_checks=True), bosai_operator)
    response = call(browser, "package_delete", {"id": "aed"})
    assert response.status_code == 403
    assert Dataset.objects.get(name="aed").state == "active"
    assert call(browser, "package_show", {"id": "draft-plan"}).status_code == 403


def test_token_writes_need_no_csrf_token(catalogue, secret):
    strict = Client(enforce_csrf_checks=True)
    response = call(strict, "package_patch", {"id": "aed", "notes": "CSRF不要"}, secret=secret)
    assert response.status_code == 200
    assert Dataset.objects.get(name="aed").notes == "CSRF不要"
