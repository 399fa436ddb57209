"""System check: tell operators (``check --deploy``) when no My Number key is configured."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def mynumber_key_configured(app_configs=None, **kwargs):
    """An informational note, not a failure: the vault is optional until numbers are recorded."""
    if getattr(settings, "YAKUBA_MYNUMBER_KEYRING", None) is not None:
        return []
    return [
        checks.Info(
            "No My Number key is configured: the vault refuses every operation.",
            hint="Set YAKUBA_MYNUMBER_KEYS or YAKUBA_MYNUMBER_KEY_FILE (docs/modules/vault.md).",
            id="vault.I001",
        )
    ]
