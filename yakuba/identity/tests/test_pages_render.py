"""Every identity page renders for the person it is meant for (no template errors)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name",
    [
        "portal:login",
        "portal:signup",
        "portal:signup_done",
        "portal:password_reset",
        "portal:password_reset_done",
        "portal:password_reset_complete",
    ],
)
def test_public_citizen_pages(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert "<h1>" in response.content.decode()


@pytest.mark.parametrize(
    "url_name",
    [
        "portal:account",
        "portal:verification_required",
        "portal:password_change",
        "portal:password_change_done",
    ],
)
def test_pages_of_an_unverified_citizen(client, url_name):
    client.force_login(CitizenFactory(email_verified_at=None))

    response = client.get(reverse(url_name))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "url_name",
    ["console:recovery_codes", "console:password_change", "console:password_change_done"],
)
def test_pages_of_a_verified_staff_member(staff_client, clerk_a, url_name):
    response = staff_client(clerk_a).get(reverse(url_name))

    assert response.status_code == 200


def test_invalid_set_password_link_explains_itself(client, clerk_a):
    response = client.get(
        reverse("console:set_password", kwargs={"uidb64": "MQ", "token": "bad-token"})
    )

    assert response.status_code == 200
    assert "このリンクは使えません" in response.content.decode()


def test_set_password_link_is_refused_for_a_citizen(client, citizen):
    from yakuba.identity.services.accounts import staff_set_password_path

    response = client.get(staff_set_password_path(citizen), follow=True)

    assert response.context["validlink"] is False


def test_console_password_complete_page(client):
    response = client.get(reverse("console:set_password_complete"))

    assert response.status_code == 200
    assert reverse("console:login") in response.content.decode()
