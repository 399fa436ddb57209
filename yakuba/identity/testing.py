"""Test helpers for signing in the standing cast (used by every module's tests)."""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from yakuba.identity.models import User


def login_staff(client: Client, user: User) -> Client:
    """Sign a staff member in with a confirmed TOTP device, as after a real second factor."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="default", defaults={"confirmed": True}
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def login_citizen(client: Client, user: User) -> Client:
    client.force_login(user)
    return client
