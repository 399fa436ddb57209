"""System check: tell operators (``check --deploy``) when attachments are not virus-scanned."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def attachments_scanned(app_configs=None, **kwargs):
    """An informational note, not a failure: without clamd, attachments are stored and
    marked 未検査 so that staff know (docs/modules/applications-attachments.md)."""
    if getattr(settings, "YAKUBA_CLAMD_ADDRESS", ""):
        return []
    return [
        checks.Info(
            "No virus scanner is configured: attachments of online applications are not scanned.",
            hint="Set YAKUBA_CLAMD_ADDRESS (e.g. unix:///run/clamav/clamd.ctl; Debian package "
            "clamav-daemon).",
            id="applications.I001",
        )
    ]
