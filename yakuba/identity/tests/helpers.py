"""Helpers shared by the identity tests."""

from __future__ import annotations

import time

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .factories import PASSWORD


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The 6-digit code an authenticator app shows now (or ``steps_ahead`` periods later)."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return str(value).zfill(device.digits)


def enrolled_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def post_staff_password(client, user, password: str = PASSWORD, **extra):
    return client.post(
        reverse("console:login"), {"username": user.email, "password": password, **extra}
    )


def post_citizen_password(client, email: str, password: str = PASSWORD, **extra):
    return client.post(reverse("portal:login"), {"username": email, "password": password, **extra})


def now() -> int:
    return int(time.time())
