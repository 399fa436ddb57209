"""Sessions end after inactivity: staff after YAKUBA_STAFF_IDLE_TIMEOUT, citizens later."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import override_settings
from django.urls import reverse

from yakuba.identity.middleware import LAST_SEEN_SESSION_KEY

pytestmark = pytest.mark.django_db

MESSAGE = "一定時間操作がなかったため、安全のためログアウトしました"


def _idle_for(client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time()) - seconds
    session.save()


@override_settings(YAKUBA_STAFF_IDLE_TIMEOUT=60)
def test_staff_session_expires_after_inactivity(staff_client, clerk_a):
    client = staff_client(clerk_a)
    assert client.get(reverse("console:recovery_codes")).status_code == 200
    _idle_for(client, 61)

    response = client.get(reverse("console:recovery_codes"), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("console:login"))
    assert MESSAGE in response.content.decode()
    assert SESSION_KEY not in client.session


@override_settings(YAKUBA_STAFF_IDLE_TIMEOUT=60)
def test_activity_keeps_the_staff_session_alive(staff_client, clerk_a):
    client = staff_client(clerk_a)
    _idle_for(client, 59)

    assert client.get(reverse("console:recovery_codes")).status_code == 200
    assert client.session[LAST_SEEN_SESSION_KEY] >= int(time.time()) - 1


@override_settings(YAKUBA_STAFF_IDLE_TIMEOUT=60, YAKUBA_CITIZEN_IDLE_TIMEOUT=3600)
def test_citizens_have_their_own_longer_limit(citizen_client, citizen):
    citizen_client.get(reverse("portal:account"))
    _idle_for(citizen_client, 600)

    assert citizen_client.get(reverse("portal:account")).status_code == 200

    _idle_for(citizen_client, 3601)
    response = citizen_client.get(reverse("portal:account"), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("portal:login"))
    assert MESSAGE in response.content.decode()
