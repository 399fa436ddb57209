"""Fixtures and helpers shared by the kiosk tests (``from .test_kiosk_support import *``).

A kiosk enrolled through the real enrolment service, a resident with an emulated card
(P-256 keys, PIN 1234), the demo city's profile, service hours around the clock (so the
suite passes at any hour; the hours tests set their own), demo mode on.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

AUTH_PIN = "1234"


@pytest.fixture(autouse=True)
def kiosk_settings(settings, tmp_path):
    settings.YAKUBA_JPKI_DIR = tmp_path / "jpki"
    settings.YAKUBA_CERTIFICATES_DIR = tmp_path / "certificates"
    settings.YAKUBA_JPKI_DEMO = True
    settings.YAKUBA_KIOSK_SERVICE_HOURS = "00:00-24:00"
    settings.YAKUBA_KIOSK_IDLE_SECONDS = 90
    return settings


@pytest.fixture
def city(db):
    from yakuba.core.testing import demo_municipality

    with demo_municipality(mayor_name="山田 一郎") as profile:
        yield profile


@pytest.fixture
def kiosk(db):
    from yakuba.certificates.services.kiosks import issue_enrolment_token
    from yakuba.certificates.tests.factories import KioskFactory

    row = KioskFactory(code="K0001", name="武蔵村山本町店")
    row.enrolment_token = issue_enrolment_token(None, row.pk)
    return row


def enrol(client, kiosk) -> None:
    """Enrol the test client's "device" as ``kiosk`` through the real enrolment page."""
    from yakuba.certificates.services.kiosks import issue_enrolment_token

    token = issue_enrolment_token(None, kiosk.pk)
    response = client.post(reverse("portal:kiosk:enrol", args=[token]))
    assert response.status_code == 200, response.content.decode()[:500]


@pytest.fixture
def device(client, kiosk):
    enrol(client, kiosk)
    return client


@pytest.fixture
def holder(db, city):
    from yakuba.residents.tests.factories import PersonFactory

    return PersonFactory(
        family_name="村山",
        given_name="花子",
        family_name_kana="ムラヤマ",
        given_name_kana="ハナコ",
        sex="female",
        birth_date=datetime.date(1980, 4, 2),
    )


@pytest.fixture
def card(holder):
    from yakuba.jpki.services import issue_card

    return issue_card(None, holder.pk, auth_pin=AUTH_PIN, sign_pin="ABC123", key_algorithm="p256")


def slot_of(card) -> str:
    from yakuba.certificates.web.kiosk.lookups import slot_token

    return slot_token(card.card_number)


def state_of(client) -> dict:
    from yakuba.certificates.web.kiosk.session import STATE_KEY

    return dict(client.session.get(STATE_KEY) or {})


def url(name: str, *args) -> str:
    return reverse(f"portal:kiosk:{name}", args=args)


def start(client, language: str = "ja"):
    return client.post(url("start"), {"language": language})


def sign_in(client, card, pin: str = AUTH_PIN, language: str = "ja"):
    """Language → card → PIN; returns the PIN response."""
    assert start(client, language).status_code == 302
    assert client.post(url("card"), {"card": slot_of(card)}).status_code == 302
    return client.post(url("pin"), {"pin": pin})


def choose(client, kind: str = "residence", options: dict | None = None, copies: int = 1):
    """Kind → options → copies (from a signed-in state); returns the copies response."""
    response = client.post(url("kind"), {"kind": kind})
    assert response.status_code == 302, response.content.decode()[:500]
    if kind != "seal":
        response = client.post(url("options"), options or {})
        assert response.status_code == 302, response.content.decode()[:800]
    return client.post(url("copies"), {"copies": copies, "action": "next"})
