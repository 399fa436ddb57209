"""The VAPID key: configured PEM, generated once outside production, refused unset in production."""

from __future__ import annotations

import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.exceptions import ImproperlyConfigured

from yakuba.alerts.channels import vapid


@pytest.fixture
def production(settings):
    """``production(NAME=value, …)``: those settings under the production settings module.

    SETTINGS_MODULE is set last: every later override_settings layer reads it as None.
    """

    def apply(**overrides):
        for name, value in overrides.items():
            setattr(settings, name, value)
        settings.DEBUG = False
        settings.SETTINGS_MODULE = "config.settings.prod"

    return apply


def test_generated_once_under_var_and_reused(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    settings.YAKUBA_VAPID_PRIVATE_KEY_FILE = ""
    first = vapid.public_key()
    path = tmp_path / "var" / "vapid-private.pem"
    assert path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert vapid.public_key() == first
    assert list((tmp_path / "var").iterdir()) == [path]  # no temporary file left behind


def test_a_configured_pem_file_is_used(settings, tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    pem = tmp_path / "city-vapid.pem"
    pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    settings.YAKUBA_VAPID_PRIVATE_KEY_FILE = str(pem)
    raw = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    import base64

    assert vapid.public_key() == base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def test_never_generated_in_production(production, tmp_path):
    production(BASE_DIR=tmp_path, YAKUBA_VAPID_PRIVATE_KEY_FILE="")
    assert vapid.is_production()
    with pytest.raises(ImproperlyConfigured):
        vapid.load()
    assert not (tmp_path / "var").exists()


def test_system_check_fails_in_production_without_a_key(production, tmp_path):
    production(YAKUBA_VAPID_PRIVATE_KEY_FILE="")
    assert [error.id for error in vapid.vapid_key_configured()] == ["alerts.E001"]
    production(YAKUBA_VAPID_PRIVATE_KEY_FILE=str(tmp_path / "missing.pem"))
    assert [error.id for error in vapid.vapid_key_configured()] == ["alerts.E002"]
    (tmp_path / "missing.pem").write_text("x")
    assert vapid.vapid_key_configured() == []


def test_system_check_is_quiet_outside_production(settings):
    settings.YAKUBA_VAPID_PRIVATE_KEY_FILE = ""
    assert not vapid.is_production()
    assert vapid.vapid_key_configured() == []


def test_a_key_that_is_not_p256_is_refused(settings, tmp_path):
    pem = tmp_path / "wrong.pem"
    pem.write_bytes(
        ec.generate_private_key(ec.SECP384R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    settings.YAKUBA_VAPID_PRIVATE_KEY_FILE = str(pem)
    with pytest.raises(ImproperlyConfigured, match="P-256"):
        vapid.load()


@pytest.mark.django_db
def test_pages_do_not_fail_when_production_lacks_the_key(client, production, categories):
    production(YAKUBA_VAPID_PRIVATE_KEY_FILE="")
    from django.urls import reverse

    assert client.get(reverse("portal:alert_push:page")).status_code == 200
    response = client.get(reverse("portal:alert_push:public_key"))
    assert response.status_code == 503 and response.json()["ok"] is False
