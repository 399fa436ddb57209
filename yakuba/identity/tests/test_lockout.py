"""Repeated failures lock sign-in for the account and address on both doors (django-axes)."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from .helpers import code_for, enrolled_device, post_citizen_password, post_staff_password

pytestmark = pytest.mark.django_db

LOCKED = "ログインに連続して失敗したため、15分間ログインできません"


def _text(response) -> str:
    return response.content.decode()


def test_citizen_door_locks_after_five_failures(client, citizen):
    for _attempt in range(4):
        assert post_citizen_password(client, citizen.email, "wrong-password").status_code == 200

    fifth = post_citizen_password(client, citizen.email, "wrong-password")

    assert fifth.status_code == 429
    assert LOCKED in _text(fifth)
    assert "パスワードを再設定する" in _text(fifth)
    right = post_citizen_password(client, citizen.email)
    assert right.status_code == 429
    assert SESSION_KEY not in client.session


def test_citizen_lockout_is_per_account(client, citizen, db):
    from .factories import CitizenFactory

    other = CitizenFactory()
    for _attempt in range(5):
        post_citizen_password(client, citizen.email, "wrong-password")

    response = post_citizen_password(client, other.email)

    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == other.pk


def test_staff_door_locks_after_five_wrong_passwords(client, clerk_a):
    enrolled_device(clerk_a)
    for _attempt in range(4):
        assert post_staff_password(client, clerk_a, "wrong-password").status_code == 200

    fifth = post_staff_password(client, clerk_a, "wrong-password")

    assert fifth.status_code == 429
    assert LOCKED in _text(fifth)
    assert "職員課（システム管理者）に連絡" in _text(fifth)
    assert post_staff_password(client, clerk_a).status_code == 429


def test_staff_door_locks_after_five_wrong_codes(client, clerk_a):
    device = enrolled_device(clerk_a)
    post_staff_password(client, clerk_a)
    wrong = str((int(code_for(device)) + 500_000) % 1_000_000).zfill(6)
    for _attempt in range(4):
        response = client.post(reverse("console:totp_verify"), {"code": wrong})
        assert response.status_code == 200

    fifth = client.post(reverse("console:totp_verify"), {"code": wrong})

    assert fifth.status_code == 429
    assert LOCKED in _text(fifth)
    # The half-finished sign-in is gone and the password step is refused too.
    assert client.get(reverse("console:totp_verify"))["Location"] == reverse("console:login")
    assert post_staff_password(client, clerk_a).status_code == 429
    assert SESSION_KEY not in client.session


def test_citizen_at_staff_door_counts_towards_lockout(client, citizen):
    for _attempt in range(4):
        post_staff_password(client, citizen)

    assert post_staff_password(client, citizen).status_code == 429
