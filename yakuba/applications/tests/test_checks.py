"""The deploy check about the virus scanner, and the settings' refusal of a bad address."""

from __future__ import annotations

import os
import subprocess
import sys

from django.test import override_settings

from yakuba.applications.checks import attachments_scanned


def test_no_scanner_is_reported_as_information():
    with override_settings(YAKUBA_CLAMD_ADDRESS=""):
        [message] = attachments_scanned()
    assert message.id == "applications.I001"


def test_a_configured_scanner_is_not_reported():
    with override_settings(YAKUBA_CLAMD_ADDRESS="tcp://127.0.0.1:3310"):
        assert attachments_scanned() == []


def _load_settings(address: str) -> subprocess.CompletedProcess:
    env = dict(
        os.environ, YAKUBA_CLAMD_ADDRESS=address, DJANGO_SETTINGS_MODULE="config.settings.test"
    )
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_settings_refuse_an_address_without_scheme_or_port():
    for address in ("127.0.0.1:3310", "tcp://clamd", "http://clamd:3310"):
        result = _load_settings(address)
        assert result.returncode != 0, address
        assert "YAKUBA_CLAMD_ADDRESS must be tcp://host:port or unix:///" in result.stderr


def test_settings_accept_tcp_and_unix_addresses():
    for address in ("tcp://127.0.0.1:3310", "unix:///run/clamav/clamd.ctl"):
        assert _load_settings(address).returncode == 0, address
